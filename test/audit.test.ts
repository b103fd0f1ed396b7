import { expect, fixture, html } from '@open-wc/testing';
import '../src/elements/embed/embed.js';
import type { CkEmbed } from '../src/elements/embed/embed.js';
import { site, thirdPartyHost } from '../src/audit/audit.js';
import { audit, withdraw, type AuditOptions, type AuditResult } from '../src/index.js';
import { captureConsole, part, realClick, requestsBeforeCanary, resetConsent, thirdPartyRequests, waitFor, watchTimers } from './helpers.js';

const VIDEO = 'dQw4w9WgXcQ';

/** Resolves once the browser's resource timing has an entry for `url` (the request is done). */
const requested = (url: string) => waitFor(() => performance.getEntriesByName(url).length > 0, 5000, `a request to ${url}`);

/** Runs `audit()` and records what it said: warnings and infos (its table is kept out of the log). */
async function audited(options: AuditOptions): Promise<{ result: AuditResult; warnings: string[]; infos: string[] }> {
  const table = console.table;
  console.table = () => {};
  try {
    const { result, messages: infos } = await captureConsole('info', () => captureConsole('warn', () => audit(options)));
    return { result: result.result, warnings: result.messages, infos };
  } finally {
    console.table = table;
  }
}

const urls = (result: AuditResult) => result.leaks.map((l) => l.url);

