import { localize } from '../core/i18n.js';
import { defineProvider } from './provider.js';
import { meta } from './meta.js';

/**
 * Facebook's page plugin (a page's timeline, events or messages), as the plugin iframe.
 *
 * Attributes: `url` (the page, on facebook.com; required), `tabs` (`timeline`, `events`,
 * `messages`, comma-separated; default `timeline`), `width` (180–500, default 340),
 * `height` (70–2000, default 500), `small-header`, `hide-cover`.
 */
export const facebookPage = defineProvider({
  ...meta.facebook,
  frameHosts: ['www.facebook.com'],
  id: 'facebook-page',
  name: 'Facebook page',
  data: {
    en: 'Loading the page plugin sends your IP address, the address of this page and details of your browser to Meta, which can link them to your Facebook account if you are logged in.',
    de: 'Beim Laden des Seiten-Plugins erhält Meta Ihre IP-Adresse, die Adresse dieser Seite und Angaben zu Ihrem Browser und kann sie Ihrem Facebook-Konto zuordnen, wenn Sie angemeldet sind.',
    pl: 'Załadowanie wtyczki strony przekazuje firmie Meta Twój adres IP, adres tej strony i informacje o przeglądarce; jeśli jesteś zalogowany, Meta może powiązać je z Twoim kontem na Facebooku.',
    fr: 'Charger le plugin de page transmet votre adresse IP, l’adresse de cette page et des informations sur votre navigateur à Meta, qui peut les relier à votre compte Facebook si vous êtes connecté.',
  },
  purposeText: { en: 'to show our Facebook page', de: 'um unsere Facebook-Seite anzuzeigen', pl: 'aby wyświetlać naszą stronę na Facebooku', fr: 'pour afficher notre page Facebook' },
  layout: 'box',
  params: ({ z, param }) => z.object({
    url: param.httpsUrl('www.facebook.com', 'facebook.com', 'm.facebook.com'),
    tabs: z.optional(z.string().check(z.regex(/^(timeline|events|messages)(,(timeline|events|messages))*$/, 'must list timeline, events or messages'))),
    width: z.optional(param.int(180, 500)),
    height: z.optional(param.int(70, 2000)),
    'small-header': param.flag(),
    'hide-cover': param.flag(),
  }),
  box: (p) => ({ width: p.width ?? 340, height: p.height ?? 500 }),
  build: (p, { locale }) => ({
    kind: 'iframe',
    src: `https://www.facebook.com/plugins/page.php?${new URLSearchParams({
      href: p.url,
      tabs: p.tabs ?? 'timeline',
      width: String(p.width ?? 340),
      height: String(p.height ?? 500),
      small_header: String(p['small-header']),
      hide_cover: String(p['hide-cover']),
      adapt_container_width: 'true',
      show_facepile: 'false',
      locale: meta.facebookLocale(locale),
    })}`,
    title: localize({ en: 'Facebook page', de: 'Facebook-Seite', pl: 'Strona na Facebooku', fr: 'Page Facebook' }, locale),
  }),
});
