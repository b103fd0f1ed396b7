import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/privacy-center/privacy-center.js';
import type { CkPrivacyCenter } from '../../src/elements/privacy-center/privacy-center.js';
import { addConfigBlock, resetConsent } from '../helpers.js';

// A page of its own (as config-check.test.ts) with a configuration block and only elements: the
// code that checks the configuration is fetched when the first element needs it; all wait for it.
addConfigBlock(JSON.stringify({ services: ['vimeo'], policyUrl: '/our-policy' }));

describe('the privacy center on a page whose configuration is checked on demand', () => {
  after(resetConsent);

  // Nothing on this page has fetched the check before.
  it('the privacy center lists the services the block names', async () => {
    const center = await fixture<CkPrivacyCenter>(html`<ck-privacy-center></ck-privacy-center>`);
    await center.updateComplete;
    const names = [...center.shadowRoot!.querySelectorAll('[part="service"] [part="name"]')].map((n) => n.textContent!.trim());
    expect(names).to.include('Vimeo');
  });
});
