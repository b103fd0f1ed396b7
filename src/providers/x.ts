import { localize } from '../core/i18n.js';
import { defineProvider } from './provider.js';

/**
 * A post on X (Twitter), as X's embed iframe with `dnt=true` (no personalisation from the visit);
 * no widgets.js, so the frame keeps the reserved height.
 *
 * Attributes: `post-id` (digits, required), `height` (200–2000 px, default 650), `theme` (`light`/`dark`).
 */
export const x = defineProvider({
  id: 'x',
  name: 'X (Twitter)',
  company: 'Twitter International Unlimited Company',
  address: 'One Cumberland Place, Fenian Street, Dublin 2, D02 AX07, Ireland',
  privacyUrl: 'https://x.com/en/privacy',
  hosts: ['platform.twitter.com', 'syndication.twitter.com', 'cdn.syndication.twimg.com', 'pbs.twimg.com', 'abs.twimg.com', 'video.twimg.com'],
  frameHosts: ['platform.twitter.com'],
  data: {
    en: 'Loading the post sends your IP address, the address of this page and details of your browser to X, which can link them to your X account if you are logged in.',
    de: 'Beim Laden des Beitrags erhält X Ihre IP-Adresse, die Adresse dieser Seite und Angaben zu Ihrem Browser und kann sie Ihrem X-Konto zuordnen, wenn Sie angemeldet sind.',
    pl: 'Załadowanie wpisu przekazuje firmie X Twój adres IP, adres tej strony i informacje o przeglądarce; jeśli jesteś zalogowany, X może powiązać je z Twoim kontem.',
    fr: 'Charger la publication transmet votre adresse IP, l’adresse de cette page et des informations sur votre navigateur à X, qui peut les relier à votre compte X si vous êtes connecté.',
  },
  purposeText: { en: 'to show posts from X', de: 'um Beiträge von X anzuzeigen', pl: 'aby wyświetlać wpisy z X', fr: 'pour afficher des publications de X' },
  layout: 'box',
  params: ({ z, param }) => z.object({
    'post-id': z.string().check(z.regex(/^\d{1,20}$/, 'must be the numeric id of the post')),
    height: z.optional(param.int(200, 2000)),
    theme: z.optional(z.enum(['light', 'dark'])),
  }),
  box: (p) => ({ width: 550, height: p.height ?? 650 }),
  build: (p, { locale }) => ({
    kind: 'iframe',
    src: `https://platform.twitter.com/embed/Tweet.html?${new URLSearchParams({ id: p['post-id'], dnt: 'true', lang: locale, theme: p.theme ?? 'light' })}`,
    title: localize({ en: 'Post on X', de: 'Beitrag auf X', pl: 'Wpis w X', fr: 'Publication sur X' }, locale),
  }),
});
