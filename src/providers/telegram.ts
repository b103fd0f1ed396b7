import { localize } from '../core/i18n.js';
import { defineProvider } from './provider.js';

/**
 * Telegram: a chat with a user, group or bot (`username`), or sharing a URL (by default this
 * page's) with a text. A t.me link opened on the consenting click.
 *
 * Attributes: `username` (5–32 letters, digits, _), or `url` and `text` to share.
 */
export const telegram = defineProvider({
  id: 'telegram',
  purpose: 'chat',
  name: 'Telegram',
  company: 'Telegram FZ-LLC',
  address: 'Business Central Towers, Tower A, Office 1003/1004, Dubai Media City, Dubai, United Arab Emirates',
  privacyUrl: 'https://telegram.org/privacy',
  hosts: ['t.me', 'telegram.org', 'web.telegram.org'],
  data: {
    en: 'Opening Telegram sends your IP address, details of your browser and what you share to Telegram, outside the EU.',
    de: 'Beim Öffnen von Telegram erhält Telegram Ihre IP-Adresse, Angaben zu Ihrem Browser und was Sie teilen, außerhalb der EU.',
    pl: 'Otwarcie Telegrama przekazuje firmie Telegram, spoza UE, Twój adres IP, informacje o przeglądarce i to, co udostępniasz.',
    fr: 'Ouvrir Telegram transmet votre adresse IP, des informations sur votre navigateur et ce que vous partagez à Telegram, hors de l’UE.',
  },
  purposeText: { en: 'to let you write to us or share our pages on Telegram', de: 'damit Sie uns über Telegram schreiben oder unsere Seiten teilen können', pl: 'aby umożliwić kontakt z nami lub udostępnianie naszych stron przez Telegram', fr: 'pour vous permettre de nous écrire ou de partager nos pages sur Telegram' },
  verb: 'open',
  layout: 'compact',
  label: { en: 'Telegram', de: 'Telegram', pl: 'Telegram', fr: 'Telegram' },
  params: ({ z, param }) => z.object({
    username: z.optional(z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9_]{4,31}$/, 'must be a Telegram user name'))),
    url: z.optional(param.httpsUrl()),
    text: z.optional(param.text(500)),
  }),
  box: () => ({ height: 36 }),
  build: (p, { pageUrl, locale }) =>
    p.username
      ? { kind: 'link', href: `https://t.me/${p.username}`, text: localize({ en: 'Chat on Telegram', de: 'Auf Telegram chatten', pl: 'Czat na Telegramie', fr: 'Discuter sur Telegram' }, locale) }
      : {
          kind: 'link',
          href: `https://t.me/share/url?${new URLSearchParams({ url: p.url ?? pageUrl, ...(p.text && { text: p.text }) })}`,
          text: localize({ en: 'Share on Telegram', de: 'Auf Telegram teilen', pl: 'Udostępnij na Telegramie', fr: 'Partager sur Telegram' }, locale),
        },
});
