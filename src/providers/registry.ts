import { SERVICE_ID } from '../core/decision.js';
import { isHttpsOn } from '../core/url.js';
import { HINTS } from './hints.js';
import type { Box, Provider } from './provider.js';

/**
 * Built-in providers, each in its own module: a page loads only the providers it uses. Their
 * boxes and layouts (known before a module loads) are in hints.ts. Adding one: a file here, a
 * line below and one in hints.ts.
 */
const builtins: Record<string, () => Promise<Provider<any>>> = {
  youtube: () => import('./youtube.js').then((m) => m.youtube),
  vimeo: () => import('./vimeo.js').then((m) => m.vimeo),
  'facebook-share': () => import('./facebook-share.js').then((m) => m.facebookShare),
  'facebook-like': () => import('./facebook-like.js').then((m) => m.facebookLike),
  'facebook-page': () => import('./facebook-page.js').then((m) => m.facebookPage),
  'facebook-messenger': () => import('./facebook-messenger.js').then((m) => m.facebookMessenger),
  whatsapp: () => import('./whatsapp.js').then((m) => m.whatsapp),
  telegram: () => import('./telegram.js').then((m) => m.telegram),
  x: () => import('./x.js').then((m) => m.x),
  instagram: () => import('./instagram.js').then((m) => m.instagram),
  'google-maps': () => import('./google-maps.js').then((m) => m.googleMaps),
  iframe: () => import('./iframe.js').then((m) => m.iframe),
  script: () => import('./script.js').then((m) => m.script),
  pasted: () => import('./pasted.js').then((m) => m.pasted),
};

const providers = new Map<string, Provider<any>>();
/** The objects as registered (`providers` may hold a copy with the normalised privacyUrl). */
const registered = new Map<string, Provider<any>>();

/**
 * `object` with `url` in its parsed, normalised form, never the raw string that was checked:
 * the parser drops tabs and newlines, so a raw URL can carry a line break into the privacy
 * policy's markdown. The same object when nothing changes; else one that inherits the rest.
 */
function withNormalUrl<T extends object, K extends keyof T & string>(object: T, key: K): T {
  const url = new URL(object[key] as string).href;
  return url === object[key] ? object : Object.create(object, { [key]: { value: url, enumerable: true } });
}

/** Adds a checked provider (a site's, by providers/check.ts; a built-in one, by its test). */
export function addProvider(provider: Provider<any>): boolean {
  const taken = registered.get(provider.id);
  if (taken && taken !== provider) {
    console.error(`consentkit: provider "${provider.id}" is already registered.`);
    return false;
  }
  registered.set(provider.id, provider);
  providers.set(provider.id, withNormalUrl(provider, 'privacyUrl'));
  return true;
}

/** The provider registered under `id`, if it is loaded. */
export function getProvider(id: string): Provider<any> | undefined {
  return providers.get(id);
}

/** The provider `id`, loading a built-in one on first use; undefined when there is none. */
export async function loadProvider(id: string): Promise<Provider<any> | undefined> {
  const ready = providers.get(id);
  if (ready || !Object.hasOwn(builtins, id)) return ready;
  // One fetch per page, however many elements ask at once (200 placeholders: one module, one add).
  let loading = loadingBuiltins.get(id);
  if (!loading) {
    loading = builtins[id]!().then(
      (provider) => void addProvider(provider),
      (e: unknown) => {
        loadingBuiltins.delete(id); // a later element tries again
        throw e;
      },
    );
    loadingBuiltins.set(id, loading);
  }
  await loading;
  return providers.get(id);
}
const loadingBuiltins = new Map<string, Promise<void>>();

let params: typeof import('./params.js') | undefined;
let paramsLoading: Promise<typeof import('./params.js')> | undefined;

/** The code that checks parameters (zod), if it has arrived. */
export function paramCode(): typeof import('./params.js') | undefined {
  return params;
}

/** Fetches the code that checks parameters: once per page, on first need (see params.ts). */
export function loadParamCode(): Promise<typeof import('./params.js')> {
  return (paramsLoading ??= import('./params.js').then(
    (m) => (params = m),
    (e: unknown) => {
      paramsLoading = undefined; // a later element tries again
      throw e;
    },
  ));
}

/** Layout, default box and purpose of a built-in provider, known before its module loads. */
export function builtinHint(id: string): { layout: 'box' | 'compact'; box: Box; purpose: string } | undefined {
  if (!Object.hasOwn(HINTS, id)) return undefined;
  const { layout, box, purpose = 'embed' } = HINTS[id]!;
  return { layout, box, purpose };
}

/** True for an id with a built-in provider (loaded or not yet). */
export function isBuiltin(id: string): boolean {
  return Object.hasOwn(builtins, id);
}

/** Ids of every provider: built-in and registered. */
export function providerIds(): string[] {
  return [...new Set([...Object.keys(builtins), ...providers.keys()])];
}

/** A third-party script a site allows the `script` provider to load, registered from JavaScript. */
export interface ScriptRegistration {
  /** The script's https URL. */
  src: string;
  /** Runs once per page, just before the script is added (set the globals the script reads). */
  init?: () => void;
  /** Runs when the visitor withdraws (close the widget, drop its globals); a reload finishes the job. */
  teardown?: () => void;
  /** Opens the widget, e.g. a chat window, when the visitor asks for it through `<ck-chat-gate>`. */
  open?: () => void;
}

const scripts = new Map<string, ScriptRegistration>();

/**
 * Allows `<ck-embed provider="script" service="name">` to load `src`. Only scripts registered
 * here can load: markup alone (a CMS, say) can never bring in a script of its own choosing.
 *
 *     registerScript('crisp', { src: 'https://client.crisp.chat/l.js', init: () => { window.$crisp = []; … } })
 */
export function registerScript(service: string, registration: ScriptRegistration): boolean {
  if (!SERVICE_ID.test(service) || Object.hasOwn(builtins, service)) {
    console.error(`consentkit: registerScript("${service}"): the name must be a service id that is not a built-in provider.`);
    return false;
  }
  if (!/^https:\/\/[^/\s]+\//.test(registration?.src ?? '') || !isHttpsOn(registration.src) || ['init', 'teardown', 'open'].some((hook) => registration[hook as 'init'] && typeof registration[hook as 'init'] !== 'function')) {
    console.error(`consentkit: registerScript("${service}") needs an https src, and init/teardown/open as functions (never strings).`);
    return false;
  }
  scripts.set(service, withNormalUrl(registration, 'src'));
  return true;
}

/** The script registered for `service`. */
export function getScript(service: string): ScriptRegistration | undefined {
  return scripts.get(service);
}
