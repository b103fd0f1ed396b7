import type { Localized } from '../core/i18n.js';

/** Services the elements on this page gate, announced as they resolve their providers. */

/** A service as the privacy center lists it. */
export interface ServiceInfo {
  id: string;
  name: string;
  /** Who receives the data; empty for a purpose of the site's own. */
  company: string;
  address: string;
  privacyUrl: string;
  /** What data goes to the company. */
  data: Localized;
  /** Hosts the service's content or script contacts (when known): what `audit()` accepts after consent. */
  hosts?: string[];
  /** Why the site uses it (`embed`, `chat`, …); recorded in proofs. */
  purpose: string;
  /** A purpose of the site's own (a chat gate's extra checkbox), not a third party. */
  own?: boolean;
  /**
   * The privacy center may allow it: a built-in provider or the site's own purpose. Generic
   * services (`iframe`, `script`) are allowed where they are shown, on the exact text naming
   * their company and host; push only through its prompt (the browser must grant permission).
   * Gated scripts announce themselves as allowable: they have no placeholder.
   */
  allowable?: boolean;
}

/** A service nobody names a company for (a purpose of the site's own, push, a gated script): the blanks filled. */
export function plainService(id: string, fields: Partial<ServiceInfo> = {}): ServiceInfo {
  return { id, name: id, company: '', address: '', privacyUrl: '', data: '', purpose: id, ...fields };
}

const seen = new Map<string, ServiceInfo>();
const seenListeners = new Set<() => void>();

/** An element on this page gates `info.id`: the privacy center lists it. */
export function noteService(info: ServiceInfo): void {
  const before = seen.get(info.id);
  if (before && same(before, info)) return;
  seen.set(info.id, info);
  seenListeners.forEach((listener) => listener());
}

/** Field by field: 200 elements announcing one service compare references, not serialisations. */
function same(a: ServiceInfo, b: ServiceInfo): boolean {
  const keys = Object.keys(a) as (keyof ServiceInfo)[];
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => a[k] === b[k] || (typeof a[k] === 'object' && JSON.stringify(a[k]) === JSON.stringify(b[k])));
}

/** The services announced by this page's elements, by id. */
export function seenServices(): ReadonlyMap<string, ServiceInfo> {
  return seen;
}

/** Calls `listener` when an element announces a service; returns the unsubscribe. */
export function onServicesChange(listener: () => void): () => void {
  seenListeners.add(listener);
  return () => void seenListeners.delete(listener);
}


/** Forgets the announced services; for tests. */
export function forgetServices(): void {
  seen.clear();
}
