import { expect } from '@open-wc/testing';
import '../../src/elements/embed/embed.js';
import { reserveBoxes } from '../../src/kit/boxes.js';
import { frames, realClick, resetConsent } from '../helpers.js';

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

describe('the box reserved before any element code is here (reserveBoxes, from the loader)', () => {
  /** A page of its own in which no consentkit element is defined: what a visitor's page is before the code arrives. */
  async function undefinedPage(body: string): Promise<{ doc: Document; frame: HTMLIFrameElement }> {
    const frame = document.createElement('iframe');
    frame.style.cssText = 'width:640px;height:1400px;border:0';
    document.body.append(frame);
    const doc = frame.contentDocument!;
    doc.body.style.margin = '0';
    doc.body.innerHTML = body;
    return { doc, frame };
  }
  const size = (el: Element) => [Math.round(el.getBoundingClientRect().width), Math.round(el.getBoundingClientRect().height)];

  it('is the box the element then gives itself, for each built-in provider, and the site\'s CSS wins', async () => {
    const tags = ['youtube" video-id="aqz-KE-bpKQ', 'google-maps" q="Brandenburger Tor', 'facebook-page" url="https://www.facebook.com/yourpage', 'facebook-share', 'whatsapp" phone="4930123456789'];
    const { doc, frame } = await undefinedPage(
      `<style>.site { height: 123px }</style>${tags.map((p) => `<div><ck-embed provider="${p}"></ck-embed></div>`).join('')}<div><ck-embed class="site" provider="youtube"></ck-embed></div>`,
    );
    try {
      const embeds = [...doc.querySelectorAll('ck-embed')];
      expect(embeds.map(size)[0]).to.deep.equal([0, 0], 'an unknown (inline, empty) tag, before');
      reserveBoxes(doc);
      const reserved = embeds.map(size);
      expect(reserved.slice(0, 4)).to.deep.equal([[640, 360], [640, 450], [340, 500], [100, 28]]);
      expect(reserved[4]![1]).to.equal(36);
      expect(reserved[5]).to.deep.equal([640, 123], "the site's own rule");
      // The same tags, defined (in this page): the box does not change when the code arrives.
      const wrapper = document.createElement('div');
      wrapper.style.width = '640px';
      wrapper.innerHTML = tags.map((p) => `<div><ck-embed provider="${p}"></ck-embed></div>`).join('');
      document.body.append(wrapper);
      try {
        const defined = [...wrapper.querySelectorAll('ck-embed')];
        await Promise.all(defined.map((e) => (e as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete));
        expect(defined.slice(0, 4).map(size)).to.deep.equal(reserved.slice(0, 4));
        expect(size(defined[4]!)[1]).to.equal(36);
      } finally {
        wrapper.remove();
      }
    } finally {
      frame.remove();
    }
  });
});

describe('placeholders a site sets inline-block', () => {
  afterEach(resetConsent);

  it('keep the lines around them where they are when one of them becomes its widget', async () => {
    const wrapper = document.createElement('div');
    wrapper.style.width = '700px';
    wrapper.innerHTML = `<style>.row ck-embed { display: inline-block; width: 200px; }</style>
      <p class="row"><ck-embed provider="youtube" video-id="aqz-KE-bpKQ"></ck-embed> <ck-embed provider="vimeo" video-id="76979871"></ck-embed> text beside them</p>
      <p id="below">A line below.</p>`;
    document.body.append(wrapper);
    try {
      const [video, other] = [...wrapper.querySelectorAll<HTMLElement & { loaded: boolean; updateComplete: Promise<unknown> }>('ck-embed')];
      await video!.updateComplete;
      await other!.updateComplete;
      const below = wrapper.querySelector('#below')!;
      const before = below.getBoundingClientRect().top;
      await realClick(video!.shadowRoot!.querySelector('button[part="button"]')!);
      await video!.updateComplete;
      expect([video!.loaded, other!.loaded]).to.deep.equal([true, false]);
      expect(below.getBoundingClientRect().top, 'the line below').to.equal(before);
    } finally {
      wrapper.remove();
    }
  });
});

describe('a placeholder whose texts are taller than its box', () => {
  afterEach(resetConsent);

  it('keeps its title, "Load" and "Always allow" in the box; only the texts between scroll: YouTube in German on a 320 px phone', async () => {
    const wrapper = document.createElement('div');
    wrapper.style.width = '288px'; // a 320 px screen, less the page's margins
    wrapper.innerHTML = '<ck-embed provider="youtube" video-id="aqz-KE-bpKQ" lang="de"></ck-embed>';
    document.body.append(wrapper);
    try {
      const el = wrapper.querySelector('ck-embed') as HTMLElement & { updateComplete: Promise<unknown> };
      await el.updateComplete;
      const part = (name: string) => el.shadowRoot!.querySelector(`[part~="${name}"]`)!;
      const box = part('container').getBoundingClientRect();
      expect(Math.round(box.height), 'the 16:9 box').to.equal(Math.round((288 * 9) / 16));
      expect(el.getBoundingClientRect().height, 'the element').to.equal(box.height);
      const body = part('text').parentElement!;
      expect(body.scrollHeight, 'the texts are taller than the room left for them').to.be.greaterThan(body.clientHeight);
      expect(getComputedStyle(body).overflowY, 'a visitor can scroll them').to.equal('auto');
      // The fade at the edge with more beyond it follows the body's own scrolling.
      expect(body.getAnimations().map((a) => a.timeline?.constructor.name)).to.deep.equal(['ScrollTimeline']);
      for (const name of ['title', 'button', 'toggle']) {
        const r = part(name).getBoundingClientRect();
        expect([r.top >= box.top, r.bottom <= box.bottom], `${name}: inside the box, unscrolled`).to.deep.equal([true, true]);
      }
      // The text starts at the top of its scroller; scrolled to the end, the last link shows in full.
      expect(part('text').getBoundingClientRect().top).to.be.at.least(body.getBoundingClientRect().top);
      body.scrollTop = body.scrollHeight;
      const links = [...el.shadowRoot!.querySelectorAll('[part="link"]')];
      expect(links.at(-1)!.getBoundingClientRect().bottom).to.be.at.most(body.getBoundingClientRect().bottom);
    } finally {
      wrapper.remove();
    }
  });
});
