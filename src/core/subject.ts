/**
 * A pseudonymous subject id for consent proofs: 128 random bits, base-36. It is never derived
 * from anything about the visitor (no user agent, IP, time or fingerprint).
 */
export function newSubjectId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let id = '';
  for (const byte of bytes) id += byte.toString(36).padStart(2, '0');
  return id;
}

/** Subject ids as this library writes them: 32 base-36 characters. */
export const SUBJECT_ID = /^[0-9a-z]{32}$/;

/** A random (version 4) UUID; crypto.randomUUID is missing on plain-http pages, getRandomValues is not. */
export function uuid(): string {
  if (typeof crypto.randomUUID === 'function' && globalThis.isSecureContext !== false) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
