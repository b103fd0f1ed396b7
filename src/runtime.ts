import { mergeConfig, validateConfig, type Config, type ConfigInput } from './core/config.js';
import { ConsentStore, type ConsentListener } from './core/consent-store.js';
import { cookieStorage } from './core/cookie-storage.js';

/**
 * The page's single consent store and configuration, shared by every element.
 * Configuration sources, later ones winning: defaults, `<script type="application/json"
 * data-consentkit>` blocks, `configure()` calls; element attributes win for their element.
 */

let fromScripts: ConfigInput[] | undefined;
const fromCalls: ConfigInput[] = [];
let config: Config | undefined;
let store: ConsentStore | undefined;
const listeners = new Set<ConsentListener>();
const forward: ConsentListener = (change) => listeners.forEach((l) => l(change));

/** Validates, reports each rejected field in the console, and returns the usable rest. */
export function checkConfig(input: unknown, source: string): ConfigInput {
  const { value, errors } = validateConfig(input);
  for (const error of errors) console.error(`consentkit: config ${error} (from ${source}); using the default instead.`);
  return value;
}

function readScripts(): ConfigInput[] {
  if (typeof document === 'undefined') return [];
  return [...document.querySelectorAll('script[type="application/json"][data-consentkit]')].map((script, i) => {
    const source = `<script data-consentkit> #${i + 1}`;
    try {
      return checkConfig(JSON.parse(script.textContent ?? ''), source);
    } catch (e) {
      console.error(`consentkit: config ${source} is not valid JSON (${(e as Error).message}); ignoring it.`);
      return {};
    }
  });
}

/** The merged configuration. */
export function getConfig(): Config {
  fromScripts ??= readScripts();
  return (config ??= mergeConfig(...fromScripts, ...fromCalls));
}

/**
 * Configures consentkit from JavaScript. Invalid fields are reported in the console and fall
 * back to their defaults; the valid rest applies. Returns the merged configuration.
 */
export function configure(input: ConfigInput): Config {
  fromCalls.push(checkConfig(input, 'configure()'));
  config = undefined;
  const next = getConfig();
  if (store && (store.cookieName !== next.cookie.name || store.days !== next.cookie.days)) {
    store.close();
    store = undefined;
    // Elements re-read their state from the store that replaces it.
    forward({ service: null, source: 'local' });
  }
  return next;
}

/** The page's consent store (created on first use, with the configured cookie). */
export function getStore(): ConsentStore {
  const { cookie } = getConfig();
  if (!store) {
    store = new ConsentStore({ storage: cookieStorage(), cookieName: cookie.name, days: cookie.days });
    store.subscribe(forward);
  }
  return store;
}

/** Calls `listener` on every consent change, whichever store is current. Returns the unsubscribe. */
export function onConsentChange(listener: ConsentListener): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/** Forgets configuration and store; for tests. */
export function resetRuntime(): void {
  store?.close();
  store = config = fromScripts = undefined;
  fromCalls.length = 0;
}
