import { expect, fixture } from '@open-wc/testing';
import { html, unsafeStatic } from 'lit/static-html.js';
import '../../src/elements/embed/embed.js';
import type { CkEmbed } from '../../src/elements/embed/embed.js';
import { registerScript } from '../../src/providers/registry.js';
import { resetRuntime, withdraw } from '../../src/kit/runtime.js';
import { captureConsole, part, realClick, requestsOnceSettled, resetConsent, thirdPartyElements, thirdPartyRequests, waitFor } from '../helpers.js';

const GENERIC = 'service="example" name="Example" company="Example GmbH" address="Musterstraße 1, Berlin" privacy-url="https://example.com/privacy"';

/** Every built-in provider as a site owner writes it, and what must be on the page after the click. */
const CASES: Array<{ provider: string; attributes: string; box: [number | null, number | null]; after: { selector: string; attributes: Record<string, string> } }> = [
  {
    provider: 'youtube',
    attributes: 'video-id="dQw4w9WgXcQ"',
    box: [640, 360],
    after: { selector: 'iframe', attributes: { src: 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&rel=0', title: 'YouTube video', referrerpolicy: 'strict-origin-when-cross-origin', loading: 'lazy' } },
  },
  {
    provider: 'vimeo',
    attributes: 'video-id="76979871"',
    box: [640, 360],
    after: { selector: 'iframe', attributes: { src: 'https://player.vimeo.com/video/76979871?dnt=1&autoplay=1', title: 'Vimeo video', referrerpolicy: 'strict-origin-when-cross-origin' } },
  },
  {
    provider: 'facebook-share',
    attributes: 'url="https://example.org/x"',
    box: [100, 28],
    after: {
      selector: 'iframe',
      attributes: {
        src: 'https://www.facebook.com/plugins/share_button.php?href=https%3A%2F%2Fexample.org%2Fx&layout=button&size=large&width=100&height=28&locale=en_US',
        title: 'Facebook share button',
        referrerpolicy: 'strict-origin-when-cross-origin',
      },
    },
  },
  {
    provider: 'facebook-like',
    attributes: 'url="https://example.org/x"',
    box: [90, 28],
    after: {
      selector: 'iframe',
      attributes: {
        src: 'https://www.facebook.com/plugins/like.php?href=https%3A%2F%2Fexample.org%2Fx&layout=button&action=like&size=large&share=false&show_faces=false&width=90&height=28&locale=en_US',
        title: 'Facebook like button',
      },
    },
  },
  {
    provider: 'facebook-page',
    attributes: 'url="https://www.facebook.com/heiseonline"',
    box: [340, 500],
    after: {
      selector: 'iframe',
      attributes: {
        src: 'https://www.facebook.com/plugins/page.php?href=https%3A%2F%2Fwww.facebook.com%2Fheiseonline&tabs=timeline&width=340&height=500&small_header=false&hide_cover=false&adapt_container_width=true&show_facepile=false&locale=en_US',
        title: 'Facebook page',
      },
    },
  },
  {
    provider: 'facebook-messenger',
    attributes: 'page="heiseonline"',
    box: [null, 36],
    after: { selector: 'a[part="widget"]', attributes: { href: 'https://m.me/heiseonline', target: '_blank', rel: 'noopener noreferrer' } },
  },
  {
    provider: 'whatsapp',
    attributes: 'phone="4915112345678"',
    box: [null, 36],
    after: { selector: 'a[part="widget"]', attributes: { href: 'https://wa.me/4915112345678', rel: 'noopener noreferrer' } },
  },
  {
    provider: 'telegram',
    attributes: 'username="durov"',
    box: [null, 36],
    after: { selector: 'a[part="widget"]', attributes: { href: 'https://t.me/durov', rel: 'noopener noreferrer' } },
  },
  {
    provider: 'x',
    attributes: 'post-id="20"',
    box: [550, 650],
    after: { selector: 'iframe', attributes: { src: 'https://platform.twitter.com/embed/Tweet.html?id=20&dnt=true&lang=en&theme=light', title: 'Post on X' } },
  },
  {
    provider: 'instagram',
    attributes: 'url="https://www.instagram.com/p/C1a2B3c4D5e/"',
    box: [400, 620],
    after: { selector: 'iframe', attributes: { src: 'https://www.instagram.com/p/C1a2B3c4D5e/embed/', title: 'Instagram post' } },
  },
  {
    provider: 'google-maps',
    attributes: 'q="Karlsplatz 1, Wien"',
    box: [640, 450],
    after: { selector: 'iframe', attributes: { src: 'https://maps.google.com/maps?q=Karlsplatz+1%2C+Wien&hl=en&output=embed', title: 'Map' } },
  },
  {
    provider: 'iframe',
    attributes: `${GENERIC} src="https://www.openstreetmap.org/export/embed.html" ratio="4/3" sandbox="allow-scripts"`,
    box: [640, 480],
    after: { selector: 'iframe', attributes: { src: 'https://www.openstreetmap.org/export/embed.html', sandbox: 'allow-scripts', title: 'Example' } },
  },
];

describe('every provider in <ck-embed>', function () {
  this.timeout(15_000);
  afterEach(resetConsent);

  for (const c of CASES) {
    it(`${c.provider}: reserves its box, loads nothing before the click, then exactly its widget`, async () => {
      // Rendered with its provider's code and every timer it set run; the canary includes a tab (link providers open one on the click).
      const { result: el, requests } = await requestsOnceSettled(async () => {
        const wrapper = await fixture<HTMLDivElement>(html`<div style="width: 640px"><ck-embed provider=${c.provider} ${unsafeStatic(c.attributes)}></ck-embed></div>`);
        const el = wrapper.querySelector('ck-embed') as CkEmbed;
        await el.updateComplete;
        return el;
      }, { tab: true });
      expect(requests).to.deep.equal([]);
      expect(thirdPartyElements(document.documentElement)).to.deep.equal([]);
      const box = el.getBoundingClientRect();
      if (c.box[0] !== null) expect(Math.round(box.width), 'width').to.equal(c.box[0]);
      if (c.box[1] !== null) expect(Math.round(box.height), 'height').to.equal(c.box[1]);

      const trigger = el.shadowRoot!.querySelector('[part="trigger"]');
      if (trigger) await realClick(trigger);
      await el.updateComplete;
      await realClick(part(el, 'button[part="button"]'));
      await el.updateComplete;
      const widget = el.shadowRoot!.querySelector(c.after.selector);
      expect(widget?.outerHTML ?? 'no widget').to.match(/^<(iframe|a)/);
      for (const [name, value] of Object.entries(c.after.attributes)) {
        expect(widget!.getAttribute(name), name).to.equal(value);
      }
      {
        // The browser's own log shows the frame's request (or the tab a link opened on the click), and it is the one expected.
        const src = widget!.getAttribute(widget!.localName === 'iframe' ? 'src' : 'href')!;
        let seen: string[] = [];
        await waitFor(async () => (seen = await thirdPartyRequests()).includes(src), 3000).catch(() => {
          throw new Error(`expected a request to ${src}, the log has ${JSON.stringify(seen)}`);
        });
      }
      const after = el.getBoundingClientRect();
      expect([Math.round(after.width), Math.round(after.height)], 'box after').to.deep.equal([Math.round(box.width), Math.round(box.height)]);
    });
  }

  it('script: only a script registered in JavaScript loads; setup first, teardown on withdrawal', async () => {
    const calls: string[] = [];
    registerScript('example', { src: 'https://chat.example.com/widget.js', init: () => calls.push('init'), teardown: () => calls.push('teardown') });
    const { result: el, requests } = await requestsOnceSettled(async () => {
      const el = await fixture<CkEmbed>(html`<ck-embed provider="script" ${unsafeStatic(GENERIC)} label="Chat with us"></ck-embed>`);
      await el.updateComplete;
      return el;
    });
    expect(document.querySelector('script[src^="https://chat.example.com"]') === null).to.equal(true);
    expect(requests).to.deep.equal([]);
    expect(part(el, '[part="trigger"]').textContent!.trim()).to.equal('Chat with us');
    await realClick(part(el, '[part="trigger"]'));
    await el.updateComplete;
    expect(part(el, '[part="text"]').textContent).to.contain('Example GmbH');
    await realClick(part(el, '[part="button"]'));
    expect(document.querySelector<HTMLScriptElement>('script[data-ck-service="example"]')?.src).to.equal('https://chat.example.com/widget.js');
    expect(calls).to.deep.equal(['init']);
    el.remove(); // the element is gone; the script and the withdrawal are the page's
    withdraw('example');
    await waitFor(() => calls.includes('teardown'), undefined, "the script's teardown");
    expect(document.querySelector('script[data-ck-service="example"]') === null).to.equal(true);
    expect(calls).to.deep.equal(['init', 'teardown']);
  });

  it('script: markup alone cannot bring in a script, nor borrow the consent of a built-in provider', async () => {
    const { messages: errors } = await captureConsole('error', async () => {
      const wrapper = await fixture(html`<div>
        <ck-embed provider="script" ${unsafeStatic(GENERIC.replace('example', 'not-registered'))}></ck-embed>
        <ck-embed provider="iframe" ${unsafeStatic(GENERIC.replace('service="example"', 'service="youtube"'))} src="https://evil.example/"></ck-embed>
      </div>`);
      // Both have their providers' code and have rendered: each has said what is wrong by then.
      await Promise.all([...wrapper.querySelectorAll<CkEmbed>('ck-embed')].map((el) => el.updateComplete));
    });
    expect(errors.join('\n')).to.contain('names no script registered with registerScript()');
    // A frame may name a built-in service only on the hosts of that provider's own frame.
    expect(errors.join('\n')).to.contain("must, with a built-in service, be an https URL on the hosts of that provider's own frame");
    expect(document.querySelectorAll('ck-embed')[0]!.shadowRoot!.textContent).to.contain('This content cannot be shown.');
  });

  it('iframe: "always allow" holds for the host agreed to, not for the same service elsewhere', async () => {
    const osm = (src: string) => html`<ck-embed provider="iframe" ${unsafeStatic(GENERIC)} src=${src}></ck-embed>`;
    const first = await fixture<CkEmbed>(osm('https://www.openstreetmap.org/export/embed.html'));
    await first.updateComplete;
    expect(part(first, '[part="text"]').textContent).to.contain('It is loaded from www.openstreetmap.org.');
    await realClick(part(first, 'input[type="checkbox"]'));
    await realClick(part(first, 'button[part="button"]'));
    resetRuntime();
    const same = await fixture<CkEmbed>(osm('https://www.openstreetmap.org/export/embed.html?bbox=1'));
    await same.updateComplete;
    expect(same.loaded, 'same host').to.equal(true);
    // `same` is the marker: a grant that holds loads by the element's updateComplete.
    const elsewhere = await fixture<CkEmbed>(osm('https://evil.example/export/embed.html'));
    await elsewhere.updateComplete;
    expect(elsewhere.loaded, 'other host').to.equal(false);
    expect(part(elsewhere, '[part="text"]').textContent).to.contain('It is loaded from evil.example.');
  });

  it('encodes hostile attribute values into the URL: nothing breaks out, no markup appears', async () => {
    const hostile = '"><img src=x onerror=alert(1)>&phone=1#';
    const el = await fixture<CkEmbed>(html`<ck-embed provider="whatsapp" text=${hostile}></ck-embed>`);
    await el.updateComplete;
    await realClick(part(el, '[part="trigger"]'));
    await el.updateComplete;
    await realClick(part(el, 'button[part="button"]'));
    await el.updateComplete;
    const link = part<HTMLAnchorElement>(el, 'a[part="widget"]');
    expect(link.getAttribute('href')).to.equal('https://wa.me/?text=%22%3E%3Cimg+src%3Dx+onerror%3Dalert%281%29%3E%26phone%3D1%23');
    expect(new URL(link.href).searchParams.get('text')).to.equal(hostile);
    expect(el.shadowRoot!.querySelector('img') === null).to.equal(true);
  });

  it('keeps a loaded widget when the site changes a data- or aria- attribute', async () => {
    const el = await fixture<CkEmbed>(html`<ck-embed provider="youtube" video-id="dQw4w9WgXcQ"></ck-embed>`);
    await el.updateComplete;
    await realClick(part(el, 'button[part="button"]'));
    // Mutation observers hear a change in the order they were created: once this one, created
    // after the element's, has heard both, so has the element; its updateComplete then covers
    // whatever it did about them.
    const heard = new Promise<void>((resolve) => {
      const observer = new MutationObserver(() => (observer.disconnect(), resolve()));
      observer.observe(el, { attributes: true });
    });
    el.dataset.tracking = 'x';
    el.setAttribute('aria-describedby', 'nothing');
    await heard;
    await el.updateComplete;
    expect(el.loaded).to.equal(true);
  });

  it('share links written into the page work without JavaScript, and give way to the consent flow with it', async () => {
    const wrapper = await fixture<HTMLDivElement>(
      html`<div><ck-embed provider="whatsapp" text="Look at this"><a href="https://wa.me/?text=Look%20at%20this">Share on WhatsApp</a></ck-embed></div>`,
    );
    const el = wrapper.querySelector('ck-embed') as CkEmbed;
    const authored = el.querySelector('a')!;
    await el.updateComplete;
    // The element has no slot: the authored link is kept in the page (for crawlers and no-JS
    // visitors) but not rendered, so a click can only reach the consent flow.
    expect(authored.getClientRects().length).to.equal(0);
    expect(part(el, '[part="trigger"]').textContent!.trim()).to.equal('WhatsApp');
    // Without the element's definition the same markup is a plain, working link.
    const plain = document.createElement('ck-not-defined');
    plain.append(authored.cloneNode(true));
    document.body.append(plain);
    expect(plain.querySelector('a')!.getClientRects().length).to.be.above(0);
    plain.remove();
  });

  it('an unknown provider: a clear error, "unavailable", nothing loads', async () => {
    const { messages: errors, result: { requests } } = await captureConsole('error', () =>
      requestsOnceSettled(async () => {
        const el = await fixture<CkEmbed>(html`<ck-embed provider="myspace"></ck-embed>`);
        await el.updateComplete;
        expect(el.shadowRoot!.textContent).to.contain('This content cannot be shown.');
        expect(el.shadowRoot!.querySelector('button') === null).to.equal(true);
      }),
    );
    expect(errors[0]).to.contain('there is no provider "myspace"');
    expect(requests).to.deep.equal([]);
  });
});
