import type { Translation } from '../core/i18n.js';

export const de: Translation = {
  load: '{service} laden',
  open: '{service} öffnen',
  always: '{service} immer erlauben',
  provider: 'Anbieter: {company}, {address}.',
  from: 'Er wird von {host} geladen.',
  policy: 'Datenschutzerklärung von {company}',
  sitePolicy: 'Unsere Datenschutzerklärung',
  unavailable: 'Dieser Inhalt kann nicht angezeigt werden.',
};
