import { localize } from '../core/i18n.js';
import { defineProvider } from './provider.js';
import { meta } from './meta.js';

/**
 * A chat with a Facebook page in Messenger. Facebook discontinued the Customer Chat plugin in
 * 2024, so the default is an m.me link opened on the consenting click; `mode="legacy"` still
 * loads the old SDK chat for sites whose page has it (needs the numeric `page-id`).
 *
 * Attributes: `page` (the page's user name or id; required), `ref` (a tag Messenger passes on),
 * `mode` (`link` or `legacy`), `page-id` (numeric, legacy mode).
 */
export const facebookMessenger = defineProvider({
  ...meta.facebook,
  id: 'facebook-messenger',
  purpose: 'chat',
  name: 'Facebook Messenger',
  hosts: [...meta.facebook.hosts, 'm.me'],
  data: {
    en: 'Opening Messenger sends your IP address and details of your browser to Meta, which links the conversation to your Facebook account.',
    de: 'Beim Öffnen des Messengers erhält Meta Ihre IP-Adresse und Angaben zu Ihrem Browser und ordnet das Gespräch Ihrem Facebook-Konto zu.',
    pl: 'Otwarcie Messengera przekazuje firmie Meta Twój adres IP i informacje o przeglądarce; Meta wiąże rozmowę z Twoim kontem na Facebooku.',
    fr: 'Ouvrir Messenger transmet votre adresse IP et des informations sur votre navigateur à Meta, qui relie la conversation à votre compte Facebook.',
  },
  purposeText: { en: 'to let you chat with us in Messenger', de: 'damit Sie mit uns über den Messenger chatten können', pl: 'aby umożliwić rozmowę z nami w Messengerze', fr: 'pour vous permettre de discuter avec nous sur Messenger' },
  verb: 'open',
  layout: 'compact',
  label: { en: 'Messenger', de: 'Messenger', pl: 'Messenger', fr: 'Messenger' },
  params: ({ z }) => z.object({
    page: z.string().check(z.regex(/^[A-Za-z0-9.]{1,50}$/, 'must be a Facebook page name or id')),
    ref: z.optional(z.string().check(z.regex(/^[\w-]{1,100}$/, 'must be letters, digits, _ or -'))),
    mode: z.optional(z.enum(['link', 'legacy'])),
    'page-id': z.optional(z.string().check(z.regex(/^\d{5,20}$/, 'must be the numeric page id'))),
  }).check(z.refine((p) => p.mode !== 'legacy' || !!p['page-id'], 'legacy mode needs the numeric "page-id"')),
  box: () => ({ height: 36 }),
  build: (p, { locale }) => {
    if (p.mode === 'legacy') {
      return {
        kind: 'script',
        src: `https://connect.facebook.net/${meta.facebookLocale(locale)}/sdk/xfbml.customerchat.js`,
        marker: { class: 'fb-customerchat', attribution: 'biz_inbox', page_id: p['page-id']!, ...(p.ref && { ref: p.ref }) },
        // The SDK renders the chat once initialised with xfbml.
        setup: () => {
          (window as unknown as { fbAsyncInit: () => void }).fbAsyncInit = () =>
            (window as unknown as { FB?: { init(o: object): void } }).FB?.init({ xfbml: true, version: 'v18.0' });
        },
      };
    }
    return {
      kind: 'link',
      href: `https://m.me/${encodeURIComponent(p.page)}${p.ref ? `?ref=${encodeURIComponent(p.ref)}` : ''}`,
      text: localize({ en: 'Chat in Messenger', de: 'Im Messenger chatten', pl: 'Czat w Messengerze', fr: 'Discuter sur Messenger' }, locale),
    };
  },
});

