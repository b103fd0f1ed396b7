import { z } from 'zod/mini';
import { Localized as LocalizedSchema } from '../core/config.js';
import { SERVICE_ID } from '../core/decision.js';
import { isHttpsOn } from '../core/url.js';
import { HINTS } from './hints.js';
import type { Box, Provider } from './provider.js';

const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const fn = (what: string) => z.custom((v) => typeof v === 'function', `must be ${what}`);

/** The metadata every provider must carry; site owners' providers are checked against it. */
export const ProviderMeta = z.object({
  id: z.string().check(z.regex(SERVICE_ID, 'must be lower-case letters, digits and dashes')),
  purpose: z.optional(z.string().check(z.regex(SERVICE_ID, 'must be lower-case letters, digits and dashes'))),
  purposeText: z.optional(LocalizedSchema),
  verb: z.optional(z.enum(['load', 'open'])),
  name: z.string().check(z.minLength(1), z.maxLength(80)),
  company: z.string().check(z.minLength(1), z.maxLength(200)),
  address: z.string().check(z.minLength(1), z.maxLength(300)),
  privacyUrl: z.string().check(z.refine((url) => isHttpsOn(url), 'must be an https URL')),
  hosts: z.array(z.string().check(z.regex(HOST, 'must be a host name'))).check(z.minLength(1)),
  frameHosts: z.optional(z.array(z.string().check(z.regex(HOST, 'must be a host name')))),
  data: LocalizedSchema,
  layout: z.enum(['box', 'compact']),
  label: z.optional(LocalizedSchema),
  params: z.custom((v) => typeof (v as { safeParse?: unknown })?.safeParse === 'function', 'must be a zod schema'),
  box: fn('a function'),
  build: fn('a function'),
  serviceId: z.optional(fn('a function')),
  meta: z.optional(fn('a function')),
});

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

/**
 * Registers a provider so `<ck-embed provider="id">` can use it. Returns false (and says why in
 * the console) when the definition is incomplete; a provider id can be registered once.
 */
export function registerProvider<P>(provider: Provider<P>): boolean {
  if (Object.hasOwn(builtins, provider?.id)) {
    console.error(`consentkit: provider "${provider.id}" is built in; register yours under another id.`);
    return false;
  }
  const result = ProviderMeta.safeParse(provider);
  if (!result.success) {
    const fields = result.error.issues.map((i) => `"${i.path.join('.')}" ${i.message === 'Invalid input' ? 'is invalid' : i.message}`);
    console.error(`consentkit: provider "${String(provider?.id)}" was not registered: ${fields.join('; ')}.`);
    return false;
  }
  return add(provider);
}

/** Adds a checked provider (a site's, checked above; a built-in one, checked by its test). */
function add(provider: Provider<any>): boolean {
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
      (provider) => void add(provider),
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
