import { defineProvider } from './provider.js';
import { getProvider } from './registry.js';
import { PLATFORM_SCRIPTS, platformScript } from './platform-scripts.js';

/**
 * A post or page plugin pasted as its platform hands it out (`<blockquote class="twitter-tweet">`
 * and the like), marked with the built-in provider's id: the placeholder the gate puts next to it
 * shares that provider's texts and consent, and loads the platform script, once per page.
 *
 * Attributes: `service` (`x`, `instagram`, `facebook-page`), `src` (that platform's script, https;
 * default: the one the platform's embed code names).
 */
export const pasted = defineProvider({
  id: 'pasted',
  name: 'Embedded post',
  company: '(the platform)',
  address: '(the platform)',
  privacyUrl: 'https://example.invalid/',
  hosts: ['example.invalid'],
  data: { en: '' },
  layout: 'box',
  params: ({ z }) =>
    z.object({
      service: z.enum(Object.keys(PLATFORM_SCRIPTS) as [string, ...string[]]),
      src: z.optional(z.string()),
    }).check(z.refine((p) => p.src === undefined || !!platformScript(p.service, p.src), 'must be the platform\'s own script, https ("src")')),
  needs: (attributes) => attributes.service,
  serviceId: (p) => p.service,
  // The built-in provider's own (loaded first: `needs`), so its texts and its consent are shared.
  meta: (p) => {
    const { name, company, address, privacyUrl, hosts, data } = getProvider(p.service)!;
    return { name, company, address, privacyUrl, hosts, data };
  },
  // As tall as its texts: the post's own fallback text stands next to it.
  box: () => ({}),
  build: (p) => ({ kind: 'script', src: platformScript(p.service, p.src ?? PLATFORM_SCRIPTS[p.service]!.src)! }),
});
