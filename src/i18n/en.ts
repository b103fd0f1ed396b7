import type { Translation } from '../core/i18n.js';

export const en: Translation = {
  load: 'Load {service}',
  open: 'Open {service}',
  always: 'Always allow {service}',
  provider: 'Provided by {company}, {address}.',
  gpcNote: 'Your browser asks sites not to sell or share your data (Global Privacy Control). {service} may use it for advertising, so it stays off unless you load it, for this visit only.',
  from: 'It is loaded from {host}.',
  policy: 'Privacy policy of {company}',
  sitePolicy: 'Our privacy policy',
  unavailable: 'This content cannot be shown.',
  imprint: 'Imprint',
  chatLauncher: 'Chat with us',
  chatTitle: 'Chat via {service}',
  chatNotice: 'The chat is run by {company}, {address}. {data} We use it {purpose}. Legal basis: your consent (Art. 6(1)(a) GDPR), which you can withdraw at any time with effect for the future. Details: {policyLink}, {imprintLink}.',
  chatPurpose: 'to answer your questions',
  chatConsent: 'I agree that my messages and the data named above are processed by {company} for this chat.',
  chatStart: 'Start chat',
  chatLater: 'Not now',
  chatHint: 'Tick the box above to start the chat.',
};