// Resource timing entries stay for the whole page: every audit here looks only at requests since
// its test began (`since`).
describe('audit(): the self-check of a page', () => {
  afterEach(resetConsent);

  it('names the image that called a tracker before consent, and where it sits', async () => {
    const since = performance.now();
    const sidebar = await fixture<HTMLElement>(html`<aside id="sidebar"><p>Ads</p></aside>`);
    sidebar.querySelector('p')!.insertAdjacentHTML('beforeend', '<img alt="" src="https://tracker.example/pixel.gif">');
    await requested('https://tracker.example/pixel.gif');

    const { result, warnings, infos } = await audited({ since });
    expect(result.clean).to.equal(false);
    expect(urls(result)).to.deep.equal(['https://tracker.example/pixel.gif']);
    const [leak] = result.leaks;
    expect(leak!.host).to.equal('tracker.example');
    expect(leak!.initiatorType).to.equal('img');
    expect(leak!.startTime >= since).to.equal(true);
    expect(leak!.description).to.equal('<img src="https://tracker.example/pixel.gif"> in <aside#sidebar>');
    expect(leak!.element?.localName).to.equal('img');
    expect(warnings.length).to.equal(1);
    expect(warnings[0]).to.contain('1 request to a third-party host before consent');
    expect(warnings[0]).to.contain('https://tracker.example/pixel.gif');
    expect(warnings[0]).to.contain('<img src="https://tracker.example/pixel.gif"> in <aside#sidebar>');
    expect(infos).to.deep.equal([]);
  });

  it('finds a page with only a placeholder clean, and says so once, without a warning', async () => {
    const since = performance.now();
    const timers = watchTimers();
    try {
      const el = await fixture<CkEmbed>(html`<ck-embed provider="youtube" video-id=${VIDEO}></ck-embed>`);
      await el.updateComplete; // its provider's code is loaded, it has rendered
      await timers.settled(); // and whatever it scheduled has run
    } finally {
      timers.stop();
    }

    const { result, warnings, infos } = await audited({ since });
    expect(result.clean).to.equal(true);
    expect(urls(result)).to.deep.equal([]);
    expect(warnings).to.deep.equal([]);
    expect(infos).to.deep.equal([`consentkit audit: no request to a third-party host before consent; ${result.checked} request${result.checked === 1 ? '' : 's'} checked.`]);
    // And the page was clean indeed: nothing was requested before canaries made after the audit
    // (one the audit could not see yet, still under way, included). The canaries come after the
    // audit, which would count them.
    expect(await requestsBeforeCanary()).to.deep.equal([]);
  });

  it('accepts YouTube requests after the click, but not a YouTube thumbnail before it, nor a tracker after it', async () => {
    const since = performance.now();
    const wrapper = await fixture<HTMLElement>(html`<div style="width: 640px">
      <ck-embed provider="youtube" video-id=${VIDEO}></ck-embed>
      <div id="thumbs"></div>
    </div>`);
    const el = wrapper.querySelector('ck-embed')!;
    await el.updateComplete;
    const thumbs = wrapper.querySelector('#thumbs')!;
    // What lite-youtube-style embeds do: a remote thumbnail before any click.
    const before = `https://i.ytimg.com/vi/${VIDEO}/hqdefault.jpg`;
    thumbs.insertAdjacentHTML('beforeend', `<img alt="" src="${before}">`);
    await requested(before);

    await realClick(part(el, 'button[part="button"]'));
    await waitFor(async () => (await thirdPartyRequests()).some((url) => url.startsWith('https://www.youtube-nocookie.com/embed/')), 5000, 'the player');
    // The player's own navigation shows in resource timing only once it loads (the test server's
    // 204 stub aborts it), so the page asks a YouTube host itself, now that YouTube is allowed.
    const after = `https://i.ytimg.com/vi/${VIDEO}/maxresdefault.jpg`;
    const tracker = 'https://tracker.example/after-consent.gif';
    thumbs.insertAdjacentHTML('beforeend', `<img alt="" src="${after}"><img alt="" src="${tracker}">`);
    await fetch(`https://www.youtube-nocookie.com/embed/${VIDEO}?audit`, { mode: 'no-cors' });
    await requested(after);
    await requested(tracker);

    const { result, warnings } = await audited({ since });
    expect(urls(result)).to.deep.equal([before, tracker]);
    expect(result.leaks[0]!.description).to.equal(`<img src="${before}"> in <div#thumbs>`);
    expect(result.checked >= 4).to.equal(true);
    expect(warnings.length).to.equal(1);
    expect(warnings[0]).not.to.contain('youtube-nocookie');
    expect(warnings[0]).not.to.contain('maxresdefault');

    // Withdrawn: from then on a YouTube request is one without consent again.
    withdraw('youtube');
    const later = `https://i.ytimg.com/vi/${VIDEO}/sddefault.jpg`;
    thumbs.insertAdjacentHTML('beforeend', `<img alt="" src="${later}">`);
    await requested(later);
    expect(urls((await audited({ since })).result)).to.deep.equal([before, tracker, later]);
  });

  it('reports a request a script made with new Image() as not in the document', async () => {
    const since = performance.now();
    new Image().src = 'https://leak.example/x';
    await requested('https://leak.example/x');

    const { result, warnings } = await audited({ since });
    expect(result.clean).to.equal(false);
    expect(urls(result)).to.deep.equal(['https://leak.example/x']);
    const [leak] = result.leaks;
    expect(leak!.element === undefined).to.equal(true);
    expect(leak!.description).to.equal('not in the document: made by a script (new Image(), fetch, sendBeacon); initiatorType "img"');
    expect(warnings.length).to.equal(1);
    expect(warnings[0]).to.contain('not in the document');
  });

  it('ignores data: URLs and requests to its own site', async () => {
    const since = performance.now();
    const wrapper = await fixture<HTMLElement>(html`<div>
      <img alt="" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" />
      <img alt="" src="/test/fixtures/sw.js?audit-image" />
    </div>`);
    await requested(new URL('/test/fixtures/sw.js?audit-image', location.href).href);
    const { result, warnings } = await audited({ since });
    expect(result.clean).to.equal(true);
    expect(result.checked >= 1).to.equal(true);
    expect(warnings).to.deep.equal([]);
    wrapper.remove();
  });

  it('counts only http(s) and ws(s) requests to another site as third-party', () => {
    // Chromium keeps no resource timing for data: images, so the page test above cannot show this.
    const urls = ['data:image/gif;base64,R0lGODlhAQABAAAAACw=', 'blob:https://tracker.example/1', `${location.origin}/x.js`, 'https://tracker.example/p.gif', 'wss://live.example/socket'];
    expect(urls.map((url) => thirdPartyHost(url) ?? '-')).to.deep.equal(['-', '-', '-', 'tracker.example', 'live.example']);
  });

  it('tells sites apart by registrable domain, localhost and IP addresses by exact host', () => {
    expect(['www.youtube-nocookie.com', 'i.ytimg.com', 'shop.example.co.uk', 'example.co.uk', 'localhost', '127.0.0.1', '[::1]', 'a.b.de.'].map(site)).to.deep.equal([
      'youtube-nocookie.com',
      'ytimg.com',
      'example.co.uk',
      'example.co.uk',
      'localhost',
      '127.0.0.1',
      '[::1]',
      'b.de',
    ]);
  });

  it('with data-audit on the drop-in, watches the page: each leak reported once, with its element and moment', async function () {
    this.timeout(30_000);
    // A page of its own: console calls are recorded before the drop-in module runs.
    const frame = document.createElement('iframe');
    frame.srcdoc = `<!doctype html><html lang="en"><head>
      <script>
        window.said = [];
        console.warn = (...args) => said.push('warn: ' + args.map(String).join(' '));
        console.info = (...args) => said.push('info: ' + args.map(String).join(' '));
        console.table = () => {};
      </script>
      <script type="module" src="/src/drop-in.ts" data-audit></script>
    </head><body>
      <main id="article"><img alt="" src="https://early.example/a.gif"></main>
      <aside id="late"></aside>
    </body></html>`;
    document.body.append(frame);
    try {
      const win = frame.contentWindow as Window & { said?: string[] };
      const said = () => win.said ?? [];
      await waitFor(() => said().length >= 1, 20_000, 'the first report');
      expect(said().length).to.equal(1);
      expect(said()[0]).to.match(/^warn: consentkit audit: 1 request to a third-party host before consent/);
      expect(said()[0]).to.contain('https://early.example/a.gif');
      expect(said()[0]).to.contain('<img src="https://early.example/a.gif"> in <main#article>');

      // Inserted later, as a tag manager would: each named with its moment. (Two that finish within
      // the quiet window share one warning; on a busy machine they may not, so that is not asserted.)
      frame.contentDocument!.querySelector('#late')!.innerHTML = '<img alt="" src="https://late.example/b.gif"><img alt="" src="https://late.example/c.gif">';
      const reported = (url: string) => said().filter((line) => line.includes(url)).length;
      await waitFor(() => reported('late.example/b.gif') && reported('late.example/c.gif'), 10_000, 'the later reports');
      const later = said().slice(1).join('\n');
      expect(later).to.match(/^warn: consentkit audit: \d more requests? to a third-party host before consent/);
      expect(later).to.match(/<img src="https:\/\/late\.example\/b\.gif"> in <aside#late>, inserted at \d+ ms/);
      // A canary leak after them: once it is reported, a repeat of an earlier one would have been too.
      frame.contentDocument!.querySelector('#late')!.insertAdjacentHTML('beforeend', '<img alt="" src="https://canary.example/d.gif">');
      await waitFor(() => reported('canary.example/d.gif'), 10_000, 'the canary report');
      expect(['early.example/a.gif', 'late.example/b.gif', 'late.example/c.gif'].map(reported), 'each reported once').to.deep.equal([1, 1, 1]);
    } finally {
      frame.remove();
    }
  });
});
