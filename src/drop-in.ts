/**
 * The drop-in script: one `<script src="consentkit.js">` sets `window.consentkit` at once and
 * fetches the loader, which watches the page for consentkit's tags (fetching each element's code
 * on first sight). It is only that: the JS API's code — configuration checks, the consent store's
 * write path, proofs — is fetched when something needs it (a call below, a configuration with an
 * endpoint, `data-audit`), and `consentkit.ready` resolves with it.
 *
 * A classic script and an ES module at once: this file has no static `import` or `export` and no
 * `import.meta` (the build checks it, and makes its `import()` calls absolute: see vite.config.ts),
 * so `<script src>` and `<script type="module" src>` both work, from any folder or origin, as
 * long as the folder consentkit/ sits next to it.
 */

type Api = typeof import('./index.js');
type Fn<K extends keyof Api> = Api[K] extends (...args: infer A) => infer R ? (...args: A) => R : never;
type Later<K extends keyof Api> = Api[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;

type Loader = typeof import('./loader.js');

export {}; // a module for TypeScript (the global declaration below); the build emits no export

let api: Api | undefined;
let loading: Promise<Api> | undefined;
let loaderLoading: Promise<Loader> | undefined;

/** Says what is wrong when the kit's own files cannot be fetched, which is mostly a missing folder. */
function missing(what: string, e: unknown): void {
  console.error(`consentkit: ${what} could not be loaded (${(e as Error).message}). The drop-in fetches its code from the folder consentkit/ next to consentkit.js: copy that folder along with the script (both are in the package's dist/).`);
}

/** The loader (tag watcher), fetched at once. */
function loader(): Promise<Loader> {
  return (loaderLoading ??= import('./loader.js').catch((e: unknown) => {
    loaderLoading = undefined; // a later call tries again
    missing('the code that finds consentkit elements on the page', e);
    throw e;
  }));
}

/** The JS API's code, fetched on first need. */
function ready(): Promise<Api> {
  return (loading ??= import('./index.js').then(
    (m) => (api = m),
    (e: unknown) => {
      loading = undefined; // a later call tries again
      missing('the code of the JS API', e);
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
  loadElement: (tag: string): Promise<unknown> => loader().then((l) => l.loadElement(tag)),
  defineAll: (): Promise<unknown> => loader().then((l) => l.defineAll()),
  /** Applies for elements that render from now on (they wait for it); resolves with the merged configuration. */
  configure(input: Parameters<Api['configure']>[0]): Promise<ReturnType<Api['configure']>> {
    if (api) return Promise.resolve(api.configure(input));
    // Queued at once, where the runtime looks when it arrives: core/queued-config.ts (same key).
    ((globalThis as unknown as Record<symbol, unknown[]>)[Symbol.for('consentkit.queued-config')] ??= []).push(input);
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
    void loader().then((l) => l.holdElements(done), () => undefined);
    return done;
  },
  gpcSignal: (): boolean => (navigator as { globalPrivacyControl?: unknown }).globalPrivacyControl === true,
  defineProvider: <T>(provider: T): T => provider,
  Decision: { granted: 'granted', denied: 'denied' } as const,
  /** A grant from the site's own interface; from the drop-in a promise (the API's code records it). */
  allow: later('allow'),
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
    void loader().then((l) => l.holdElements(done), () => undefined);
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

/** The rules of kit/boxes.ts `boxRules()`, written in by the build (vite.config.ts); undefined when this file runs from source. */
declare const __CK_BOX_RULES__: string | undefined;

// Each element's box, reserved now: a classic script in <head> runs before the first paint, the
// tag watcher (which does it in every other build, see kit/boxes.ts) only after.
if (typeof __CK_BOX_RULES__ === 'string' && 'adoptedStyleSheets' in document && 'replaceSync' in CSSStyleSheet.prototype) {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(__CK_BOX_RULES__);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}

/** This script's tag: `document.currentScript` as a classic script; as a module (which has none), the module script that carries `data-audit`, if any. */
const ownTag = (document.currentScript as HTMLScriptElement | null) ?? document.querySelector<HTMLScriptElement>('script[type="module"][data-audit]');

window.consentkit = consentkit;
void loader().then(
  (l) => {
    l.defineLazily();
    // The configuration blocks name an endpoint: proofs or erasure requests may be waiting from an earlier page.
    void l.endpointConfigured().then((yes) => void (yes && ready().catch(() => undefined)));
  },
  () => undefined,
);
// `data-audit` on this script's tag: the self-check watches the page from now on (see audit/audit.ts).
if (ownTag?.hasAttribute('data-audit')) {
  performance.setResourceTimingBufferSize?.(5000); // at once: the default 250 entries fill up on a busy page
  void consentkit.audit({ watch: true });
}
// Scripts that load before this one (the Consent Mode adapter, a site's own) wait for this.
document.dispatchEvent(new CustomEvent('ck-ready'));
