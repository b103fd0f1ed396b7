/**
 * Google Consent Mode v2 as a classic script, built to dist/consent-mode.classic.js. It goes in
 * <head> BEFORE the Google tag snippet, so the default is set before any Google tag runs:
 * `<script src="/assets/consent-mode.classic.js" data-analytics-storage="analytics" data-ad-storage="ads"></script>`.
 * Each `data-<signal>` attribute lists the service ids (space or comma separated) that grant it;
 * `data-wait-for-update` (ms) and `data-data-layer` (the data layer's name) are optional.
 * It bundles none of the runtime, Lit or zod: it talks to `window.consentkit`, which the drop-in
 * sets (announcing it with `ck-ready` on `document`), once `consentkit.ready` has the API's code.
 */
import { checkOptions, gtagOf, signalConsent, type ConsentModeOptions, type GtagHost } from '../core/consent-signals.js';
import { pageScriptsDone, pageScriptsRan } from '../kit/page-ready.js';

/** What the adapter uses of `window.consentkit`. */
interface Consentkit {
  allowed(service: string): boolean;
  onConsentChange(listener: () => void): () => void;
}

/** The attribute a site writes for an option or signal: ad_storage → data-ad-storage, waitForUpdate → data-wait-for-update. */
const attribute = (name: string): string => `data-${(name === 'dataLayerName' ? 'dataLayer' : name).replace(/[A-Z_]/g, (c) => `-${c === '_' ? '' : c.toLowerCase()}`)}`;

/**
 * Reads the options from the script's `dataset`, tells Google tags the default at once, and sends
 * an `update` as soon as `window.consentkit` is there (now, or on `ck-ready`) and on every change
 * after. Without any `data-<signal>` attribute the default mapping applies. Returns the stop.
 */
export function start(dataset: DOMStringMap, win: Window): () => void {
  const mapping: Record<string, string[]> = {};
  for (const [key, value = ''] of Object.entries(dataset)) {
    const signal = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    // Other data-* attributes (a CDN's, a site's own) are not ours; these look like a signal.
    if (/_storage$|^ad_/.test(signal)) mapping[signal] = value.split(/[\s,]+/).filter(Boolean);
  }
  const wait = dataset.waitForUpdate;
  const options = { mapping, waitForUpdate: wait && /^\d+$/.test(wait) ? Number(wait) : wait, dataLayerName: dataset.dataLayer } as ConsentModeOptions;
  const checked = checkOptions(options, attribute);
  for (const error of checked.errors) console.error(`consentkit: Consent Mode script ${error}.`);

  let api: Consentkit | undefined;
  const sync = signalConsent(checked.mapping, (id) => !!api?.allowed(id), gtagOf(win as unknown as GtagHost, checked.dataLayerName), checked.waitForUpdate);
  let unsubscribe = (): void => {};
  // Updates only once the site's own scripts have configured the page (GPC may hold grants back):
  // the drop-in is ready before they run.
  const update = (): void => {
    if (api && pageScriptsRan) sync();
  };
  void pageScriptsDone.then(update);
  let stopped = false;
  const ready = (): void => {
    const kit = (win as unknown as { consentkit?: Consentkit & { ready?: Promise<Consentkit> } }).consentkit;
    if (!kit) return;
    const use = (found: Consentkit): void => {
      if (stopped) return;
      api = found;
      unsubscribe = api.onConsentChange(update);
      update();
    };
    // The drop-in fetches its API's code on demand: until `ready` resolves, nothing is taken for a grant.
    if (kit.ready) void kit.ready.then(use);
    else use(kit);
  };
  if ((win as unknown as { consentkit?: Consentkit }).consentkit) ready();
  else win.document.addEventListener('ck-ready', ready, { once: true });
  return () => {
    stopped = true;
    win.document.removeEventListener('ck-ready', ready);
    unsubscribe();
  };
}

const script = document.currentScript;
if (script instanceof HTMLScriptElement) start(script.dataset, window);
else console.error('consentkit: the Consent Mode script must be a classic <script> (no type="module", not injected as a module), placed before the Google tag; Google tags got no consent default from it.');
