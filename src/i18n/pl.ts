import type { Translation } from '../core/i18n.js';

export const pl: Translation = {
  load: 'Załaduj: {service}',
  open: 'Otwórz: {service}',
  always: 'Zawsze zezwalaj: {service}',
  provider: 'Dostawca: {company}, {address}.',
  from: 'Jest ładowana z {host}.',
  policy: 'Polityka prywatności {company}',
  sitePolicy: 'Nasza polityka prywatności',
  unavailable: 'Nie można wyświetlić tej treści.',
};
