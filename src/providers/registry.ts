import { z } from 'zod/mini';
import { Localized as LocalizedSchema } from '../core/config.js';
import { SERVICE_ID } from '../core/decision.js';
import { isHttpsOn } from '../core/url.js';
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
 * Built-in providers, each in its own module: a page loads only the providers it uses. Each
 * entry also tells the box the widget takes with default attributes, so the placeholder can
 * reserve it while the module is still on its way. Adding one: a file here and a line below.
 */
const builtins: Record<string, { load: () => Promise<Provider<any>>; layout: 'box' | 'compact'; box: Box; purpose?: string }> = {
  youtube: { load: () => import('./youtube.js').then((m) => m.youtube), layout: 'box', box: { aspectRatio: '16 / 9' } },
  vimeo: { load: () => import('./vimeo.js').then((m) => m.vimeo), layout: 'box', box: { aspectRatio: '16 / 9' } },
  'facebook-share': { load: () => import('./facebook-share.js').then((m) => m.facebookShare), layout: 'compact', box: { width: 100, height: 28 }, purpose: 'share' },
  'facebook-like': { load: () => import('./facebook-like.js').then((m) => m.facebookLike), layout: 'compact', box: { width: 90, height: 28 }, purpose: 'share' },
  'facebook-page': { load: () => import('./facebook-page.js').then((m) => m.facebookPage), layout: 'box', box: { width: 340, height: 500 } },
  'facebook-messenger': { load: () => import('./facebook-messenger.js').then((m) => m.facebookMessenger), layout: 'compact', box: { height: 36 }, purpose: 'chat' },
  whatsapp: { load: () => import('./whatsapp.js').then((m) => m.whatsapp), layout: 'compact', box: { height: 36 }, purpose: 'chat' },
  telegram: { load: () => import('./telegram.js').then((m) => m.telegram), layout: 'compact', box: { height: 36 }, purpose: 'chat' },
  x: { load: () => import('./x.js').then((m) => m.x), layout: 'box', box: { width: 550, height: 650 } },
  instagram: { load: () => import('./instagram.js').then((m) => m.instagram), layout: 'box', box: { width: 400, height: 620 } },
  'google-maps': { load: () => import('./google-maps.js').then((m) => m.googleMaps), layout: 'box', box: { height: 450 } },
  iframe: { load: () => import('./iframe.js').then((m) => m.iframe), layout: 'box', box: { height: 400 } },
  script: { load: () => import('./script.js').then((m) => m.script), layout: 'compact', box: { height: 36 }, purpose: 'chat' },
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
  return add(provider);
}

function add(provider: Provider<any>): boolean {
  const result = ProviderMeta.safeParse(provider);
  if (!result.success) {
    const fields = result.error.issues.map((i) => `"${i.path.join('.')}" ${i.message === 'Invalid input' ? 'is invalid' : i.message}`);
    console.error(`consentkit: provider "${String(provider?.id)}" was not registered: ${fields.join('; ')}.`);
    return false;
  }
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
  add(await builtins[id]!.load());
  return providers.get(id);
}

/** Layout, default box and purpose of a built-in provider, known before its module loads. */
export function builtinHint(id: string): { layout: 'box' | 'compact'; box: Box; purpose: string } | undefined {
  if (!Object.hasOwn(builtins, id)) return undefined;
  const { layout, box, purpose = 'embed' } = builtins[id]!;
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
