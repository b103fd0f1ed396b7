/**
 * The self-check: every request this page made to a third-party host before the visitor allowed
 * a service covering that host, with the element or script behind it, so a site owner can see in
 * their own browser that the page is clean. Started by `consentkit.audit()` or by `data-audit` on
 * the drop-in's script tag (which keeps watching); fetched only then, never part of the main
 * bundle.
 */
import { toUrl } from '../core/url.js';
import { getProvider } from '../providers/registry.js';
import { getStore, grantLog } from '../kit/runtime.js';
import { seenServices } from '../kit/services.js';

/** A request to a third-party host that started while no allowed service covered that host. */
export interface Leak {
  /** The URL requested (as resource timing names it). */
  url: string;
  host: string;
  /** Resource timing's `initiatorType`: `img`, `script`, `iframe`, `css`, `fetch`, … */
  initiatorType: string;
  /** When the request started, in ms since navigation start (the `performance.now()` timeline). */
  startTime: number;
  /** The element that asked for it, when one was found. */
  element?: Element;
  /** Who made it, selector-like: `<img src="…"> in <article#post>`, or why no element is known. */
  description: string;
}

export interface AuditResult {
  /** No leak: nothing went to a third-party host before consent. */
  clean: boolean;
  /** How many requests (to any host) were looked at. */
  checked: number;
  leaks: Leak[];
}

export interface AuditOptions {
  /**
   * Only requests that started at or after this moment (ms since navigation start, as
   * `performance.now()` tells it): say, since a single-page app changed route, or a test began.
   */
  since?: number;
  /** Keep watching: each later leak is reported once, a burst in one warning (what `data-audit` does). */
  watch?: boolean;
}

/** A burst of requests is one report: wait this long for quiet, but never longer than MAX_WAIT. */
const QUIET_MS = 250;
const MAX_WAIT_MS = 2000;

/**
 * Lists in the console (one `console.warn` and a table, or one `console.info` when clean) the
 * requests to third-party hosts made before consent, and resolves with them. With `watch`, it
 * resolves after the first report, once the page has loaded.
 */
export function audit(options: AuditOptions = {}): Promise<AuditResult> {
  getStore(); // remembered grants enter the grant log (at 0) when the store is created
  const since = options.since ?? 0;
  if (options.watch && !watching) return watch(since);
  const result = check(since);
  say(result, false);
  return Promise.resolve(result);
}

// ---- what counts as third party, and what consent covers ----

const IP = /^(\d{1,3}(\.\d{1,3}){3}|\[[\da-f:.]+\])$/i;
/** Second-level labels under a country code that are registries, not sites: example.co.uk. */
const REGISTRY = /^(co|com|net|org|gov|edu|ac|or|ne|go|gob|nic|ltd|plc)$/;

/**
 * The registrable domain, approximated without the public suffix list: the last two labels
 * (three under `co.uk`-like registries); localhost and IP addresses stand for themselves.
 */
export function site(host: string): string {
  const name = host.toLowerCase().replace(/\.$/, '');
  if (IP.test(name) || !name.includes('.')) return name;
  const labels = name.split('.');
  const take = labels.length > 2 && labels.at(-1)!.length === 2 && REGISTRY.test(labels.at(-2)!) ? 3 : 2;
  return labels.slice(-take).join('.');
}

/** The host of `url` when it is on another site than the page; data:, blob: and the like are not requests out. */
export function thirdPartyHost(url: string): string | undefined {
  const parsed = toUrl(url);
  if (!parsed || !/^(https?|wss?):$/.test(parsed.protocol)) return undefined;
  return site(parsed.hostname) === pageSite() ? undefined : parsed.hostname;
}

/** The page's own site; by its origin, which an about:srcdoc or about:blank page inherits. */
function pageSite(): string {
  return site(toUrl(self.origin)?.hostname ?? location.hostname);
}

/** Hosts a service's widget contacts: as its elements announced them, else its provider's. */
function hostsOf(service: string): string[] {
  return [...(seenServices().get(service)?.hosts ?? []), ...(getProvider(service)?.hosts ?? [])];
}

