import { localize } from '../core/i18n.js';
import { defineProvider } from './provider.js';

/**
 * A Google Maps map: either a place or address to search (`q`), or the `src` of an embed copied
 * from Google Maps' "Share → Embed a map" (https://www.google.com/maps/embed?pb=…).
 *
 * Attributes: `q` or `src` (one required), `height` (150–2000 px, default 450), `title`.
 */
export const googleMaps = defineProvider({
  id: 'google-maps',
  name: 'Google Maps',
  company: 'Google Ireland Limited',
  address: 'Gordon House, Barrow Street, Dublin 4, Ireland',
  privacyUrl: 'https://policies.google.com/privacy',
  hosts: ['www.google.com', 'maps.google.com', 'maps.googleapis.com', 'maps.gstatic.com', 'fonts.gstatic.com', 'khms0.googleapis.com', 'khms1.googleapis.com'],
  frameHosts: ['www.google.com', 'maps.google.com'],
  data: {
    en: 'Loading the map sends your IP address, the address of this page and details of your browser to Google, which may store data on your device.',
    de: 'Beim Laden der Karte erhält Google Ihre IP-Adresse, die Adresse dieser Seite und Angaben zu Ihrem Browser; Google kann Daten auf Ihrem Gerät speichern.',
    pl: 'Załadowanie mapy przekazuje Google Twój adres IP, adres tej strony i informacje o przeglądarce; Google może zapisywać dane na Twoim urządzeniu.',
    fr: 'Charger la carte transmet votre adresse IP, l’adresse de cette page et des informations sur votre navigateur à Google, qui peut enregistrer des données sur votre appareil.',
  },
  purposeText: { en: 'to show maps and directions', de: 'um Karten und Anfahrtswege anzuzeigen', pl: 'aby wyświetlać mapy i wskazówki dojazdu', fr: 'pour afficher des cartes et itinéraires' },
  layout: 'box',
  params: ({ z, param }) =>
    z.object({
      q: z.optional(z.string().check(z.minLength(2), z.maxLength(200))),
      src: z.optional(param.httpsUrl('www.google.com').check(z.refine((v) => v.startsWith('https://www.google.com/maps/embed?'), 'must be a Google Maps embed address'))),
      height: z.optional(param.int(150, 2000)),
      title: z.optional(param.text(200)),
    })
    .check(z.refine((p) => !!(p.q || p.src), 'needs "q" (a place to show) or "src" (an embed address)')),
  box: (p) => ({ height: p.height ?? 450 }),
  build: (p, { locale }) => ({
    kind: 'iframe',
    src: p.src ?? `https://maps.google.com/maps?${new URLSearchParams({ q: p.q!, hl: locale, output: 'embed' })}`,
    title: p.title ?? localize({ en: 'Map', de: 'Karte', pl: 'Mapa', fr: 'Carte' }, locale),
    allowFullscreen: true,
  }),
});
