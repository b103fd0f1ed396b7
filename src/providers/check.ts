import * as z from 'zod/mini';
import { Localized as LocalizedSchema } from '../core/config.js';
import { SERVICE_ID } from '../core/decision.js';
import { isHttpsOn } from '../core/url.js';
import type { Provider } from './provider.js';
import { addProvider, isBuiltin } from './registry.js';

/*
 * A site's own providers, checked before they are registered. Part of the JS API only: built-in
 * providers are checked by their tests, so a page with elements alone never loads this (or zod).
 */

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
  params: z.custom((v) => typeof v === 'function' || typeof (v as { safeParse?: unknown })?.safeParse === 'function', 'must be a function ({ z, param }) => schema, or a zod schema'),
  box: fn('a function'),
  build: fn('a function'),
  serviceId: z.optional(fn('a function')),
  meta: z.optional(fn('a function')),
});

/**
 * Registers a provider so `<ck-embed provider="id">` can use it. Returns false (and says why in
 * the console) when the definition is incomplete; a provider id can be registered once.
 */
export function registerProvider<P>(provider: Provider<P>): boolean {
  if (isBuiltin(provider?.id)) {
    console.error(`consentkit: provider "${provider.id}" is built in; register yours under another id.`);
    return false;
  }
  const result = ProviderMeta.safeParse(provider);
  if (!result.success) {
    const fields = result.error.issues.map((i) => `"${i.path.join('.')}" ${i.message === 'Invalid input' ? 'is invalid' : i.message}`);
    console.error(`consentkit: provider "${String(provider?.id)}" was not registered: ${fields.join('; ')}.`);
    return false;
  }
  return addProvider(provider);
}

