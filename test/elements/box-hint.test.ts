import { expect } from '@open-wc/testing';
import '../../src/elements/embed/embed.js';
import { frames, resetConsent } from '../helpers.js';

// A page of its own, so that the Vimeo provider module has not been loaded before.
describe('<ck-embed> before its provider module has arrived', () => {
  afterEach(resetConsent);

  it('already takes the widget box in its first frame', async () => {
    const wrapper = document.createElement('div');
    wrapper.style.width = '640px';
    const el = document.createElement('ck-embed');
    el.setAttribute('provider', 'vimeo');
    el.setAttribute('video-id', '76979871');
    wrapper.append(el);
    document.body.append(wrapper);
    try {
      await frames(1);
      const first = el.getBoundingClientRect();
      await el.updateComplete;
      const settled = el.getBoundingClientRect();
      expect([first.width, Math.round(first.height)]).to.deep.equal([640, 360]);
      expect(settled.toJSON()).to.deep.equal(first.toJSON());
    } finally {
      wrapper.remove();
    }
  });
});
