import { localize } from '../core/i18n.js';
import { defineProvider } from './provider.js';

/**
 * WhatsApp click-to-chat: a chat with a phone number, or sharing a text (by default this page's
 * URL) with a contact of the visitor's choice. A wa.me link opened on the consenting click.
 *
 * Attributes: `phone` (international number, digits only; omit to share), `text` (prefilled message).
 */
export const whatsapp = defineProvider({
  id: 'whatsapp',
  purpose: 'chat',
  name: 'WhatsApp',
  company: 'WhatsApp Ireland Limited',
  address: 'Merrion Road, Dublin 4, D04 X2K5, Ireland',
  privacyUrl: 'https://www.whatsapp.com/legal/privacy-policy-eea',
  hosts: ['wa.me', 'api.whatsapp.com', 'web.whatsapp.com', 'static.whatsapp.net'],
  data: {
    en: 'Opening WhatsApp sends your IP address, details of your browser and the prefilled message to WhatsApp (Meta), which links the chat to your WhatsApp account.',
    de: 'Beim Öffnen von WhatsApp erhält WhatsApp (Meta) Ihre IP-Adresse, Angaben zu Ihrem Browser und die vorausgefüllte Nachricht und ordnet den Chat Ihrem WhatsApp-Konto zu.',
    pl: 'Otwarcie WhatsAppa przekazuje WhatsApp (Meta) Twój adres IP, informacje o przeglądarce i przygotowaną wiadomość; czat jest wiązany z Twoim kontem WhatsApp.',
    fr: 'Ouvrir WhatsApp transmet votre adresse IP, des informations sur votre navigateur et le message prérempli à WhatsApp (Meta), qui relie la discussion à votre compte WhatsApp.',
  },
  purposeText: { en: 'to let you write to us or share our pages on WhatsApp', de: 'damit Sie uns über WhatsApp schreiben oder unsere Seiten teilen können', pl: 'aby umożliwić kontakt z nami lub udostępnianie naszych stron przez WhatsApp', fr: 'pour vous permettre de nous écrire ou de partager nos pages sur WhatsApp' },
  verb: 'open',
  layout: 'compact',
  label: { en: 'WhatsApp', de: 'WhatsApp', pl: 'WhatsApp', fr: 'WhatsApp' },
  params: ({ z, param }) => z.object({
    phone: z.optional(z.string().check(z.regex(/^[1-9]\d{5,14}$/, 'must be an international number, digits only'))),
    text: z.optional(param.text(1000)),
  }),
  box: () => ({ height: 36 }),
  build: (p, { pageUrl, locale }) => {
    const text = p.text || (p.phone ? '' : pageUrl);
    return {
      kind: 'link',
      // No `?text=` without a text: an empty draft parameter on a plain chat link.
      href: `https://wa.me/${p.phone ?? ''}${text ? `?${new URLSearchParams({ text })}` : ''}`,
      text: p.phone
        ? localize({ en: 'Chat on WhatsApp', de: 'Auf WhatsApp chatten', pl: 'Czat na WhatsAppie', fr: 'Discuter sur WhatsApp' }, locale)
        : localize({ en: 'Share on WhatsApp', de: 'Auf WhatsApp teilen', pl: 'Udostępnij na WhatsAppie', fr: 'Partager sur WhatsApp' }, locale),
    };
  },
});
