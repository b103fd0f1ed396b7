import { localize } from '../core/i18n.js';
import { defineProvider } from './provider.js';
import { meta } from './meta.js';

const WIDTH = 90;
const HEIGHT = 28;

/**
 * Facebook's like button for a URL, as the plugin iframe (no SDK, no counter, no faces).
 *
 * Attributes: `url` (what to like; default: this page's canonical URL).
 */
export const facebookLike = defineProvider({
  ...meta.facebook,
  id: 'facebook-like',
  purpose: 'share',
  name: 'Facebook like button',
  data: {
    en: 'Loading the like button sends your IP address, the address of this page and details of your browser to Meta, which can link them to your Facebook account if you are logged in.',
    de: 'Beim Laden des Gefällt-mir-Buttons erhält Meta Ihre IP-Adresse, die Adresse dieser Seite und Angaben zu Ihrem Browser und kann sie Ihrem Facebook-Konto zuordnen, wenn Sie angemeldet sind.',
    pl: 'Załadowanie przycisku „Lubię to” przekazuje firmie Meta Twój adres IP, adres tej strony i informacje o przeglądarce; jeśli jesteś zalogowany, Meta może powiązać je z Twoim kontem na Facebooku.',
    fr: 'Charger le bouton « J’aime » transmet votre adresse IP, l’adresse de cette page et des informations sur votre navigateur à Meta, qui peut les relier à votre compte Facebook si vous êtes connecté.',
  },
  purposeText: { en: 'to let you like our pages on Facebook', de: 'damit Sie unsere Seiten auf Facebook mit „Gefällt mir“ markieren können', pl: 'aby umożliwić polubienie naszych stron na Facebooku', fr: 'pour vous permettre d’aimer nos pages sur Facebook' },
  layout: 'compact',
  label: { en: 'Like', de: 'Gefällt mir', pl: 'Lubię to', fr: 'J’aime' },
  params: ({ z, param }) => z.object({ url: z.optional(param.httpsUrl()) }),
  box: () => ({ width: WIDTH, height: HEIGHT }),
  build: (p, { pageUrl, locale }) => ({
    kind: 'iframe',
    src: `https://www.facebook.com/plugins/like.php?${new URLSearchParams({
      href: p.url ?? pageUrl,
      layout: 'button',
      action: 'like',
      size: 'large',
      share: 'false',
      show_faces: 'false',
      width: String(WIDTH),
      height: String(HEIGHT),
      locale: meta.facebookLocale(locale),
    })}`,
    title: localize({ en: 'Facebook like button', de: 'Facebook-Gefällt-mir-Button', pl: 'Przycisk „Lubię to” Facebooka', fr: 'Bouton J’aime de Facebook' }, locale),
  }),
});
