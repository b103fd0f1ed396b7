import { expect } from '@open-wc/testing';
import '../src/index.js';
import type { CkEmbed } from '../src/elements/embed/embed.js';
import { allowed, getStore, withdraw } from '../src/kit/runtime.js';
import { configure } from '../src/kit/configure.js';
import { captureConsole, part, realClick, requestsBeforeCanary, resetConsent, thirdPartyElements, thirdPartyRequests, waitFor } from './helpers.js';

declare global {
  interface Window {
    gatedRuns?: number;
    gatedOrder?: string[];
    inlineRuns?: number;
  }
}

/** Markup as a CMS writes it, put into the page (the element loader and the gate see it). */
function page(markup: string): HTMLElement {
  const article = document.createElement('article');
  article.id = 'post';
  article.style.width = '640px';
  article.innerHTML = markup;
  document.body.append(article);
  return article;
}

/** innerHTML never runs scripts, so gated scripts are written the way the parser would leave them. */
function gatedScript(attributes: Record<string, string>, text = ''): HTMLScriptElement {
  const script = document.createElement('script');
  script.type = 'text/plain';
  for (const [name, value] of Object.entries(attributes)) script.setAttribute(name, value);
  script.text = text;
  return script;
}

/**
 * A gated inline script of an allowed service, added after the others: once it has run, the gate
 * has gone through everything before it, so "did not run" can be asserted without guessing a delay.
 */
async function canary(service = 'canary'): Promise<void> {
  const name = `canary${Math.random().toString(36).slice(2)}`;
  if (!allowed(service)) allow(service);
  // After the test's markup in document order, and outside it, so the test's counts stay its own.
  const script = gatedScript({ 'data-ck-service': service }, `window.${name} = true;`);
  script.className = 'canary';
  document.body.append(script);
  await waitFor(() => (window as unknown as Record<string, unknown>)[name], 5000, 'the gate to reach the canary');
}

const allow = (service: string, remember = true) => getStore().decide(service, 'granted', { version: 'v1', remember });
/** The placeholder the gate put in `root`, once its code is loaded and it has rendered. */
async function embedIn(root: Element): Promise<CkEmbed> {
  const el = await waitFor(() => root.querySelector<CkEmbed>('ck-embed'), 5000, 'the placeholder');
  await customElements.whenDefined('ck-embed');
  await el.updateComplete;
  return el;
}
const frameIn = (embed: CkEmbed) => embed.shadowRoot?.querySelector('iframe')?.getAttribute('src') ?? null;
const INLINE = "window.inlineRuns = (window.inlineRuns ?? 0) + 1; (window.gatedOrder ??= []).push('inline');";
const OSM = {
  'data-ck-service': 'openstreetmap',
  'data-src': 'https://www.openstreetmap.org/export/embed.html?bbox=13.3,52.5,13.4,52.6',
  'data-ck-name': 'OpenStreetMap',
  'data-ck-company': 'OpenStreetMap Foundation',
  'data-ck-address': 'St John’s Innovation Centre, Cambridge, CB4 0WS, United Kingdom',
  'data-ck-privacy-url': 'https://osmfoundation.org/wiki/Privacy_Policy',
};
const frameMarkup = (attributes: Record<string, string>) =>
  `<iframe ${Object.entries(attributes).map(([k, v]) => `${k}="${v}"`).join(' ')} width="600" height="300" title="Map of Berlin"></iframe>`;

/**
 * The platforms' own responsive embed code, pasted as a site does, `src` renamed `data-src` and
 * `data-ck-service` added as the README says. Each is one wrapper element.
 */
