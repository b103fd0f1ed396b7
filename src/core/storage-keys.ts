/**
 * Time-sorted keys in Web Storage, shared by the proof queue and the decisions waiting for their
 * proof. A module of its own: the page's loader writes a waiting decision without the queue's code.
 */

/** The slice of the Web Storage API the queue needs (localStorage in browsers). */
export type QueueStorage = Pick<Storage, 'length' | 'key' | 'getItem' | 'setItem' | 'removeItem'>;

/** A storage key that sorts by time: fixed-width base-36 milliseconds, then the record's id. */
export function timeKey(prefix: string, time: number, id: string): string {
  return `${prefix}${time.toString(36).padStart(9, '0')}:${id}`;
}

/** The keys of `storage` that start with `prefix`, sorted (oldest first for time-prefixed keys). */
export function keysWithPrefix(storage: QueueStorage, prefix: string): string[] {
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key?.startsWith(prefix)) keys.push(key);
  }
  return keys.sort();
}
