/** Parses a URL (relative ones against `base`), or undefined when it is not one. Never throws. */
export function toUrl(value: string, base?: string): URL | undefined {
  try {
    return new URL(value, base);
  } catch {
    return undefined;
  }
}

/** True for an absolute https URL whose host is one of `hosts` (any host when none are given). */
export function isHttpsOn(value: string, hosts: readonly string[] = []): boolean {
  const url = toUrl(value);
  return url?.protocol === 'https:' && (hosts.length === 0 || hosts.includes(url.hostname));
}

const RELATIVE = 'relative.invalid';

/**
 * The URL in the form the browser reads it, or undefined when it is not one; relative references
 * stay relative. Emit this, never the raw string: the URL parser drops tabs and newlines, so a raw
 * value that validated can still carry a line break (and markup after it) into what quotes it.
 */
export function normalUrl(value: string): string | undefined {
  const url = toUrl(value, `https://${RELATIVE}/`);
  if (!url) return undefined;
  if (url.hostname !== RELATIVE) return toUrl(value) ? url.href : url.href.slice(url.protocol.length); // absolute, or `//host/…`
  // What the parser ignores, it ignores here too: tabs and newlines anywhere, controls and spaces around.
  const ref = value.replace(/[\t\n\r]/g, '').replace(/^[\0- ]+|[\0- ]+$/g, '');
  if (/^[/\\]/.test(ref)) return url.pathname + url.search + url.hash; // `/path`: resolved exactly against any host
  // `page`, `../page`, `?query`, `#part`: kept as written, with everything a URL may not contain raw percent-encoded.
  const cut = ref.search(/[?#]/);
  const [path, rest] = cut < 0 ? [ref, ''] : [ref.slice(0, cut), ref.slice(cut)];
  return (path.replace(/\\/g, '/') + rest).replace(/[^\w\-.~:/?#[\]@!$&'()*+,;=%]/gu, (c) => encodeURIComponent(/^[\uD800-\uDFFF]$/.test(c) ? '\uFFFD' : c));
}

/** True for a link a site may show: absolute http(s) or relative; never `javascript:` or `data:`. */
export function isSafeLink(value: string): boolean {
  return /^https?:$/.test(toUrl(value, `https://${RELATIVE}/`)?.protocol ?? '');
}
