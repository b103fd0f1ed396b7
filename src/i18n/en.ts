import type { Translation } from '../core/i18n.js';

export const en: Translation = {
  load: 'Load {service}',
  open: 'Open {service}',
  always: 'Always allow {service}',
  provider: 'Provided by {company}, {address}.',
  from: 'It is loaded from {host}.',
  policy: 'Privacy policy of {company}',
  sitePolicy: 'Our privacy policy',
  unavailable: 'This content cannot be shown.',
};
