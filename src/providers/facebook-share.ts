import { localize } from '../core/i18n.js';
import { defineProvider } from './provider.js';
import { meta } from './meta.js';

const WIDTH = 100;
const HEIGHT = 28;

/**
 * Facebook's share button for a URL, as the plugin iframe (no SDK, no counter).
 *
 * Attributes: `url` (what to share; default: this page's canonical URL).
 */
export const facebookShare = defineProvider({
  ...meta.facebook,
  id: 'facebook-share',
  purpose: 'share',
  name: 'Facebook share button',
  data: {
    en: 'Loading the share button sends your IP address, the address of this page and details of your browser to Meta, which can link them to your Facebook account if you are logged in.',
    de: 'Beim Laden des Teilen-Buttons erhält Meta Ihre IP-Adresse, die Adresse dieser Seite und Angaben zu Ihrem Browser und kann sie Ihrem Facebook-Konto zuordnen, wenn Sie angemeldet sind.',
    pl: 'Załadowanie przycisku udostępniania przekazuje firmie Meta Twój adres IP, adres tej strony i informacje o przeglądarce; jeśli jesteś zalogowany, Meta może powiązać je z Twoim kontem na Facebooku.',
    fr: 'Charger le bouton de partage transmet votre adresse IP, l’adresse de cette page et des informations sur votre navigateur à Meta, qui peut les relier à votre compte Facebook si vous êtes connecté.',
  },
  purposeText: { en: 'to let you share our pages on Facebook', de: 'damit Sie unsere Seiten auf Facebook teilen können', pl: 'aby umożliwić udostępnianie naszych stron na Facebooku', fr: 'pour vous permettre de partager nos pages sur Facebook' },
  layout: 'compact',
  label: { en: 'Share', de: 'Teilen', pl: 'Udostępnij', fr: 'Partager' },
  params: ({ z, param }) => z.object({ url: z.optional(param.httpsUrl()) }),
  box: () => ({ width: WIDTH, height: HEIGHT }),
  build: (p, { pageUrl, locale }) => ({
    kind: 'iframe',
    src: `https://www.facebook.com/plugins/share_button.php?${new URLSearchParams({
      href: p.url ?? pageUrl,
      layout: 'button',
      size: 'large',
      width: String(WIDTH),
      height: String(HEIGHT),
      locale: meta.facebookLocale(locale),
    })}`,
    title: localize({ en: 'Facebook share button', de: 'Facebook-Teilen-Button', pl: 'Przycisk udostępniania Facebooka', fr: 'Bouton de partage Facebook' }, locale),
  }),
});
