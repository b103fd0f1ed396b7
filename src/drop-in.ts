/**
 * The drop-in script: one `<script src="consentkit.js">` watches the page for consentkit's tags
 * (fetching each element's code on first sight) and sets `window.consentkit` at once. It is only
 * that: the JS API's code — configuration checks, the consent store's write path, proofs — is
 * fetched when something needs it (a call below, a configuration with an endpoint, `data-audit`),
 * and `consentkit.ready` resolves with it. Elements fetch what they need themselves.
 */
import { defineAll, defineLazily, holdElements, loadElement } from './loader.js';
import { CONFIG_BLOCK, queuedConfig } from './core/queued-config.js';

type Api = typeof import('./index.js');
type Fn<K extends keyof Api> = Api[K] extends (...args: infer A) => infer R ? (...args: A) => R : never;
type Later<K extends keyof Api> = Api[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;

let api: Api | undefined;
let loading: Promise<Api> | undefined;

/** The JS API's code, fetched on first need. */
function ready(): Promise<Api> {
  return (loading ??= import('./index.js').then(
    (m) => (api = m),
    (e: unknown) => {
      loading = undefined; // a later call tries again
      console.error(`consentkit: the code of the JS API could not be loaded (${(e as Error).message}); check that the folder consentkit/ was copied next to consentkit.js.`);
      throw e;
    },
  ));
}

/** A call that resolves later anyway: made once the code is here. */
const later = <K extends keyof Api>(name: K): Later<K> =>
  ((...args: unknown[]) => ready().then((m) => (m[name] as (...a: unknown[]) => unknown)(...args))) as Later<K>;

/** A call that answers at once: it needs the code already here, and says so loudly when it is not. */
const now = <K extends keyof Api>(name: K): Fn<K> =>
  ((...args: unknown[]) => {
    if (api) return (api[name] as (...a: unknown[]) => unknown)(...args);
    void ready().catch(() => undefined);
    throw new Error(`consentkit.${name}() answers once the kit's code is here, which the drop-in fetches on demand: call it after \`await consentkit.ready\`.`);
  }) as Fn<K>;

const consentkit = {
  /** Resolves with the whole JS API (every function answers synchronously from then on). */
  get ready(): Promise<Api> {
    return ready();
  },
  loadElement,
  defineAll,
  /** Applies at once for elements that render from now on; resolves with the merged configuration. */
  configure(input: Parameters<Api['configure']>[0]): Promise<ReturnType<Api['configure']>> {
    if (api) return Promise.resolve(api.configure(input));
    queuedConfig.push(input);
    return ready().then((m) => m.configure());
  },
  onConsentChange(listener: Parameters<Api['onConsentChange']>[0]): () => void {
    if (api) return api.onConsentChange(listener);
    let stop: (() => void) | undefined;
    let stopped = false;
    void ready().then((m) => stopped || (stop = m.onConsentChange(listener)));
    return () => {
      stopped = true;
      stop?.();
    };
  },
  /** Registered before any element's code is fetched: elements wait for it. */
  registerScript(...args: Parameters<Api['registerScript']>): Promise<boolean> {
    const done = ready().then((m) => m.registerScript(...args));
    holdElements(done);
    return done;
  },
  gpcSignal: (): boolean => (navigator as { globalPrivacyControl?: unknown }).globalPrivacyControl === true,
  defineProvider: <T>(provider: T): T => provider,
  Decision: { granted: 'granted', denied: 'denied' } as const,
  withdrawAll: later('withdrawAll'),
  exportData: later('exportData'),
  erase: later('erase'),
  listServices: later('listServices'),
  unsubscribePush: later('unsubscribePush'),
  audit: later('audit'),
  open: later('open'),
  policyText: later('policyText'),
  policySections: later('policySections'),
  flushProofs: later('flushProofs'),
  loadProvider: later('loadProvider'),
  allowed: now('allowed'),
  consentFor: now('consentFor'),
  decisions: now('decisions'),
  withdraw: now('withdraw'),
  getConfig: now('getConfig'),
  getProvider: now('getProvider'),
  providerIds: now('providerIds'),
  /** Registered before any element's code is fetched: elements wait for it. */
  registerProvider(...args: Parameters<Api['registerProvider']>): Promise<boolean> {
    const done = ready().then((m) => m.registerProvider(...args));
    holdElements(done);
    return done;
  },
  get param(): Api['param'] {
    if (api) return api.param;
    throw new Error("consentkit.param answers once the kit's code is here, which the drop-in fetches on demand: use it after `await consentkit.ready`, or write params as ({ z, param }) => … (see the README).");
  },
};

declare global {
  interface Window {
    consentkit: typeof consentkit;
  }
}

window.consentkit = consentkit;
defineLazily();

/** The configuration blocks name an endpoint: proofs or erasure requests may be waiting from an earlier page. */
function endpointConfigured(): boolean {
  return [...document.querySelectorAll(CONFIG_BLOCK)].some((script) => {
    try {
      const config = JSON.parse(script.textContent ?? '') as Record<string, unknown>;
      return !!(config?.endpoint || config?.deletionEndpoint);
    } catch {
      return true; // the runtime names the error
    }
  });
}
if (endpointConfigured()) void ready().catch(() => undefined);
// `data-audit` on this script's tag: the self-check watches the page from now on (see audit/audit.ts).
if ([...document.querySelectorAll<HTMLScriptElement>('script[data-audit]')].some((s) => s.src === import.meta.url)) {
  performance.setResourceTimingBufferSize?.(5000); // at once: the default 250 entries fill up on a busy page
  void consentkit.audit({ watch: true });
}
// Scripts that load before this module (the Consent Mode adapter, a site's own) wait for this.
document.dispatchEvent(new CustomEvent('ck-ready'));