/** True when, at `time`, a service was allowed whose hosts cover `host` (that host or a subdomain of it). */
function covered(host: string, time: number): boolean {
  // Each service's state at `time` is its last entry before it: a withdrawal ends the cover.
  const state = new Map<string, boolean>();
  for (const g of grantLog()) if (g.at <= time) state.set(g.service, g.allowed);
  // Its hosts and their subdomains, not their whole site: YouTube's www.google.com must not cover an ad tag on *.google.com.
  return [...state].some(([service, on]) => on && hostsOf(service).some((h) => h === host || host.endsWith(`.${h}`)));
}

// ---- requests ----

/** Entries seen by the watcher: they stay even when the page clears or overflows its buffer. */
const kept = new Map<string, PerformanceResourceTiming>();
const keyOf = (e: { startTime: number; name: string }) => `${e.startTime} ${e.name}`;
/** Most entries the watcher keeps (third-party ones only): a long-lived page must not grow without end. */
const MAX_KEPT = 5000;
/** Drops the oldest entries of `map` beyond `max`. */
function trim(map: Map<string, unknown>, max: number): void {
  for (const key of map.keys()) {
    if (map.size <= max) return;
    map.delete(key);
  }
}

function requests(since: number): PerformanceResourceTiming[] {
  const all = new Map(kept);
  for (const e of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) all.set(keyOf(e), e);
  return [...all.values()].filter((e) => e.startTime >= since).sort((a, b) => a.startTime - b.startTime);
}

/** The page's leaks from `since` on, each with the element that made it when one is found. */
function check(since: number): AuditResult {
  const entries = requests(since);
  const found: Omit<Leak, 'description'>[] = [];
  for (const e of entries) {
    const host = thirdPartyHost(e.name);
    if (host && !covered(host, e.startTime)) found.push({ url: e.name, host, initiatorType: e.initiatorType, startTime: e.startTime });
  }
  const index = found.length ? elementsByUrl(new Set(found.map((l) => withoutHash(l.url)))) : new Map<string, Match[]>();
  const leaks = found.map((leak) => attribute(leak, index.get(withoutHash(leak.url)) ?? []));
  return { clean: leaks.length === 0, checked: entries.length, leaks };
}

// ---- attribution ----

/** An element's attribute that points to a URL the browser fetches. */
interface Match {
  element: Element;
  attr: string;
  value: string;
}

/** Links, forms and `<base>` name URLs that are only followed on a click, never fetched on their own. */
const NOT_FETCHING = new Set(['a', 'area', 'base', 'form']);
const URL_ATTRIBUTES = ['src', 'srcset', 'href', 'xlink:href', 'poster', 'data', 'imagesrcset', 'style'];

const withoutHash = (url: string) => url.split('#')[0]!;

