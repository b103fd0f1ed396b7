import { toUrl } from '../core/url.js';
import { defineProvider } from './provider.js';
import { getProvider } from './registry.js';

/**
 * The script a platform's own embed code loads (X's `widgets.js`, Instagram's `embed.js`, the
 * Facebook SDK), per built-in provider: the only script a gated `<script data-ck-service="x">`
 * may name, and the one a pasted post loads after consent. `path` is what the pasted `src` may
 * be on `host`; `src` is used when the page names none.
 */
export const PLATFORM_SCRIPTS: Record<string, { host: string; path: RegExp; src: string }> = {
  x: { host: 'platform.twitter.com', path: /^\/widgets\.js$/, src: 'https://platform.twitter.com/widgets.js' },
  instagram: { host: 'www.instagram.com', path: /^\/embed\.js$/, src: 'https://www.instagram.com/embed.js' },
  // The SDK's locale is in its path, its options (xfbml, version) in the fragment.
  'facebook-page': { host: 'connect.facebook.net', path: /^\/[a-z]{2}_[A-Z]{2}\/sdk\.js$/, src: 'https://connect.facebook.net/en_US/sdk.js#xfbml=1&version=v19.0' },
};

/**
 * The https URL of `service`'s platform script as the page wrote it, or undefined when `src` is
 * not that script. Embed codes write Instagram's as `//www.instagram.com/embed.js`, which would
 * take the page's scheme: it is taken as https. Any other scheme than https is refused.
 */
export function platformScript(service: string, src: string): string | undefined {
  const known = Object.hasOwn(PLATFORM_SCRIPTS, service) ? PLATFORM_SCRIPTS[service]! : undefined;
  const url = toUrl(src.trim().startsWith('//') ? `https:${src.trim()}` : src);
  return known && url?.protocol === 'https:' && url.hostname === known.host && !url.port && !url.username && !url.password && known.path.test(url.pathname) ? url.href : undefined;
}

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
