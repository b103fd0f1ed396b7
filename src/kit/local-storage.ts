import type { QueueStorage } from '../core/storage-keys.js';

let storage: QueueStorage | undefined;

/** localStorage, or (where it is blocked) memory with a warning: proofs then last for this page only. */
export function pageStorage(): QueueStorage {
  return (storage ??= openStorage());
}

function openStorage(): QueueStorage {
  try {
    const probe = 'consentkit:probe';
    localStorage.setItem(probe, '1');
    localStorage.removeItem(probe);
    return localStorage;
  } catch {
    console.warn('consentkit: localStorage is not available; unsent consent proofs will not survive this page.');
    const map = new Map<string, string>();
    return {
      get length() {
        return map.size;
      },
      key: (i) => [...map.keys()][i] ?? null,
      getItem: (k) => map.get(k) ?? null,
      setItem: (k, v) => void map.set(k, v),
      removeItem: (k) => void map.delete(k),
    };
  }
}
