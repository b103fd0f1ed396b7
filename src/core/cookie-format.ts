import { Decision, SERVICE_ID, TEXT_VERSION, type ConsentRecord } from './decision.js';
import { SUBJECT_ID } from './subject.js';

/**
 * The cookie's compact, versioned format (only cookie-safe characters, so js-cookie never
 * percent-encodes it):
 *
 *     1~<subject id>~<service>.<g|d>.<time, base 36>.<text version>!<service>.…
 *
 * Only remembered decisions are written; a decision for this page view stays in memory.
 */
export const FORMAT_VERSION = '1';
/** Browsers cap a cookie at 4096 bytes; anything near that was not written by us. */
export const MAX_COOKIE_LENGTH = 3800;

const ENTRY = new RegExp(`^(${SERVICE_ID.source.slice(1, -1)})\\.([gd])\\.([0-9a-z]{1,10})\\.(${TEXT_VERSION.source.slice(1, -1)})$`);

export interface CookieContent {
  subject?: string;
  records: ConsentRecord[];
}

export function serialize({ subject = '', records }: CookieContent): string {
  const entries = records
    .filter((r) => r.remembered && SERVICE_ID.test(r.service))
    .map((r) => `${r.service}.${r.decision === Decision.granted ? 'g' : 'd'}.${Math.round(r.at).toString(36)}.${r.version}`);
  return [FORMAT_VERSION, subject, entries.join('!')].join('~');
}

/** Thrown for a cookie that is not ours, corrupted, oversized or from a newer version. */
export class CookieFormatError extends Error {}

/**
 * Parses the cookie. Any part that does not match the format rejects the *whole* cookie:
 * a half-readable cookie may have been tampered with, and a guess must never become a grant.
 */
export function parse(raw: string, now: number): CookieContent {
  if (raw.length > MAX_COOKIE_LENGTH) throw new CookieFormatError(`it is ${raw.length} characters long (at most ${MAX_COOKIE_LENGTH})`);
  const parts = raw.split('~');
  if (parts.length !== 3) throw new CookieFormatError('it is not in consentkit format');
  const [version, subject, list] = parts as [string, string, string];
  if (version !== FORMAT_VERSION) throw new CookieFormatError(`format version "${version.slice(0, 8)}" is not ${FORMAT_VERSION}`);
  if (subject && !SUBJECT_ID.test(subject)) throw new CookieFormatError('the subject id is malformed');
  const records: ConsentRecord[] = [];
  const seen = new Set<string>();
  for (const entry of list ? list.split('!') : []) {
    const m = ENTRY.exec(entry);
    if (!m) throw new CookieFormatError(`entry "${entry.slice(0, 60)}" is malformed`);
    const [, service, code, time, textVersion] = m as unknown as [string, string, string, string, string];
    const at = parseInt(time, 36);
    if (seen.has(service)) throw new CookieFormatError(`service "${service}" appears twice`);
    if (at > now + 86_400_000) throw new CookieFormatError(`the decision for "${service}" is dated in the future`);
    seen.add(service);
    records.push({ service, decision: code === 'g' ? Decision.granted : Decision.denied, at, version: textVersion, remembered: true });
  }
  return { subject: subject || undefined, records };
}
