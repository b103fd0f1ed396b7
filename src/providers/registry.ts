import { z } from 'zod/mini';
import { Localized as LocalizedSchema } from '../core/config.js';
import { SERVICE_ID } from '../core/decision.js';
import { facebookPage } from './facebook-page.js';
import { facebookShare } from './facebook-share.js';
import type { Provider } from './provider.js';
import { youtube } from './youtube.js';

const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** The metadata every provider must carry; site owners' providers are checked against it. */
export const ProviderMeta = z.object({
  id: z.string().check(z.regex(SERVICE_ID, 'must be lower-case letters, digits and dashes')),
  purpose: z.optional(z.string().check(z.regex(SERVICE_ID, 'must be lower-case letters, digits and dashes'))),
  name: z.string().check(z.minLength(1), z.maxLength(80)),
  company: z.string().check(z.minLength(1), z.maxLength(200)),
  address: z.string().check(z.minLength(1), z.maxLength(300)),
  privacyUrl: z.string().check(z.regex(/^https:\/\//, 'must be an https URL')),
  hosts: z.array(z.string().check(z.regex(HOST, 'must be a host name'))).check(z.minLength(1)),
  data: LocalizedSchema,
  layout: z.enum(['box', 'compact']),
  label: z.optional(LocalizedSchema),
  params: z.custom((v) => typeof (v as { safeParse?: unknown })?.safeParse === 'function', 'must be a zod schema'),
  box: z.custom((v) => typeof v === 'function', 'must be a function'),
  build: z.custom((v) => typeof v === 'function', 'must be a function'),
});

const providers = new Map<string, Provider<any>>();

/**
 * Registers a provider so `<ck-embed provider="id">` can use it. Returns false (and says why in
 * the console) when the definition is incomplete; a provider id can be registered once.
 */
export function registerProvider<P>(provider: Provider<P>): boolean {
  const result = ProviderMeta.safeParse(provider);
  if (!result.success) {
    const fields = result.error.issues.map((i) => `"${i.path.join('.')}" ${i.message === 'Invalid input' ? 'is invalid' : i.message}`);
    console.error(`consentkit: provider "${String(provider?.id)}" was not registered: ${fields.join('; ')}.`);
    return false;
  }
  if (providers.has(provider.id) && providers.get(provider.id) !== provider) {
    console.error(`consentkit: provider "${provider.id}" is already registered.`);
    return false;
  }
  providers.set(provider.id, provider);
  return true;
}

/** The provider registered under `id`, if any. */
export function getProvider(id: string): Provider<any> | undefined {
  return providers.get(id);
}

/** Ids of every registered provider. */
export function providerIds(): string[] {
  return [...providers.keys()];
}

for (const provider of [youtube, facebookShare, facebookPage]) registerProvider(provider as Provider<any>);
