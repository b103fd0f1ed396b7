import { SERVICE_ID } from '../core/decision.js';
import type { Localized } from '../core/i18n.js';
import type { ParamKit, ProviderMeta } from './provider.js';
import { isBuiltin } from './registry.js';

/** What the site owner states about a third party it embeds without a dedicated provider. */
export const genericParams = ({ z, param }: ParamKit) => ({
  /** Service id for consent and proofs, e.g. `openstreetmap`: "always allow" is per service. */
  service: z.string().check(
    z.regex(SERVICE_ID, 'must be a service id: lower-case letters, digits and dashes'),
    // A generic embed must never ride on the consent a visitor gave a built-in provider.
    z.refine((id) => !isBuiltin(id), 'must not be the id of a built-in provider'),
  ),
  name: z.string().check(z.minLength(1), z.maxLength(80)),
  company: z.string().check(z.minLength(1), z.maxLength(200)),
  address: z.string().check(z.minLength(1), z.maxLength(300)),
  // Parsed and normalised: the raw string could carry a line break into the privacy policy's markdown.
  'privacy-url': z.pipe(param.httpsUrl(), z.transform((url: string) => new URL(url).href)),
  /** What data goes where, one sentence; default: a generic sentence naming the company. */
  data: z.optional(param.text(500)),
});

/** The sentence used when the site owner names no data. */
export const genericData: Localized = {
  en: 'Loading this content sends your IP address, the address of this page and details of your browser to {company}.',
  de: 'Beim Laden dieses Inhalts erhält {company} Ihre IP-Adresse, die Adresse dieser Seite und Angaben zu Ihrem Browser.',
  pl: 'Załadowanie tej treści przekazuje {company} Twój adres IP, adres tej strony i informacje o przeglądarce.',
  fr: 'Charger ce contenu transmet votre adresse IP, l’adresse de cette page et des informations sur votre navigateur à {company}.',
};

/** The metadata a generic provider takes from the element's attributes. */
export function genericMeta(p: { name: string; company: string; address: string; 'privacy-url': string; data?: string }, url: string): Partial<ProviderMeta> {
  return {
    name: p.name,
    company: p.company,
    address: p.address,
    privacyUrl: p['privacy-url'],
    hosts: [new URL(url).hostname],
    ...(p.data && { data: p.data }),
  };
}
