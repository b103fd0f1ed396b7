/**
 * Google Consent Mode v2, DOM-free: which consentkit services grant which Google consent signal,
 * and what to tell Google tags. The page side is src/consent-mode/consent-mode.ts (bundlers) and
 * src/consent-mode/classic.ts (a classic script before the Google tag); both share this.
 * https://developers.google.com/tag-platform/security/guides/consent
 *
 * No zod here: the classic script bundles this file and must stay small (about 1.5 KB gzipped).
 */
import { SERVICE_ID } from './decision.js';

/** The four signals of Consent Mode v2. Every `default` and `update` carries all four: one left unset is not a denied one. */
export const REQUIRED_SIGNALS = ['ad_storage', 'analytics_storage', 'ad_user_data', 'ad_personalization'] as const;

/** Every signal a site may map; the last three are sent only when mapped. */
export const SIGNALS = [...REQUIRED_SIGNALS, 'functionality_storage', 'personalization_storage', 'security_storage'] as const;
export type ConsentSignal = (typeof SIGNALS)[number];

/** Signal → the consentkit service ids that grant it. */
export type ConsentMapping = Partial<Record<ConsentSignal, readonly string[]>>;

/** What Google tags are told: one state per signal. */
export type ConsentState = Partial<Record<ConsentSignal, 'granted' | 'denied'>>;

/** Analytics from the `analytics` service; all three advertising signals from `ads`. */
export const defaultMapping: Readonly<ConsentMapping> = Object.freeze({
  ad_storage: ['ads'],
  analytics_storage: ['analytics'],
  ad_user_data: ['ads'],
  ad_personalization: ['ads'],
});

/**
 * The state for `mapping` when `allowed` says which services may run. A signal is granted when
 * ANY of its services is allowed: a site that maps `ad_storage` to `["ads", "remarketing"]` means
 * "either of them needs ad cookies", not "only both together". A signal mapped to no service, and
 * any of the four required ones left out of `mapping`, stays denied.
 */
export function consentState(mapping: ConsentMapping, allowed: (service: string) => boolean): ConsentState {
  const state: ConsentState = {};
  for (const signal of SIGNALS) {
    const services = mapping[signal];
    if (services || (REQUIRED_SIGNALS as readonly string[]).includes(signal)) state[signal] = services?.some(allowed) ? 'granted' : 'denied';
  }
  return state;
}

/** The adapter's options, as a site gives them. */
export interface ConsentModeOptions {
  /** Signal → service ids, laid over {@link defaultMapping}. */
  mapping?: ConsentMapping;
  /** How long (ms) Google tags wait for the first `update` before firing with the default; 500. */
  waitForUpdate?: number;
  /** The global array Google's tag reads (`l=` of gtag.js); `dataLayer`. */
  dataLayerName?: string;
}

/** A value as the site wrote it, for an error message (`JSON.stringify(NaN)` would say `null`). */
const show = (value: unknown): string => (typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value)));

/** The options to use, and what was wrong with the site's. */
export interface CheckedOptions {
  mapping: ConsentMapping;
  waitForUpdate: number;
  dataLayerName: string;
  errors: string[];
}

/**
 * Checks a site's options. The mapping is laid over {@link defaultMapping}: a signal it leaves
 * out keeps its default services. An entry that is not a list of service ids maps its signal to
 * nothing, so it stays denied (never granted by mistake); an unknown signal name is dropped;
 * other invalid options fall back to their defaults. `label` names an option or signal in the
 * errors the way the site wrote it (e.g. `data-ad-storage`).
 */
export function checkOptions(input: ConsentModeOptions = {}, label: (name: string) => string = (name) => `"${name}"`): CheckedOptions {
  const result: CheckedOptions = { mapping: { ...defaultMapping }, waitForUpdate: 500, dataLayerName: 'dataLayer', errors: [] };
  const { mapping, waitForUpdate, dataLayerName } = input;
  if (waitForUpdate !== undefined) {
    if (Number.isInteger(waitForUpdate) && waitForUpdate >= 0) result.waitForUpdate = waitForUpdate;
    else result.errors.push(`${label('waitForUpdate')}: must be a whole number of milliseconds, not ${show(waitForUpdate)}; using 500`);
  }
  if (dataLayerName !== undefined) {
    if (typeof dataLayerName === 'string' && /^[A-Za-z_$][\w$]{0,63}$/.test(dataLayerName)) result.dataLayerName = dataLayerName;
    else result.errors.push(`${label('dataLayerName')}: must be a JavaScript name such as "dataLayer", not ${show(dataLayerName)}; using "dataLayer"`);
  }
  if (mapping === undefined) return result;
  if (typeof mapping !== 'object' || mapping === null || Array.isArray(mapping)) {
    result.errors.push(`${label('mapping')}: must be an object of signal → service ids, e.g. {"analytics_storage": ["analytics"]}; using the default mapping`);
    return result;
  }
  for (const [signal, services] of Object.entries(mapping) as [string, unknown][]) {
    if (!(SIGNALS as readonly string[]).includes(signal)) {
      result.errors.push(`${label(signal)}: not a Consent Mode signal (${SIGNALS.join(', ')}); ignoring it`);
      continue;
    }
    const bad = Array.isArray(services) ? services.find((id) => typeof id !== 'string' || !SERVICE_ID.test(id)) : undefined;
    if (!Array.isArray(services)) result.errors.push(`${label(signal)}: must be a list of service ids, not ${show(services)}; the signal stays denied`);
    else if (bad !== undefined) result.errors.push(`${label(signal)}: ${JSON.stringify(bad)} is not a service id (lower-case letters, digits and dashes); the signal stays denied`);
    result.mapping[signal as ConsentSignal] = Array.isArray(services) && bad === undefined ? [...(services as string[])] : [];
  }
  return result;
}

/** A gtag-style function: `gtag('consent', 'default' | 'update', state)`. */
export type Gtag = (command: 'consent', action: 'default' | 'update', params: Record<string, unknown>) => void;

/** Where the page's Google tag lives: `window`, as far as this file needs it. */
export type GtagHost = { gtag?: unknown } & Record<string, unknown>;

/**
 * A gtag for `host`: the page's own `gtag` when it has defined one by the time of the call (it
 * knows its data layer), else a push of the `arguments` object to `host[dataLayerName]`. Google's
 * tag reads only Arguments objects as commands; a pushed array would be taken for an event.
 */
export function gtagOf(host: GtagHost, dataLayerName = 'dataLayer'): Gtag {
  return function gtag() {
    if (typeof host.gtag === 'function') return void host.gtag(...arguments);
    const layer = (host[dataLayerName] ??= []) as { push(entry: unknown): unknown };
    layer.push(arguments);
  } as Gtag;
}

/**
 * Tells `gtag` the default at once (every mapped signal denied, and how long tags should wait for
 * an update), and returns `sync`: call it whenever consent may have changed. It sends an `update`
 * with the whole state when the state differs from the last one sent, so a first call right away
 * reports remembered grants, and a withdrawal is reported like a grant; changes to services
 * outside the mapping send nothing.
 */
export function signalConsent(mapping: ConsentMapping, allowed: (service: string) => boolean, gtag: Gtag, waitForUpdate = 500): () => void {
  const denied = consentState(mapping, () => false);
  gtag('consent', 'default', { ...denied, wait_for_update: waitForUpdate });
  let last = JSON.stringify(denied);
  return () => {
    const state = consentState(mapping, allowed);
    const now = JSON.stringify(state);
    if (now === last) return;
    last = now;
    gtag('consent', 'update', state);
  };
}
