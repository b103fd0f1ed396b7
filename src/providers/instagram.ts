import { localize } from '../core/i18n.js';
import { toUrl } from '../core/url.js';
import { defineProvider } from './provider.js';
import { meta } from './meta.js';

const POST = /^\/(p|reel|tv)\/([A-Za-z0-9_-]{5,40})\/?$/;

/**
 * An Instagram post or reel, as Instagram's embed iframe (no embed.js).
 *
 * Attributes: `url` (https://www.instagram.com/p/… or /reel/…; required), `height` (300–2000 px, default 620).
 */
export const instagram = defineProvider({
  ...meta.facebook,
  id: 'instagram',
  name: 'Instagram',
  privacyUrl: 'https://privacycenter.instagram.com/policy',
  hosts: ['www.instagram.com', 'instagram.com', 'static.cdninstagram.com', 'scontent.cdninstagram.com'],
  frameHosts: ['www.instagram.com'],
  data: {
    en: 'Loading the post sends your IP address, the address of this page and details of your browser to Meta, which can link them to your Instagram account if you are logged in.',
    de: 'Beim Laden des Beitrags erhält Meta Ihre IP-Adresse, die Adresse dieser Seite und Angaben zu Ihrem Browser und kann sie Ihrem Instagram-Konto zuordnen, wenn Sie angemeldet sind.',
    pl: 'Załadowanie posta przekazuje firmie Meta Twój adres IP, adres tej strony i informacje o przeglądarce; jeśli jesteś zalogowany, Meta może powiązać je z Twoim kontem na Instagramie.',
    fr: 'Charger la publication transmet votre adresse IP, l’adresse de cette page et des informations sur votre navigateur à Meta, qui peut les relier à votre compte Instagram si vous êtes connecté.',
  },
  purposeText: { en: 'to show posts from Instagram', de: 'um Beiträge von Instagram anzuzeigen', pl: 'aby wyświetlać posty z Instagrama', fr: 'pour afficher des publications d’Instagram' },
  layout: 'box',
  params: ({ z, param }) => z.object({
    url: param
      .httpsUrl('www.instagram.com', 'instagram.com')
      .check(z.refine((v) => POST.test(toUrl(v)?.pathname ?? ''), 'must be the address of a post or reel')),
    height: z.optional(param.int(300, 2000)),
  }),
  box: (p) => ({ width: 400, height: p.height ?? 620 }),
  build: (p, { locale }) => {
    const [, kind, code] = POST.exec(new URL(p.url).pathname)!;
    return {
      kind: 'iframe',
      src: `https://www.instagram.com/${kind}/${code}/embed/`,
      title: localize({ en: 'Instagram post', de: 'Instagram-Beitrag', pl: 'Post na Instagramie', fr: 'Publication Instagram' }, locale),
    };
  },
});
