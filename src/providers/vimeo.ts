import { localize } from '../core/i18n.js';
import { defineProvider } from './provider.js';

/**
 * A Vimeo video by id, with `dnt=1` (Vimeo then sets no tracking cookies and records no session data).
 *
 * Attributes: `video-id` (digits, required), `hash` (the `h` of unlisted videos), `title`.
 */
export const vimeo = defineProvider({
  id: 'vimeo',
  name: 'Vimeo',
  company: 'Vimeo.com, Inc.',
  address: '330 West 34th Street, 5th Floor, New York, NY 10001, USA',
  privacyUrl: 'https://vimeo.com/privacy',
  hosts: ['player.vimeo.com', 'i.vimeocdn.com', 'f.vimeocdn.com', 'fresnel.vimeocdn.com', 'vod-adaptive-ak.vimeocdn.com'],
  frameHosts: ['player.vimeo.com'],
  data: {
    en: 'Loading the video sends your IP address, the address of this page and details of your browser to Vimeo in the USA.',
    de: 'Beim Laden des Videos erhält Vimeo in den USA Ihre IP-Adresse, die Adresse dieser Seite und Angaben zu Ihrem Browser.',
    pl: 'Załadowanie filmu przekazuje firmie Vimeo w USA Twój adres IP, adres tej strony i informacje o przeglądarce.',
    fr: 'Charger la vidéo transmet votre adresse IP, l’adresse de cette page et des informations sur votre navigateur à Vimeo, aux États-Unis.',
  },
  purposeText: { en: 'to show videos', de: 'um Videos anzuzeigen', pl: 'aby wyświetlać filmy', fr: 'pour afficher des vidéos' },
  layout: 'box',
  params: ({ z }) => z.object({
    'video-id': z.string().check(z.regex(/^\d{1,12}$/, 'must be a numeric Vimeo video id')),
    hash: z.optional(z.string().check(z.regex(/^[0-9a-f]{6,20}$/, 'must be the hex "h" of an unlisted video'))),
    title: z.optional(z.string().check(z.maxLength(200))),
  }),
  box: () => ({ aspectRatio: '16 / 9' }),
  build: (p, { locale }) => ({
    kind: 'iframe',
    // dnt: no tracking cookies, no session data (https://help.vimeo.com → "Do Not Track").
    src: `https://player.vimeo.com/video/${p['video-id']}?${new URLSearchParams({ dnt: '1', autoplay: '1', ...(p.hash && { h: p.hash }) })}`,
    title: p.title ?? localize({ en: 'Vimeo video', de: 'Vimeo-Video', pl: 'Film w Vimeo', fr: 'Vidéo Vimeo' }, locale),
    allow: 'autoplay; fullscreen; picture-in-picture',
    allowFullscreen: true,
  }),
});
