import { expect } from '@open-wc/testing';
import '../../src/elements/embed/embed.js';
import { addConfigBlock, frames, resetConsent } from '../helpers.js';

// A page of its own (as config-check-center.test.ts) with a configuration block and only elements:
// the code that checks the configuration is fetched when the first element needs it; all wait for it.
addConfigBlock(JSON.stringify({ services: ['vimeo'], policyUrl: '/our-policy' }));

describe('elements on a page whose configuration is checked on demand', () => {
  after(resetConsent);

  it('an embed keeps its box from its first frame while the check arrives, then renders what the block says', async () => {
    const wrapper = document.createElement('div');
    wrapper.style.width = '640px';
    wrapper.innerHTML = '<ck-embed provider="youtube" video-id="aqz-KE-bpKQ"></ck-embed>';
    document.body.append(wrapper);
    try {
      const el = wrapper.querySelector('ck-embed') as HTMLElement & { updateComplete: Promise<unknown> };
      await frames(1);
      const first = el.getBoundingClientRect();
      await el.updateComplete;
      expect([Math.round(first.width), Math.round(first.height)]).to.deep.equal([640, 360]);
      expect(el.getBoundingClientRect().toJSON()).to.deep.equal(first.toJSON());
      const links = [...el.shadowRoot!.querySelectorAll('a[part="link"]')].map((a) => a.getAttribute('href'));
      expect(links).to.include('/our-policy');
    } finally {
      wrapper.remove();
    }
  });
});