const SNIPPETS: Record<string, string> = {
  // vimeo.com → Share → Embed, "Responsive"
  'Vimeo (a padding-top wrapper, the frame absolute in it)':
    '<div style="padding:56.25% 0 0 0;position:relative;"><iframe data-ck-service="vimeo" data-src="https://player.vimeo.com/video/76979871?h=8272103f6e" frameborder="0" allow="autoplay; fullscreen; picture-in-picture" style="position:absolute;top:0;left:0;width:100%;height:100%;" title="The New Vimeo Player (You Know, For Videos)"></iframe></div>',
  // youtube.com → Share → Embed
  'YouTube (width and height attributes)':
    '<div><iframe width="560" height="315" data-ck-service="youtube" data-src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" title="YouTube video player" frameborder="0" allow="accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope; picture-in-picture; web-share" referrerpolicy="strict-origin-when-cross-origin" allowfullscreen></iframe></div>',
  'a frame sized by aspect-ratio in its style':
    '<div><iframe data-ck-service="youtube" data-src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" style="aspect-ratio:16/9;width:100%;border:0" title="Our sourdough"></iframe></div>',
  'YouTube with width and height made fluid by its style':
    '<div><iframe width="560" height="315" style="width:100%;height:auto;aspect-ratio:16/9" frameborder="0" data-ck-service="youtube" data-src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" title="YouTube video player" allowfullscreen></iframe></div>',
  'a frame sized by a class of the site\'s stylesheet':
    '<div class="map-box"><iframe class="map" data-ck-service="openstreetmap" data-src="https://www.openstreetmap.org/export/embed.html?bbox=13.3,52.5,13.4,52.6" data-ck-name="OpenStreetMap" data-ck-company="OpenStreetMap Foundation" data-ck-address="St John’s Innovation Centre, Cambridge, CB4 0WS, United Kingdom" data-ck-privacy-url="https://osmfoundation.org/wiki/Privacy_Policy" title="Map of Berlin"></iframe></div>',
};
const SITE_CSS = '.map-box { max-width: 500px; } .map { display: block; width: 100%; height: 280px; border: 1px solid; }';

/** `el`'s box relative to `wrapper`'s, in CSS pixels. */
function boxIn(el: Element, wrapper: Element) {
  const r = el.getBoundingClientRect();
  const w = wrapper.getBoundingClientRect();
  return { top: r.top - w.top, left: r.left - w.left, width: r.width, height: r.height };
}
/** The same inside `el`'s border: what a frame's page gets. */
function insideIn(el: Element, wrapper: Element) {
  const box = boxIn(el, wrapper);
  return { top: box.top + el.clientTop, left: box.left + el.clientLeft, width: el.clientWidth, height: el.clientHeight };
}
function expectSameBox(actual: ReturnType<typeof boxIn>, expected: ReturnType<typeof boxIn>, what: string): void {
  const off = (Object.keys(expected) as (keyof typeof expected)[]).filter((k) => Math.abs(actual[k] - expected[k]) > 1);
  expect(off, `${what}: ${JSON.stringify(actual)} instead of ${JSON.stringify(expected)}`).to.deep.equal([]);
}

