import { defineProvider } from './provider.js';
import { genericData, genericMeta, genericParams } from './generic.js';
import { getScript } from './registry.js';

/**
 * A third-party script, e.g. a chat widget such as Crisp or Tawk.to. The script itself and its
 * setup code are registered in JavaScript with `registerScript(service, {src, init})`; the
 * element names the service and who receives the data. Markup alone can never choose a script.
 *
 * Attributes: `service` (a registered script), `name`, `company`, `address`, `privacy-url` (all
 * required), `data`, `label` (text of the button, default: the name).
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
  params: ({ z, param }) => z.object({ ...genericParams({ z, param }), label: z.optional(param.text(60)) }).check(
    z.refine((p) => !!getScript(p.service), 'names no script registered with registerScript() for this "service"'),
  ),
  serviceId: (p) => p.service,
  meta: (p) => genericMeta(p, getScript(p.service)!.src),
  box: () => ({ height: 36 }),
  build: (p) => ({ kind: 'script', src: getScript(p.service)!.src, service: p.service }),
});
