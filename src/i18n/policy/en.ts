import type { PolicyTexts } from '../../policy.js';

export const en: PolicyTexts = {
  intro: 'We use {service} {purpose}. The provider is {company}, {address}.',
  loading: 'The content loads only after you click on its placeholder. {data}',
  basis:
    'The legal basis is your consent (Art. 6(1)(a) GDPR; for storing or reading information on your device also Art. 5(3) ePrivacy Directive as implemented nationally, in Germany § 25(1) TDDDG).',
  storage:
    'If you choose "Always allow", we remember your choice in the first-party cookie "{cookie}" for {days} days; otherwise only while the page is open. What {company} stores is described in its privacy policy: {providerPolicy}.',
  withdrawSettings: 'You can withdraw your consent at any time, with effect for the future, in our privacy settings: {settings}.',
  withdrawCookie: 'You can withdraw your consent at any time, with effect for the future, by deleting the cookie "{cookie}" in your browser.',
  settings: 'privacy settings',
  purpose: 'to offer you this content',
};