describe('gated markup: scripts and iframes the page already has', function () {
  this.timeout(20_000);
  afterEach(async () => {
    document.querySelectorAll('article#post, script.canary, script.canary + script').forEach((a) => a.remove());
    delete window.gatedRuns;
    delete window.gatedOrder;
    delete window.inlineRuns;
    await resetConsent();
  });

  it('runs gated scripts only after consent, exactly once, in document order, nonce carried over', async () => {
    configure({ providers: { stats: { name: 'Statistics', company: 'Example Analytics Ltd' } } });
    const article = page('');
    article.append(
      gatedScript({ 'data-ck-service': 'stats', 'data-src': '/test/fixtures/gated.js', nonce: 'n0nce' }),
      // A legacy fallback: never runs where modules work, and must not hold back the next one.
      gatedScript({ 'data-ck-service': 'stats', 'data-src': '/test/fixtures/gated.js', nomodule: '' }),
      gatedScript({ 'data-ck-service': 'stats', id: 'inline-stats' }, INLINE),
      gatedScript({ 'data-ck-service': 'stats', 'data-src': 'https://stats.example/collect.js' }),
    );
    await canary();
    expect(window.gatedRuns, 'external before consent').to.equal(undefined);
    expect(window.inlineRuns, 'inline before consent').to.equal(undefined);
    expect(await requestsBeforeCanary()).to.deep.equal([]);

    allow('stats');
    await waitFor(() => window.inlineRuns === 1 && window.gatedRuns === 1, 5000, 'the gated scripts to run');
    expect(window.gatedOrder).to.deep.equal(['external', 'inline']);
    await waitFor(async () => (await thirdPartyRequests()).includes('https://stats.example/collect.js'), 5000, 'the third-party script');
    const copies = [...article.querySelectorAll('script:not([type="text/plain"])')] as HTMLScriptElement[];
    expect(copies.length).to.equal(3);
    expect(copies[0]!.nonce, 'nonce of the copy').to.equal('n0nce');
    expect(document.querySelectorAll('#inline-stats').length, 'one element with the id').to.equal(1);
    expect(document.getElementById('inline-stats')!.getAttribute('type'), 'the id is on the copy').to.equal(null);
    expect(article.querySelectorAll('script[data-ck-state="ran"]').length).to.equal(3);

    // Withdrawn and given again, on the same page: what ran does not run twice.
    withdraw('stats');
    allow('stats');
    await canary();
    expect([window.gatedRuns, window.inlineRuns]).to.deep.equal([1, 1]);
    expect(article.querySelectorAll('script:not([type="text/plain"])').length).to.equal(3);

    // Markup re-rendered from what is on screen (a cache, a framework) keeps its mark: no second run.
    const again = document.createElement('div');
    again.innerHTML = article.innerHTML;
    article.append(again);
    await canary();
    expect([window.gatedRuns, window.inlineRuns], 'after a re-render').to.deep.equal([1, 1]);
  });

  it('runs a gated script once when consent arrives twice in one task', async () => {
    const article = page('');
    article.append(gatedScript({ 'data-ck-service': 'stats', 'data-src': '/test/fixtures/gated.js' }), gatedScript({ 'data-ck-service': 'stats' }, INLINE));
    await canary();
    // A click and the site's own call, or a grant and a configure(), in the same task.
    allow('stats');
    allow('stats', false);
    configure({});
    await canary();
    expect([window.gatedRuns, window.inlineRuns]).to.deep.equal([1, 1]);
  });

  it('runs a gated script once when the page copies its markup before the script\'s turn', async () => {
    const article = page('');
    article.append(gatedScript({ 'data-ck-service': 'stats', 'data-src': '/test/fixtures/gated.js' }), gatedScript({ 'data-ck-service': 'stats' }, INLINE));
    await canary();
    allow('stats');
    // In the task of the grant, before any gated script's turn: a framework re-renders what is on screen.
    const again = document.createElement('div');
    again.innerHTML = article.innerHTML;
    article.append(again);
    await canary();
    expect([window.gatedRuns, window.inlineRuns]).to.deep.equal([1, 1]);
  });

  it('runs the copy of a gated script that replaced it before its turn, once', async () => {
    const article = page('');
    article.append(gatedScript({ 'data-ck-service': 'stats', 'data-src': '/test/fixtures/gated.js' }), gatedScript({ 'data-ck-service': 'stats' }, INLINE));
    await canary();
    allow('stats');
    article.innerHTML = article.innerHTML; // the originals leave the page, their copies stay
    await canary();
    expect([window.gatedRuns, window.inlineRuns]).to.deep.equal([1, 1]);
    expect(article.querySelectorAll('script[data-ck-state="ran"]').length).to.equal(2);
  });

  it('runs a gated script once when an identical one left the page before its turn', async () => {
    const twin = gatedScript({ 'data-ck-service': 'stats' }, INLINE);
    page('').append(twin, gatedScript({ 'data-ck-service': 'stats' }, INLINE));
    await canary();
    allow('stats');
    twin.remove(); // taken away before its turn, with no copy in its place
    await canary();
    expect(window.inlineRuns).to.equal(1);
  });

  it('does not run a gated script whose consent was withdrawn before its turn', async () => {
    const article = page('');
    article.append(gatedScript({ 'data-ck-service': 'stats' }, INLINE));
    await canary();
    allow('stats');
    withdraw('stats');
    await canary();
    expect(window.inlineRuns, 'withdrawn in the task of the grant').to.equal(undefined);
    allow('stats');
    await canary();
    expect(window.inlineRuns, 'allowed again').to.equal(1);
  });

  it('runs a script a CMS adds after load, when its service is allowed already', async () => {
    configure({ providers: { stats: { name: 'Statistics', company: 'Example Analytics Ltd' } } });
    allow('stats');
    const article = page('<p>Loading…</p>');
    await canary(); // the gate has been through the page: only its observer can see what comes now
    article.append(gatedScript({ 'data-ck-service': 'stats' }, INLINE));
    await waitFor(() => window.inlineRuns === 1, 5000, 'the late script to run');
    await canary();
    expect(window.inlineRuns).to.equal(1);
  });

  it('refuses a gated script with an unsafe address or a bad service id, and says why', async () => {
    allow('stats');
    const { messages } = await captureConsole('error', async () => {
      const article = page('');
      article.append(
        gatedScript({ 'data-ck-service': 'stats', 'data-src': 'http://insecure.example/x.js' }),
        gatedScript({ 'data-ck-service': 'Not An Id' }, INLINE),
        gatedScript({ 'data-ck-service': 'stats', src: 'https://other.example/x.js' }),
        gatedScript({ 'data-ck-service': 'youtube' }, INLINE),
      );
      allow('youtube');
      await canary();
    });
    expect(messages.some((m) => m.includes('data-src="http://insecure.example/x.js"') && m.includes('needs a data-src that is https or on this site'))).to.equal(true);
    expect(messages.some((m) => m.includes('needs data-ck-service with a service id'))).to.equal(true);
    expect(messages.some((m) => m.includes('has a src attribute; give the address in data-src'))).to.equal(true);
    expect(messages.some((m) => m.includes('data-ck-service="youtube"') && m.includes('names a built-in provider'))).to.equal(true);
    expect(window.inlineRuns).to.equal(undefined);
    expect(await requestsBeforeCanary()).to.deep.equal([]);
  });

  it('shows a placeholder in place of a gated iframe, loads it on the click, removes it on withdrawal', async () => {
    // As hand-written markup has them: a bare sandbox (no exception), a trailing semicolon, an id.
    const article = page(frameMarkup({ ...OSM, sandbox: '', allow: 'geolocation;', id: 'map' }));
    const embed = await embedIn(article);
    await embed.updateComplete;
    expect(article.querySelector('iframe') === null, 'the inert frame is gone').to.equal(true);
    expect(part(embed, '[part="title"]').textContent).to.equal('OpenStreetMap');
    expect(part(embed, '[part="text"]').textContent).to.include('www.openstreetmap.org');
    expect(getComputedStyle(embed).height).to.equal('300px');
    expect(thirdPartyElements(document.documentElement)).to.deep.equal([]);
    expect(await requestsBeforeCanary()).to.deep.equal([]);

    await realClick(part(embed, 'button[part="button"]'));
    await embed.updateComplete;
    expect(frameIn(embed)).to.equal(OSM['data-src']);
    // The runner logs the frame's request on its own channel, later than the click: seen here, it
    // cannot land in the next test's log after this test's clean-up has cleared it.
    await waitFor(async () => (await thirdPartyRequests()).includes(OSM['data-src']), 5000, 'the frame to request its page');
    expect(part(embed, 'iframe').getAttribute('title')).to.equal('Map of Berlin');
    expect(part(embed, 'iframe').getAttribute('sandbox'), 'sandbox kept, with no exception').to.equal('');
    expect(part(embed, 'iframe').getAttribute('allow')).to.equal('geolocation');
    expect(embed.id).to.equal('map');

    withdraw('openstreetmap');
    await embed.updateComplete;
    expect(frameIn(embed), 'frame after withdrawal').to.equal(null);
    expect(part(embed, 'button[part="button"]').textContent!.trim()).to.equal('Load OpenStreetMap');
  });

  it('gives an iframe a comments widget inserts after load its placeholder, and nothing reaches its host', async () => {
    // The third party named once in the configuration, not on the frame.
    const { 'data-ck-name': name, 'data-ck-company': company, 'data-ck-address': address, 'data-ck-privacy-url': privacyUrl } = OSM;
    configure({ providers: { openstreetmap: { name, company, address, privacyUrl } } });
    const article = page('<p>Comments are loading…</p>');
    await canary(); // the gate has been through the page: only its observer can see what comes now
    article.insertAdjacentHTML('beforeend', frameMarkup({ 'data-ck-service': OSM['data-ck-service'], 'data-src': OSM['data-src'] }));
    const embed = await embedIn(article);
    expect(part(embed, 'button[part="button"]').textContent!.trim()).to.equal('Load OpenStreetMap');
    expect(thirdPartyElements(document.documentElement)).to.deep.equal([]);
    expect(await requestsBeforeCanary()).to.deep.equal([]);
  });

  for (const [snippet, markup] of Object.entries(SNIPPETS)) {
    it(`keeps the site's layout of ${snippet}, before and after the click`, async () => {
      // The same markup ungated (and without an address, so it loads nothing) shows the site's layout.
      const article = page(`<style>${SITE_CSS}</style>${markup.replace('data-ck-service=', 'data-site-service=')}${markup}`);
      const [siteWrapper, wrapper] = [...article.querySelectorAll(':scope > div')];
      const siteFrame = siteWrapper!.querySelector('iframe')!;
      const site = { frame: boxIn(siteFrame, siteWrapper!), inside: insideIn(siteFrame, siteWrapper!), wrapper: siteWrapper!.getBoundingClientRect().height };
      expect(site.frame.height, 'a frame of some size').to.be.above(100);
      const embed = await embedIn(wrapper!);

      expectSameBox(boxIn(embed, wrapper!), site.frame, 'placeholder');
      expectSameBox(boxIn(part(embed, '[part="container"]'), wrapper!), site.inside, 'its grey box');
      expect(wrapper!.getBoundingClientRect().height, 'the wrapper\'s height').to.be.closeTo(site.wrapper, 1);

      await realClick(part(embed, 'button[part="button"]'));
      await embed.updateComplete;
      expectSameBox(boxIn(part(embed, 'iframe'), wrapper!), site.inside, 'loaded frame');
      expect(wrapper!.getBoundingClientRect().height, 'the wrapper\'s height when loaded').to.be.closeTo(site.wrapper, 1);
      // Logged before the test ends, so that it cannot land in the next test's log.
      await waitFor(async () => (await thirdPartyRequests()).includes(frameIn(embed)!), 5000, 'the frame to request its page');
    });
  }

  it('keeps the site\'s layout at every rendering while the placeholders\' code arrives', async () => {
    // A page of its own: nothing of consentkit is loaded there yet (see the fixture).
    const tab = document.createElement('iframe');
    tab.src = '/test/fixtures/gated-layout.html';
    tab.style.cssText = 'width: 640px; height: 2400px; border: 0';
    document.body.append(tab);
    try {
      type Entry = { index: number; tag: string; wrapperHeight: number; box: ReturnType<typeof boxIn> };
      const win = () => tab.contentWindow as (Window & { layoutLog?: Entry[] }) | null;
      const wrappers = (which: string) => [...(tab.contentDocument?.querySelectorAll(`.${which} > div`) ?? [])];
      await waitFor(() => wrappers('gated').length && wrappers('gated').every((w) => w.querySelector('ck-embed')?.shadowRoot?.querySelector('[part="button"]')), 20_000, 'the placeholders');
      // One more rendering: its sizes are in the log too.
      await new Promise((r) => win()!.requestAnimationFrame(() => win()!.requestAnimationFrame(r)));
      const site = wrappers('site').map((w) => ({ frame: boxIn(w.querySelector('iframe')!, w), height: w.getBoundingClientRect().height }));
      const log = win()!.layoutLog!;
      for (const [index, { frame, height }] of site.entries()) {
        const entries = log.filter((e) => e.index === index);
        expect(entries.some((e) => e.tag === 'ck-embed'), `placeholder ${index} measured`).to.equal(true);
        for (const e of entries) {
          expect(e.wrapperHeight, `wrapper ${index}, ${e.tag}`).to.be.closeTo(height, 1);
          if (e.tag !== 'div') expectSameBox(e.box, frame, `wrapper ${index}, ${e.tag}`);
        }
      }
      expect(await requestsBeforeCanary()).to.deep.equal([]);
    } finally {
      tab.remove();
    }
  });

  it('lets a frame of a built-in service share its consent, on that provider\'s hosts only', async () => {
    allow('youtube');
    const article = page(
      frameMarkup({ 'data-ck-service': 'youtube', 'data-src': 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ', allowfullscreen: '' }) +
        frameMarkup({ 'data-ck-service': 'youtube', 'data-src': 'https://evil.example/embed/x' }) +
        // On YouTube's list of hosts, but as an ad host its content calls, not YouTube's frame.
        frameMarkup({ 'data-ck-service': 'youtube', 'data-src': 'https://static.doubleclick.net/instream/ad_status.js' }),
    );
    const { messages } = await captureConsole('error', async () => {
      await waitFor(() => article.querySelectorAll('ck-embed').length === 3, 5000, 'three placeholders');
      await customElements.whenDefined('ck-embed');
      for (const el of article.querySelectorAll<CkEmbed>('ck-embed')) await el.updateComplete;
    });
    const [good, bad, ad] = [...article.querySelectorAll<CkEmbed>('ck-embed')];
    expect(frameIn(ad!), 'an ad host under the YouTube name').to.equal(null);
    expect(frameIn(good!), 'remembered YouTube consent').to.equal('https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ');
    expect(part(good!, 'iframe').getAttribute('allow')).to.include('fullscreen');
    expect(frameIn(bad!), 'another host under the YouTube name').to.equal(null);
    expect(messages.some((m) => m.includes("on the hosts of that provider's own frame"))).to.equal(true);
    expect((await requestsBeforeCanary()).some((url) => url.includes('evil.example') || url.includes('doubleclick'))).to.equal(false);
  });
});
