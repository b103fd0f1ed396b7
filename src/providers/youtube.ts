import { localize } from '../core/i18n.js';
import { defineProvider } from './provider.js';

/**
 * A YouTube video by id, played from the privacy-enhanced host youtube-nocookie.com
 * (youtube.com sets cookies as soon as the player loads).
 *
 * Attributes: `video-id` (11 characters, required), `start` (seconds), `title` (frame title).
 */
export const youtube = defineProvider({
  id: 'youtube',
  name: 'YouTube',
  company: 'Google Ireland Limited',
  address: 'Gordon House, Barrow Street, Dublin 4, Ireland',
  privacyUrl: 'https://policies.google.com/privacy',
  hosts: ['www.youtube-nocookie.com', 'www.youtube.com', 'i.ytimg.com', 'yt3.ggpht.com', 'googlevideo.com', 'www.google.com', 'static.doubleclick.net', 'jnn-pa.googleapis.com'],
  frameHosts: ['www.youtube-nocookie.com', 'www.youtube.com'],
  data: {
    en: 'Loading the video sends your IP address, the address of this page and details of your browser to YouTube (Google), which may store data on your device and track how you watch.',
    de: 'Beim Laden des Videos erhält YouTube (Google) Ihre IP-Adresse, die Adresse dieser Seite und Angaben zu Ihrem Browser; YouTube kann Daten auf Ihrem Gerät speichern und Ihr Sehverhalten auswerten.',
    pl: 'Załadowanie filmu przekazuje YouTube (Google) Twój adres IP, adres tej strony i informacje o przeglądarce; YouTube może zapisywać dane na Twoim urządzeniu i analizować, co oglądasz.',
    fr: 'Charger la vidéo transmet votre adresse IP, l’adresse de cette page et des informations sur votre navigateur à YouTube (Google), qui peut enregistrer des données sur votre appareil et suivre ce que vous regardez.',
  },
  purposeText: { en: 'to show videos', de: 'um Videos anzuzeigen', pl: 'aby wyświetlać filmy', fr: 'pour afficher des vidéos' },
  layout: 'box',
  params: ({ z, param }) => z.object({
    'video-id': z.string().check(z.regex(/^[A-Za-z0-9_-]{11}$/, 'must be an 11-character YouTube video id')),
    start: z.optional(param.int(0, 86_400)),
    title: z.optional(z.string().check(z.maxLength(200))),
  }),
  box: () => ({ aspectRatio: '16 / 9' }),
  build: (p, { locale }) => {
    const query = new URLSearchParams({ autoplay: '1', rel: '0' });
    if (p.start) query.set('start', String(p.start));
    return {
      kind: 'iframe',
      src: `https://www.youtube-nocookie.com/embed/${p['video-id']}?${query}`,
      title: p.title ?? localize({ en: 'YouTube video', de: 'YouTube-Video', pl: 'Film w YouTube', fr: 'Vidéo YouTube' }, locale),
      allow: 'accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope; picture-in-picture',
      allowFullscreen: true,
      // The player refuses to play without a referrer (error 153), so the origin is sent.
      referrerPolicy: 'strict-origin-when-cross-origin',
    };
  },
});
