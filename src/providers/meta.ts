import type { Locale } from '../core/i18n.js';

/** What the Facebook plugins have in common: one company, one set of hosts. */
export const meta = {
  facebook: {
    company: 'Meta Platforms Ireland Limited',
    address: 'Merrion Road, Dublin 4, D04 X2K5, Ireland',
    privacyUrl: 'https://www.facebook.com/privacy/policy/',
    hosts: ['www.facebook.com', 'facebook.com', 'm.facebook.com', 'static.xx.fbcdn.net', 'scontent.xx.fbcdn.net', 'connect.facebook.net'],
  },
  /** Facebook wants `de_DE`-style locales. */
  facebookLocale: (locale: Locale) => ({ en: 'en_US', de: 'de_DE', pl: 'pl_PL', fr: 'fr_FR' })[locale],
};