/** The URLs `el` makes the browser fetch, by attribute (srcset candidates and CSS `url()` each). */
function urlsOf(el: Element): { attr: string; value: string; url: string }[] {
  if (NOT_FETCHING.has(el.localName)) return [];
  const out: { attr: string; value: string; url: string }[] = [];
  const add = (attr: string, value: string, ref: string) => {
    const url = toUrl(ref.trim(), el.baseURI);
    if (url) out.push({ attr, value, url: withoutHash(url.href) });
  };
  for (const attr of URL_ATTRIBUTES) {
    const value = el.getAttribute(attr);
    if (!value) continue;
    if (attr === 'srcset' || attr === 'imagesrcset') for (const part of value.split(',')) add(attr, value, part.trim().split(/\s+/)[0] ?? '');
    else if (attr === 'style') for (const [, , ref] of value.matchAll(/url\(\s*(['"]?)(.*?)\1\s*\)/g)) add(attr, value, ref!);
    else add(attr, value, value);
  }
  const current = (el as Partial<HTMLImageElement>).currentSrc;
  if (current) add('src', el.getAttribute('src') ?? current, current);
  return out;
}

/** Every element (light DOM and open shadow roots) pointing to one of `wanted`, by URL. */
function elementsByUrl(wanted: Set<string>): Map<string, Match[]> {
  const index = new Map<string, Match[]>();
  const visit = (root: Document | ShadowRoot) => {
    for (const element of root.querySelectorAll('*')) {
      for (const { attr, value, url } of urlsOf(element)) {
        if (!wanted.has(url)) continue;
        const list = index.get(url) ?? [];
        if (!list.some((m) => m.element === element)) list.push({ element, attr, value });
        index.set(url, list);
      }
      if (element.shadowRoot) visit(element.shadowRoot);
    }
  };
  visit(document);
  return index;
}

/** Long URLs are cut: the table has the whole one. */
const short = (value: string) => (value.length > 90 ? `${value.slice(0, 89)}…` : value);

/** `<tag#id attr="value">`; consentkit elements with their provider, other elements with their first class when they have no id. */
function label(el: Element, attr?: string, value?: string): string {
  const id = el.id ? `#${el.id}` : el.classList.length ? `.${el.classList[0]}` : '';
  const provider = el.localName.startsWith('ck-') && el.hasAttribute('provider') ? ` provider="${el.getAttribute('provider')}"` : '';
  return `<${el.localName}${id}${provider}${attr ? ` ${attr}="${short(value ?? '')}"` : ''}>`;
}

/**
 * Where `el` sits: its nearest ancestor with an id, else its parent (and `<body>` or `<head>`),
 * and the host when that is in a shadow root.
 */
function where(el: Element): string {
  const parent = el.parentNode;
  const near = parent instanceof Element ? label(parent) : undefined;
  let place: string | undefined;
  for (let node = parent; node; node = node.parentNode) {
    if (node instanceof ShadowRoot) return `${place ?? near ?? ''}${place ?? near ? ' in ' : ''}the shadow root of ${label(node.host)}`;
    if (!(node instanceof Element)) break;
    if (!place && node.id) place = label(node);
    if (!place && (node.localName === 'body' || node.localName === 'head')) place = node === parent ? label(node) : `${near} in ${label(node)}`;
  }
  if (!el.isConnected) return `${near ?? 'nothing'}, outside the document`;
  return place ?? near ?? 'the document';
}

/** What the mutation log knows about an element that got a third-party URL. */
interface Insertion {
  element: Element;
  /** ms since navigation start. */
  at: number;
  how: 'inserted' | 'set';
  /** Said when it happened, so it still reads right once the element is gone. */
  what: string;
  where: string;
}
const insertions = new Map<string, Insertion[]>();

const when = (i: Insertion) => `${i.how === 'inserted' ? 'inserted' : 'its URL set'} at ${Math.round(i.at)} ms`;

/** The logged insertion of `url` closest to the request's start (of `element`, when given). */
function closest(url: string, startTime: number, element?: Element): Insertion | undefined {
  const list = (insertions.get(url) ?? []).filter((i) => !element || i.element === element);
  return list.sort((a, b) => Math.abs(a.at - startTime) - Math.abs(b.at - startTime))[0];
}

/** Describes who made the request: the element, its place and when it came, or what else can have. */
function attribute(leak: Omit<Leak, 'description'>, matches: Match[]): Leak {
  const url = withoutHash(leak.url);
  const [match] = matches;
  if (match) {
    const logged = closest(url, leak.startTime, match.element);
    const more = matches.length > 1 ? ` (and ${matches.length - 1} more element${matches.length > 2 ? 's' : ''})` : '';
    return { ...leak, element: match.element, description: `${label(match.element, match.attr, match.value)} in ${where(match.element)}${logged ? `, ${when(logged)}` : ''}${more}` };
  }
  const gone = closest(url, leak.startTime);
  if (gone) return { ...leak, element: gone.element, description: `${gone.what} in ${gone.where}, ${when(gone)}, since removed from the document` };
  const type = leak.initiatorType;
  const why =
    type === 'css'
      ? 'requested by a stylesheet (url(), @import, @font-face)'
      : ['img', 'fetch', 'xmlhttprequest', 'beacon', 'other'].includes(type)
        ? 'made by a script (new Image(), fetch, sendBeacon)'
        : `its <${type}> was removed, sits in a closed shadow root, or a script made it`;
  return { ...leak, description: `not in the document: ${why}; initiatorType "${type}"` };
}

// ---- the console ----

function say(result: AuditResult, later: boolean): void {
  const { leaks, checked } = result;
  if (!leaks.length) {
    console.info(`consentkit audit: no request to a third-party host before consent; ${checked} request${checked === 1 ? '' : 's'} checked.`);
    return;
  }
  const n = leaks.length;
  const lines = leaks.map((l) => `\n  ${l.url}\n    ${l.initiatorType} at ${Math.round(l.startTime)} ms: ${l.description}`);
  // The elements go along as arguments: the browser's console links them to the page.
  const elements = leaks.flatMap((l) => (l.element ? [l.element] : []));
  console.warn(`consentkit audit: ${n} ${later ? 'more ' : ''}request${n === 1 ? '' : 's'} to a third-party host before consent (${checked} checked):${lines.join('')}`, ...elements);
  console.table(leaks.map((l) => ({ url: l.url, host: l.host, initiatorType: l.initiatorType, 'start (ms)': Math.round(l.startTime), element: l.description })));
}

// ---- watch mode ----

let watching = false;

/** Notes the third-party URLs `el` got by insertion or by a changed attribute (`attr`). */
function note(el: Element, how: Insertion['how'], at: number, attr?: string): void {
  for (const u of urlsOf(el)) {
    if ((attr && u.attr !== attr && !u.attr.endsWith(`:${attr}`)) || !thirdPartyHost(u.url)) continue;
    const list = insertions.get(u.url) ?? [];
    list.push({ element: el, at, how, what: label(el, u.attr, u.value), where: where(el) });
    if (list.length > 10) list.shift(); // the latest few name the cause well enough
    insertions.set(u.url, list);
    trim(insertions, MAX_KEPT);
  }
}

/**
 * Watches from now on: resource timing (the buffer raised, so early requests are not dropped)
 * and a mutation log, so a late-inserted element can be named with the moment it came. The first
 * report waits for the page's load; later ones list only new leaks.
 */
function watch(since: number): Promise<AuditResult> {
  try {
    performance.setResourceTimingBufferSize(5000);
  } catch {
    // not every browser lets a page raise it; the observer below still sees every request
  }
  return new Promise((resolve) => {
    const reported = new Set<string>();
    let first = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let burstStart = 0;
    const flush = () => {
      timer = undefined;
      burstStart = 0;
      const result = check(since);
      const fresh = result.leaks.filter((l) => !reported.has(keyOf({ name: l.url, startTime: l.startTime })));
      for (const l of fresh) reported.add(keyOf({ name: l.url, startTime: l.startTime }));
      if (first) {
        first = false;
        say(result, false);
        resolve(result);
      } else if (fresh.length) say({ clean: false, checked: result.checked, leaks: fresh }, true);
    };
    const schedule = () => {
      if (document.readyState !== 'complete') return; // the load listener brings the first report
      const now = performance.now();
      burstStart ||= now;
      clearTimeout(timer);
      timer = setTimeout(flush, Math.max(0, Math.min(QUIET_MS, burstStart + MAX_WAIT_MS - now)));
    };
    const resources = new PerformanceObserver((list) => {
      for (const e of list.getEntries() as PerformanceResourceTiming[]) if (thirdPartyHost(e.name)) kept.set(keyOf(e), e);
      trim(kept, MAX_KEPT);
      schedule();
    });
    resources.observe({ type: 'resource', buffered: true });
    const mutations = new MutationObserver((records) => {
      const at = performance.now();
      for (const r of records) {
        if (r.type === 'attributes') note(r.target as Element, 'set', at, r.attributeName!);
        else
          for (const node of r.addedNodes) {
            if (!(node instanceof Element)) continue;
            note(node, 'inserted', at);
            for (const el of node.querySelectorAll('*')) note(el, 'inserted', at);
          }
      }
    });
    mutations.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: URL_ATTRIBUTES });
    addEventListener('load', schedule, { once: true });
    schedule();
    watching = true; // for the rest of the page's life
  });
}

