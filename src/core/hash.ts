/**
 * Short, stable, synchronous hash of a text, as lower-case base-36 (up to 11 characters).
 * It identifies *which* text a visitor saw (a text version), it is not a security measure:
 * two 32-bit FNV-1a lanes with different seeds give 53 bits, plenty to tell versions apart.
 * Synchronous on purpose: crypto.subtle is async and missing on plain-http origins.
 */
export function textVersion(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  // 21 bits of one lane on top of the 32 of the other stay within Number.MAX_SAFE_INTEGER.
  return ((b >>> 11) * 2 ** 32 + (a >>> 0)).toString(36);
}

/** Lower-case hex SHA-256 of a text, or undefined where WebCrypto is missing (insecure contexts). */
export async function sha256(text: string): Promise<string | undefined> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return undefined;
  const digest = new Uint8Array(await subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return `sha256:${Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
