import type { PolicyTexts } from '../../policy/policy.js';

export const en: PolicyTexts = {
  intro: 'We use {service} {purpose}. The provider is {company}, {address}.',
  loading: 'The content loads only after you agree on its placeholder: once, or on every visit if you choose "Always allow". {data} {company} may process data outside the EU/EEA; its privacy policy names the safeguards it relies on.',
  basis:
    'The legal basis is your consent (Art. 6(1)(a) GDPR; for storing or reading information on your device also Art. 5(3) ePrivacy Directive as implemented nationally, in Germany § 25(1) TDDDG).',
  storage:
    'If you choose "Always allow", we remember your choice in the first-party cookie "{cookie}" for {days} days; otherwise only while the page is open. What {company} stores is described in its privacy policy: {providerPolicy}.',
  withdrawSettings: 'You can withdraw your consent at any time, with effect for the future, in our privacy settings: {settings}.',
  withdrawCookie: 'You can withdraw your consent at any time, with effect for the future, by deleting the cookie "{cookie}" in your browser.',
  settings: 'privacy settings',
  purpose: 'to offer you this content',
  proofs: 'To be able to prove your consent (Art. 7(1) GDPR) we record your decision with its time, the page, the version of the text you saw and a random identifier stored in the cookie "{cookie}"; nothing else about you.',
};
