import { z } from 'zod/mini';
import { defineProvider, param } from './provider.js';
import { genericData, genericMeta, genericParams } from './generic.js';

/**
 * Any iframe, for third parties without a provider of their own. The site owner names the
 * service, the company and its privacy policy; the frame may only load from `src`'s host.
 *
 * Attributes: `src` (https), `service`, `name`, `company`, `address`, `privacy-url` (all
 * required), `data` (what is transferred), `title`, `width`, `height`, `ratio` (e.g. `4/3`),
 * `allow`, `sandbox`.
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
  params: z.object({
    ...genericParams,
    src: param.httpsUrl(),
    title: z.optional(param.text(200)),
    width: z.optional(param.int(50, 4000)),
    height: z.optional(param.int(20, 4000)),
    ratio: z.optional(z.string().check(z.regex(/^\d{1,4}\s*\/\s*\d{1,4}$/, 'must be a ratio such as 16/9'))),
    allow: z.optional(z.string().check(z.regex(/^[a-z-]+( [^;]*)?(; ?[a-z-]+( [^;]*)?)*$/, 'must be a permissions policy list'), z.maxLength(300))),
    sandbox: z.optional(z.string().check(z.regex(/^(allow-[a-z-]+)( allow-[a-z-]+)*$/, 'must be sandbox tokens such as "allow-scripts"'))),
  }),
  serviceId: (p) => p.service,
  meta: (p) => genericMeta(p, p.src),
  box: (p) => (p.ratio ? { width: p.width, aspectRatio: p.ratio.replace(/\s*\/\s*/, ' / ') } : { width: p.width, height: p.height ?? 400 }),
  build: (p) => ({
    kind: 'iframe',
    src: p.src,
    title: p.title ?? p.name,
    ...(p.allow && { allow: p.allow }),
    ...(p.sandbox && { sandbox: p.sandbox }),
  }),
});
