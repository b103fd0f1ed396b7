/**
 * Google Consent Mode v2 for bundler users: `import { consentMode } from 'consentkit/consent-mode'`.
 * Not part of the main bundle; sites without Google tags never load it. Sites using the drop-in
 * script use the classic build of src/consent-mode/classic.ts instead.
 */
import { checkOptions, gtagOf, signalConsent, type ConsentModeOptions, type GtagHost } from '../core/consent-signals.js';
import { pageScriptsDone, pageScriptsRan } from '../kit/page-ready.js';
import { checkConfig } from '../core/config.js';
import { allowed, onConsentChange, useConfigCheck } from '../kit/runtime.js';

export { defaultMapping, consentState, SIGNALS, REQUIRED_SIGNALS } from '../core/consent-signals.js';
export type { ConsentMapping, ConsentModeOptions, ConsentSignal, ConsentState } from '../core/consent-signals.js';

/** Option names; everything else an error names is a key of `mapping`. */
const OPTION_NAMES = ['mapping', 'waitForUpdate', 'dataLayerName'];

/**
 * Tells Google tags the visitor's consent. At once: `gtag('consent', 'default', …)` with every
 * mapped signal denied, then an `update` when remembered grants already allow something; after
 * that an `update` (the whole state) on every consent change that alters it — grants, withdrawals,
 * other tabs, `configure()`. Call it before the Google tag loads: tags that ran earlier never saw
 * the default. Invalid options are reported in the console; an invalid signal stays denied.
 * Returns a function that stops the updates.
 */
export function consentMode(options: ConsentModeOptions = {}): () => void {
  const { mapping, waitForUpdate, dataLayerName, errors } = checkOptions(options, (name) => (OPTION_NAMES.includes(name) ? `"${name}"` : `"mapping.${name}"`));
  for (const error of errors) console.error(`consentkit: consentMode() option ${error}.`);
  useConfigCheck(checkConfig); // it reads the configuration (GPC lists) whenever consent changes
  const sync = signalConsent(mapping, allowed, gtagOf(window as unknown as GtagHost, dataLayerName), waitForUpdate);
  // The first update once the site's own scripts have configured the page (GPC may hold grants back).
  let stopped = false;
  void pageScriptsDone.then(() => stopped || sync());
  const unsubscribe = onConsentChange(() => pageScriptsRan && sync());
  return () => {
    stopped = true;
    unsubscribe();
  };
}
