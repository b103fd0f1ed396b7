import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/embed/embed.js';
import type { CkEmbed } from '../../src/elements/embed/embed.js';
import { captureConsole, requestsBeforeCanary, resetConsent, thirdPartyRequests, waitFor } from '../helpers.js';

const loaded = (img: HTMLImageElement) => waitFor(() => img.complete && img.naturalWidth > 0, undefined, `the poster ${img.src} to load`);

describe('<ck-embed poster>: a picture behind the video, from this site only', () => {
  beforeEach(() => thirdPartyRequests({ clear: true }));
  afterEach(resetConsent);

  it('is accessible with a poster', async () => {
    const el = await fixture<CkEmbed>(html`<ck-embed provider="youtube" video-id="aqz-KE-bpKQ" poster="/test/fixtures/poster.svg"></ck-embed>`);
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it("shows the site's own image (relative or same-origin) behind the texts, and drops it when the video loads", async () => {
    const el = await fixture<CkEmbed>(html`<ck-embed provider="youtube" video-id="aqz-KE-bpKQ" poster="/test/fixtures/poster.svg"></ck-embed>`);
    await el.updateComplete;
    const img = el.shadowRoot!.querySelector<HTMLImageElement>('img[part="poster"]')!;
    expect(img.src).to.equal(new URL('/test/fixtures/poster.svg', location.href).href);
    expect(img.alt).to.equal('');
    await loaded(img);
    // Behind the texts: the title is drawn over it, and the picture fills the box.
    const title = el.shadowRoot!.querySelector('[part="title"]')!.getBoundingClientRect();
    expect(el.shadowRoot!.elementFromPoint(title.x + 2, title.y + title.height / 2)?.getAttribute('part')).to.equal('title');
    const box = el.getBoundingClientRect();
    expect([Math.round(img.getBoundingClientRect().width), Math.round(img.getBoundingClientRect().height)]).to.deep.equal([Math.round(box.width), Math.round(box.height)]);
    el.setAttribute('poster', `${location.origin}/test/fixtures/poster.svg?2`);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector<HTMLImageElement>('img[part="poster"]')!.src).to.equal(`${location.origin}/test/fixtures/poster.svg?2`);
    el.shadowRoot!.querySelector<HTMLButtonElement>('button[part="button"]')!.click();
    await waitFor(() => el.loaded, undefined, 'the video');
    expect(!!el.shadowRoot!.querySelector('img[part="poster"]'), 'a poster left over the video').to.equal(false);
  });

  it("never requests a third party's poster: it names the attribute in the console and shows none", async () => {
    for (const url of ['https://i.ytimg.com/vi/aqz-KE-bpKQ/hqdefault.jpg', '//i.ytimg.com/vi/aqz-KE-bpKQ/maxresdefault.jpg', 'javascript:alert(1)']) {
      const { result: el, messages } = await captureConsole('error', async () => {
        const made = await fixture<CkEmbed>(html`<ck-embed provider="youtube" video-id="aqz-KE-bpKQ" poster=${url}></ck-embed>`);
        await made.updateComplete;
        return made;
      });
      // The poster was not requested: the canary requests, made after the render, came first. (Only
      // its own URL counts: the video an earlier test loaded may still be fetching its parts.)
      const poster = new URL(url, location.href).href;
      expect((await requestsBeforeCanary({ clear: true })).filter((u) => u === poster), url).to.deep.equal([]);
      expect(messages.length, url).to.equal(1);
      expect(messages[0]).to.contain(`poster="${url}"`).and.contain('/posters/youtube/');
      expect(el.shadowRoot!.querySelector('img')?.outerHTML ?? 'no image', url).to.equal('no image');
      // The box still shows its placeholder, without a picture.
      expect(el.shadowRoot!.querySelector('[part="container"]')!.classList.contains('poster')).to.equal(false);
      el.remove();
    }
  });

  it("takes the site's own <img slot=\"poster\"> instead", async () => {
    const el = await fixture<CkEmbed>(html`<ck-embed provider="vimeo" video-id="1084537"><img slot="poster" src="/test/fixtures/poster.svg" alt="" /></ck-embed>`);
    await el.updateComplete;
    const img = el.querySelector('img')!;
    await loaded(img);
    const slot = el.shadowRoot!.querySelector<HTMLSlotElement>('slot[name="poster"]')!;
    expect(slot.assignedElements().length === 1 && slot.assignedElements()[0] === img, 'the img is in the slot').to.equal(true);
    await waitFor(() => el.shadowRoot!.querySelector('[part="container"]')!.classList.contains('poster'), undefined, 'the poster styles');
    const box = el.getBoundingClientRect();
    expect(Math.round(img.getBoundingClientRect().height)).to.equal(Math.round(box.height));
  });
});
