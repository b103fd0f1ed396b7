import { SERVICE_ID } from '../core/decision.js';
import { isHttpsOn } from '../core/url.js';
import { defineProvider } from './provider.js';
import { genericData, genericMeta, genericParams } from './generic.js';
import { getProvider, isBuiltin } from './registry.js';

/** The loaded built-in provider a frame borrows its company and hosts from (`service="youtube"`). */
const builtin = (service: string) => (isBuiltin(service) ? getProvider(service) : undefined);

/**
 * Any iframe, for third parties without a provider of their own. The site owner names the
 * service, the company and its privacy policy; the frame may only load from `src`'s host.
 *
 * Attributes: `src` (https), `service`, `name`, `company`, `address`, `privacy-url` (all
 * required), `data` (what is transferred), `title`, `width`, `height` (pixels, or `auto`: what the
 * page's CSS for the element gives it, no default), `ratio` (e.g. `4/3`),
 * `allow`, `sandbox`. When `service` is a built-in provider's id (`youtube`, `vimeo`, …), `src`
 * must be on the hosts of that provider's own frame (`frameHosts`) and the frame shares its consent and its texts; `name`,
 * `company`, `address` and `privacy-url` are then taken from it. Gated `<iframe>`s become such
 * frames (see gate/gate.ts).
 */
export const iframe = defineProvider({
  id: 'iframe',
  name: 'Embedded content',
  company: '(named by the site)',
  address: '(named by the site)',
  privacyUrl: 'https://example.invalid/',
  hosts: ['example.invalid'],
  data: genericData,
  purposeText: { en: 'to show embedded content', de: 'um eingebettete Inhalte anzuzeigen', pl: 'aby wyświetlać osadzone treści', fr: 'pour afficher du contenu intégré' },
  layout: 'box',
  params: ({ z, param }) => {
    const generic = genericParams({ z, param });
    return z.object({
      ...generic,
      service: z.string().check(z.regex(SERVICE_ID, 'must be a service id: lower-case letters, digits and dashes')),
      name: z.optional(generic.name),
      company: z.optional(generic.company),
      address: z.optional(generic.address),
      'privacy-url': z.optional(generic['privacy-url']),
      src: param.httpsUrl(),
      title: z.optional(param.text(200)),
      width: z.optional(param.int(50, 4000)),
      // "auto": the height the page's CSS gives the element (a gated frame's style or class), no default.
      height: z.optional(z.union([z.literal('auto'), param.int(20, 4000)])),
      ratio: z.optional(z.string().check(z.regex(/^\d{1,4}\s*\/\s*\d{1,4}$/, 'must be a ratio such as 16/9'))),
      allow: z.optional(z.string().check(z.regex(/^[a-z-]+( [^;]*)?(; ?[a-z-]+( [^;]*)?)*$/, 'must be a permissions policy list'), z.maxLength(300))),
      // Empty: sandboxed with no exception at all (as sandbox="" on an iframe).
      sandbox: z.optional(z.string().check(z.regex(/^((allow-[a-z-]+)( allow-[a-z-]+)*)?$/, 'must be sandbox tokens such as "allow-scripts"'))),
    }).check(
      // A frame rides on a built-in provider's consent only with that provider's hosts.
      // Its frame hosts only: not the hosts its content fetches from (ad and CDN hosts among them).
      z.refine((p) => !isBuiltin(p.service) || isHttpsOn(p.src, builtin(p.service)?.frameHosts ?? ['(none)']), 'must, with a built-in service, be an https URL on the hosts of that provider\'s own frame ("src"; share buttons and chats have none)'),
      z.refine((p) => isBuiltin(p.service) || !!(p.name && p.company && p.address && p['privacy-url']), 'must name the third party: "name", "company", "address" and "privacy-url" are required'),
    );
  },
  needs: (attributes) => attributes.service,
  serviceId: (p) => p.service,
  meta: (p) => {
    const known = builtin(p.service);
    if (!known) return genericMeta(p as Parameters<typeof genericMeta>[0], p.src);
    const { name, company, address, privacyUrl, hosts, data } = known;
    return { name, company, address, privacyUrl, hosts, data };
  },
  box: (p) => (p.ratio ? { width: p.width, aspectRatio: p.ratio.replace(/\s*\/\s*/, ' / ') } : { width: p.width, height: p.height === 'auto' ? undefined : (p.height ?? 400) }),
  build: (p) => ({
    kind: 'iframe',
    src: p.src,
    title: p.title ?? p.name ?? builtin(p.service)?.name ?? p.service,
    ...(p.allow && { allow: p.allow }),
    ...(p.sandbox !== undefined && { sandbox: p.sandbox }),
  }),
});
