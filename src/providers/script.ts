import { z } from 'zod/mini';
import { defineProvider, param } from './provider.js';
import { genericData, genericMeta, genericParams } from './generic.js';

/**
 * Any third-party script, e.g. a chat widget such as Crisp or Tawk.to. The site owner names the
 * service and the company; setup code runs from a callback registered in JavaScript with
 * `registerInit(name, fn)` — never from a string.
 *
 * Attributes: `src` (https), `service`, `name`, `company`, `address`, `privacy-url` (all
 * required), `data`, `init` (name of a registered callback, run just before the script loads),
 * `label` (text of the button, default: the name).
 */
export const script = defineProvider({
  id: 'script',
  purpose: 'chat',
  name: 'Third-party script',
  company: '(named by the site)',
  address: '(named by the site)',
  privacyUrl: 'https://example.invalid/',
  hosts: ['example.invalid'],
  data: genericData,
  purposeText: { en: 'to offer a chat or other interactive service', de: 'um einen Chat oder einen anderen interaktiven Dienst anzubieten', pl: 'aby oferować czat lub inną usługę interaktywną', fr: 'pour proposer un chat ou un autre service interactif' },
  layout: 'compact',
  params: z.object({
    ...genericParams,
    src: param.httpsUrl(),
    init: z.optional(z.string().check(z.regex(/^[\w-]{1,50}$/, 'must be the name of a callback registered with registerInit'))),
    label: z.optional(param.text(60)),
  }),
  serviceId: (p) => p.service,
  meta: (p) => genericMeta(p, p.src),
  box: () => ({ height: 36 }),
  build: (p) => ({ kind: 'script', src: p.src, ...(p.init && { init: p.init }) }),
});
