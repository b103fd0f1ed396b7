import type { Translation } from '../core/i18n.js';

export const fr: Translation = {
  load: 'Charger {service}',
  open: 'Ouvrir {service}',
  always: 'Toujours autoriser {service}',
  provider: 'Fourni par {company}, {address}.',
  from: 'Il est chargé depuis {host}.',
  policy: 'Politique de confidentialité de {company}',
  sitePolicy: 'Notre politique de confidentialité',
  unavailable: 'Ce contenu ne peut pas être affiché.',
};
