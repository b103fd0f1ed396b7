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
