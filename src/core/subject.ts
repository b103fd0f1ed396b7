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
