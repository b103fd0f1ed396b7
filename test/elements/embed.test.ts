import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import Cookies from 'js-cookie';
import '../../src/elements/embed/embed.js';
import type { CkEmbed } from '../../src/elements/embed/embed.js';
import { getStore, resetRuntime, withdraw } from '../../src/kit/runtime.js';
import { configure } from '../../src/kit/configure.js';
import { textVersion } from '../../src/core/hash.js';
import { captureConsole, part, realClick, requestsBeforeCanary, requestsOnceSettled, resetConsent, thirdPartyElements, thirdPartyRequests, waitFor } from '../helpers.js';
import { testReceiver } from '../proof-helpers.js';

const VIDEO = 'dQw4w9WgXcQ';

async function youtube(extra = html``): Promise<CkEmbed> {
  const wrapper = await fixture<HTMLDivElement>(html`<div style="width: 640px">
    <ck-embed provider="youtube" video-id=${VIDEO}></ck-embed>${extra}
  </div>`);
  const el = wrapper.querySelector('ck-embed')!;
  await el.updateComplete;
  return el;
}

const iframeOf = (el: CkEmbed) => el.shadowRoot!.querySelector('iframe');
// Assertions compare strings and booleans, not DOM nodes: a failing comparison of nodes makes
// the runner's report hang instead of printing the failure.
const has = (el: Element, selector: string) => el.shadowRoot!.querySelector(selector) !== null;
function focused(el: Element): string | null {
  const active = el.shadowRoot!.activeElement;
  return active && `${active.localName}[part=${active.getAttribute('part')}]`;
}

describe('<ck-embed>', () => {
  afterEach(resetConsent);

  it('is accessible', async () => {
    const el = await youtube();
    await expect(el).to.be.accessible();
  });

  it('loads nothing from YouTube before the click', async () => {
    // Rendered with its provider's code, and every timer it set has run: a request it scheduled for later is made by then.
    const { result: el, requests } = await requestsOnceSettled(youtube);
    expect(requests).to.deep.equal([]);
    expect(thirdPartyElements(document.documentElement)).to.deep.equal([]);
    expect(has(el, 'iframe')).to.equal(false);
    expect(el.loaded).to.equal(false);
  });

  for (const [provider, attributes] of [
    ['facebook-page', { url: 'https://www.facebook.com/heiseonline' }],
    ['facebook-share', { url: 'https://example.org/' }],
  ] as const) {
    it(`loads nothing from Meta before the click (${provider})`, async () => {
      const el = document.createElement('ck-embed');
      for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
      el.setAttribute('provider', provider);
      try {
        const { requests } = await requestsOnceSettled(async () => {
          document.body.append(el);
          await el.updateComplete;
        });
        expect(requests).to.deep.equal([]);
        expect(thirdPartyElements(document.documentElement)).to.deep.equal([]);
      } finally {
        el.remove();
      }
    });
  }

  it('after the click, requests the player from the nocookie host and no other', async () => {
    const el = await youtube();
    await realClick(part(el, 'button[part="button"]'));
    const requests = await waitFor(async () => {
      const urls = await thirdPartyRequests();
      return urls.some((url) => url.startsWith('https://www.youtube-nocookie.com/embed/')) ? urls : undefined;
    });
    expect([...new Set(requests.map((url) => new URL(url).hostname))]).to.deep.equal(['www.youtube-nocookie.com']);
  });

  it('says which company gets which data, and links its privacy policy', async () => {
    const el = await youtube();
    const text = el.shadowRoot!.textContent!.replace(/\s+/g, ' ');
    expect(text).to.contain('YouTube');
    expect(text).to.contain('your IP address');
    expect(text).to.contain('Provided by Google Ireland Limited, Gordon House, Barrow Street, Dublin 4, Ireland.');
    const link = part<HTMLAnchorElement>(el, 'a[part="link"]');
    expect(link.href).to.equal('https://policies.google.com/privacy');
    expect(link.rel).to.equal('noopener noreferrer');
    expect(part(el, 'button[part="button"]').textContent!.trim()).to.equal('Load YouTube');
    const checkbox = part<HTMLInputElement>(el, 'input[type="checkbox"]');
    expect(checkbox.checked).to.equal(false);
    expect(checkbox.closest('label')!.textContent!.trim()).to.equal('Always allow YouTube');
  });

  it('shows the player after a real click, and moves focus into it', async () => {
    const el = await youtube();
    const before = oneEvent(el, 'ck-before-load');
    const consent = oneEvent(el, 'ck-consent');
    const loaded = oneEvent(el, 'ck-load');
    await realClick(part(el, 'button[part="button"]'));
    expect((await before).detail).to.deep.equal({ service: 'youtube', automatic: false });
    const { detail } = await consent;
    expect(detail).to.include({ service: 'youtube', decision: 'granted', remembered: false });
    expect(detail.version).to.match(/^[0-9a-z]{1,11}$/);
    await loaded;
    const iframe = iframeOf(el)!;
    expect(iframe.src).to.equal(`https://www.youtube-nocookie.com/embed/${VIDEO}?autoplay=1&rel=0`);
    expect(iframe.title).to.equal('YouTube video');
    expect(iframe.getAttribute('referrerpolicy')).to.equal('strict-origin-when-cross-origin');
    expect(iframe.getAttribute('loading')).to.equal('lazy');
    expect(focused(el)).to.equal('iframe[part=widget]');
    expect(getStore().get('youtube')).to.include({ decision: 'granted', remembered: false, version: detail.version });
  });

  it('keeps its box when the placeholder turns into the player (no layout shift)', async () => {
    const el = await youtube();
    const placeholder = el.getBoundingClientRect();
    expect(placeholder.width).to.equal(640);
    expect(placeholder.height).to.be.closeTo(360, 1);
    await realClick(part(el, 'button[part="button"]'));
    await el.updateComplete;
    const player = iframeOf(el)!.getBoundingClientRect();
    expect([player.width, player.height]).to.deep.equal([placeholder.width, placeholder.height]);
    expect(el.getBoundingClientRect().toJSON()).to.deep.equal(placeholder.toJSON());
  });

  it('reserves the page plugin box from its width and height', async () => {
    const el = await fixture<CkEmbed>(html`<ck-embed provider="facebook-page" url="https://www.facebook.com/heiseonline" width="300" height="420"></ck-embed>`);
    const box = el.getBoundingClientRect();
    expect([box.width, box.height]).to.deep.equal([300, 420]);
    await realClick(part(el, 'button[part="button"]'));
    await el.updateComplete;
    const frame = iframeOf(el)!.getBoundingClientRect();
    expect([frame.width, frame.height]).to.deep.equal([300, 420]);
  });

  it('can be operated with the keyboard alone', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div><button id="before">before</button><ck-embed provider="youtube" video-id=${VIDEO}></ck-embed></div>`);
    const el = wrapper.querySelector('ck-embed')!;
    await el.updateComplete;
    wrapper.querySelector<HTMLButtonElement>('#before')!.focus();
    await sendKeys({ press: 'Tab' });
    expect(focused(el)).to.equal('a[part=link]'); // the provider's privacy policy comes first
    await sendKeys({ press: 'Tab' });
    expect(focused(el)).to.equal('button[part=button]');
    await sendKeys({ press: 'Tab' });
    expect(focused(el)).to.equal('input[part=checkbox]');
    await sendKeys({ press: 'Space' });
    await sendKeys({ press: 'Shift+Tab' });
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(has(el, 'iframe')).to.equal(true);
    expect(getStore().isAlwaysAllowed('youtube')).to.equal(true);
  });

  it('loads only the clicked embed when "always allow" is not ticked', async () => {
    const el = await youtube(html`<ck-embed provider="youtube" video-id="aqz-KE-bpKQ"></ck-embed>`);
    const other = el.parentElement!.querySelectorAll('ck-embed')[1]!;
    await realClick(part(el, 'button[part="button"]'));
    await other.updateComplete;
    expect(has(el, 'iframe')).to.equal(true);
    expect(has(other, 'iframe')).to.equal(false);
    expect(Cookies.get('consentkit')).to.equal(undefined);
  });

  it('with "always allow", loads every YouTube embed on the page at once', async () => {
    const el = await youtube(html`<ck-embed provider="youtube" video-id="aqz-KE-bpKQ"></ck-embed>`);
    const other = el.parentElement!.querySelectorAll('ck-embed')[1]!;
    await realClick(part(el, 'input[type="checkbox"]'));
    const automatic = oneEvent(other, 'ck-load');
    await realClick(part(el, 'button[part="button"]'));
    expect((await automatic).detail).to.deep.equal({ service: 'youtube', automatic: true });
    expect(iframeOf(other)!.src).to.contain('/embed/aqz-KE-bpKQ');
  });

  it('remembers "always allow" across a re-created element and a reload of the store', async () => {
    const el = await youtube();
    await realClick(part(el, 'input[type="checkbox"]'));
    await realClick(part(el, 'button[part="button"]'));
    expect(Cookies.get('consentkit')).to.match(/^1~[0-9a-z]{32}~youtube\.g\./);
    el.parentElement!.remove();
    resetRuntime(); // a new page view: the store reads the cookie again

    const again = await youtube();
    expect(iframeOf(again)!.src).to.contain(`/embed/${VIDEO}`);
    expect(getStore().get('youtube')).to.include({ decision: 'granted', remembered: true });
  });

  it('keeps "always allow" for cookie.days, in a first-party cookie with SameSite=Lax', async () => {
    const jar = () => executeServerCommand<Array<{ name: string; expires: number; sameSite: string; path: string }>, undefined>('cookies');
    const DAY = 86_400;
    for (const days of [undefined, 30]) {
      await resetConsent();
      if (days) configure({ cookie: { days } });
      const el = await youtube();
      await realClick(part(el, 'input[type="checkbox"]'));
      await realClick(part(el, 'button[part="button"]'));
      const cookie = (await jar()).find((c) => c.name === 'consentkit');
      // A session cookie has expires -1 and is gone when the browser closes.
      const lifetime = Math.round((cookie!.expires - Date.now() / 1000) / DAY);
      expect({ lifetime, sameSite: cookie!.sameSite, path: cookie!.path }, `cookie.days ${days}`).to.deep.equal({ lifetime: days ?? 365, sameSite: 'Lax', path: '/' });
    }
  });

  it('keeps everything in one cookie, "consentkit": no other cookie, also once a proof went out', async () => {
    const jar = () => executeServerCommand<Array<{ name: string }>, undefined>('cookies');
    const receiver = testReceiver();
    configure({ endpoint: receiver.url });
    try {
      const el = await youtube();
      await realClick(part(el, 'input[type="checkbox"]'));
      await realClick(part(el, 'button[part="button"]'));
      // The receipt is written once the endpoint took the proof: everything of this decision is stored by then.
      await waitFor(() => Object.keys(localStorage).some((k) => k.startsWith('consentkit:receipt:')), undefined, 'the receipt of the delivered proof');
      expect((await jar()).map((c) => c.name)).to.deep.equal(['consentkit']);
    } finally {
      localStorage.clear();
    }
  });

  it('returns to the placeholder when consent is withdrawn', async () => {
    const el = await youtube();
    await realClick(part(el, 'input[type="checkbox"]'));
    await realClick(part(el, 'button[part="button"]'));
    expect(has(el, 'iframe')).to.equal(true);
    const consent = oneEvent(document, 'ck-consent');
    withdraw('youtube');
    expect((await consent).detail).to.include({ service: 'youtube', decision: 'denied' });
    await el.updateComplete;
    expect(has(el, 'iframe')).to.equal(false);
    expect(has(el, 'button[part="button"]')).to.equal(true);
    resetRuntime();
    const again = await youtube();
    expect(has(again, 'iframe')).to.equal(false);
  });

  it('lets the site veto a load with ck-before-load', async () => {
    const el = await youtube();
    el.addEventListener('ck-before-load', (e) => e.preventDefault());
    await realClick(part(el, 'button[part="button"]'));
    await el.updateComplete;
    expect(has(el, 'iframe')).to.equal(false);
    expect(getStore().get('youtube')).to.equal(undefined);
  });

  it('treats a corrupted cookie as "no consent" and still works', async () => {
    Cookies.set('consentkit', '1~~youtube.g.%%%', { path: '/' });
    const { result: el, messages } = await captureConsole('warn', () => youtube());
    expect(messages.join('\n')).to.contain('ignoring the "consentkit" cookie');
    expect(has(el, 'iframe')).to.equal(false);
    await realClick(part(el, 'input[type="checkbox"]'));
    await realClick(part(el, 'button[part="button"]'));
    expect(has(el, 'iframe')).to.equal(true);
    expect(Cookies.get('consentkit')).to.match(/^1~[0-9a-z]{32}~youtube\.g\./);
  });

  it('refuses a misconfigured embed, at the latest on the click: a console error, no button, nothing third-party', async () => {
    const { result: el, messages } = await captureConsole('error', async () => {
      const el = await fixture<CkEmbed>(html`<ck-embed provider="youtube" video-id="../../evil"></ck-embed>`);
      // Checked before the first rendering once this page has the code that checks attributes; else with the click (param-check.test.ts).
      const load = el.shadowRoot!.querySelector('button[part="button"]');
      if (load) {
        await realClick(load);
        await el.updateComplete;
      }
      return el;
    });
    expect(messages[0]).to.contain('consentkit: <ck-embed provider="youtube"> cannot load: "video-id" must be an 11-character YouTube video id');
    expect(has(el, 'button')).to.equal(false);
    expect(el.shadowRoot!.textContent).to.contain('This content cannot be shown.');
    expect(thirdPartyElements(el)).to.deep.equal([]);
  });

  it('refuses an unknown provider', async () => {
    const { result: el, messages } = await captureConsole('error', () => fixture<CkEmbed>(html`<ck-embed provider="myspace"></ck-embed>`));
    expect(messages[0]).to.contain('there is no provider "myspace"');
    expect(has(el, 'button')).to.equal(false);
  });

  it('renders hostile strings from attributes and config as text', async () => {
    const hostile = '<img src=x onerror="window.pwned=1"><b>bold</b>';
    configure({ providers: { youtube: { name: hostile, company: hostile } } });
    const { result: el, messages } = await captureConsole('error', () =>
      fixture<CkEmbed>(html`<ck-embed provider="youtube" video-id=${VIDEO} title=${hostile} policy-url="javascript:window.pwned=1"></ck-embed>`),
    );
    expect(has(el, 'img, b')).to.equal(false);
    expect(part(el, '[part="title"]').textContent).to.equal(hostile);
    expect(has(el, 'a[href^="javascript"]')).to.equal(false);
    expect(messages[0]).to.contain('policy-url="javascript:window.pwned=1"> must be an http(s) or relative URL');
    await realClick(part(el, 'button[part="button"]'));
    await el.updateComplete;
    expect(iframeOf(el)!.title).to.equal(hostile);
    expect((window as { pwned?: number }).pwned).to.equal(undefined);
  });

  it('speaks German when the page does, loading the texts on demand', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div lang="de-AT"><ck-embed provider="youtube" video-id=${VIDEO}></ck-embed></div>`);
    const el = wrapper.querySelector('ck-embed')!;
    await waitFor(() => el.shadowRoot!.querySelector('button'));
    expect(part(el, 'button[part="button"]').textContent!.trim()).to.equal('YouTube laden');
    expect(el.shadowRoot!.textContent).to.contain('Ihre IP-Adresse');
  });

  it('follows its own lang attribute over the page', async () => {
    const el = await fixture<CkEmbed>(html`<ck-embed lang="fr" provider="youtube" video-id=${VIDEO}></ck-embed>`);
    await waitFor(() => el.shadowRoot!.querySelector('button'));
    expect(part(el, 'button[part="button"]').textContent!.trim()).to.equal('Charger YouTube');
    el.setAttribute('lang', 'pl');
    await waitFor(() => part(el, 'button[part="button"]').textContent!.includes('Załaduj'));
  });

  it('shows the site\'s own texts in each element\'s language, and hashes the words on screen', async () => {
    configure({ locale: 'en', texts: { de: { load: 'Video ansehen' }, en: { load: 'Watch' } } });
    const wrapper = await fixture<HTMLDivElement>(html`<div style="width: 640px">
      <ck-embed lang="de" provider="youtube" video-id=${VIDEO}></ck-embed>
      <ck-embed lang="en" provider="youtube" video-id="aqz-KE-bpKQ"></ck-embed>
    </div>`);
    const [de, en] = [...wrapper.querySelectorAll('ck-embed')] as CkEmbed[];
    for (const [el, load, always] of [
      [de!, 'Video ansehen', 'YouTube immer erlauben'],
      [en!, 'Watch', 'Always allow YouTube'],
    ] as const) {
      await el.updateComplete; // its texts loaded (German on demand) and rendered
      expect(part(el, 'label[part="toggle"]').textContent!.trim(), el.lang).to.equal(always);
      expect(part(el, 'button[part="button"]').textContent!.trim(), el.lang).to.equal(load);
      // The placeholder's strings in reading order; its text is the data sentence and then the one naming the company.
      const paragraph = part(el, '[part="text"]').textContent!;
      const split = paragraph.lastIndexOf('. ') + 1;
      const onScreen = [
        part(el, '[part="title"]').textContent!,
        paragraph.slice(0, split),
        paragraph.slice(split + 1),
        part(el, 'a[part="link"]').textContent!,
        load,
        always,
      ];
      const consent = oneEvent(el, 'ck-consent');
      await realClick(part(el, 'button[part="button"]'));
      expect((await consent).detail.version, el.lang).to.equal(textVersion(onScreen.join('\n')));
    }
  });

  it('links the site\'s own privacy policy from config or attribute', async () => {
    configure({ policyUrl: '/privacy' });
    const el = await youtube();
    const links = [...el.shadowRoot!.querySelectorAll<HTMLAnchorElement>('a')].map((a) => a.getAttribute('href'));
    expect(links).to.deep.equal(['https://policies.google.com/privacy', '/privacy']);
  });
});

describe('<ck-embed> far down the page, with a grant given elsewhere', () => {
  afterEach(resetConsent);

  it('is created as it nears the viewport (ck-load then), and shows its placeholder again when the grant is withdrawn meanwhile', async () => {
    getStore().decide('youtube', 'granted', { version: 'v1', remember: true });
    getStore().decide('vimeo', 'granted', { version: 'v1', remember: true });
    const page = await fixture<HTMLDivElement>(html`<div style="width: 640px">
      <ck-embed id="near" provider="youtube" video-id="aqz-KE-bpKQ"></ck-embed>
      <div style="height: 6000px"></div>
      <ck-embed id="far" provider="youtube" video-id="aqz-KE-bpKQ"></ck-embed>
      <div style="height: 6000px"></div>
      <ck-embed id="further" provider="youtube" video-id="aqz-KE-bpKQ"></ck-embed>
      <ck-embed id="marker" provider="vimeo" video-id="76979871"></ck-embed>
    </div>`);
    const [near, far, further, marker] = ['near', 'far', 'further', 'marker'].map((id) => page.querySelector<CkEmbed>(`#${id}`)!);
    window.scrollTo(0, 0);
    for (const el of [near, far, further]) await el.updateComplete;
    expect(near.loaded, 'in view').to.equal(true);
    expect([far.loaded, further.loaded], 'far below').to.deep.equal([false, false]);
    expect(far.shadowRoot!.querySelector('button'), 'no question already answered').to.equal(null);
    const loaded = oneEvent(far, 'ck-load');
    far.scrollIntoView();
    expect((await loaded).detail).to.deep.equal({ service: 'youtube', automatic: true });
    expect(far.shadowRoot!.querySelector('iframe')).to.not.equal(null);
    // Withdrawn while one still waits for the viewport: its placeholder, and nothing loads on scrolling there.
    window.scrollTo(0, 0);
    withdraw('youtube');
    await further.updateComplete;
    expect(further.shadowRoot!.querySelector('button[part="button"]'), 'the placeholder').to.not.equal(null);
    // The marker next to it, granted too, loads when the observer has looked at that spot.
    const markerLoaded = oneEvent(marker, 'ck-load');
    further.scrollIntoView();
    await markerLoaded;
    await further.updateComplete;
    expect(further.loaded).to.equal(false);
    expect(further.shadowRoot!.querySelector('iframe')).to.equal(null);
  });
});

describe('<ck-embed> after a withdrawal', () => {
  afterEach(resetConsent);

  async function loadedAndRemembered(): Promise<CkEmbed> {
    const el = await youtube();
    await realClick(part(el, 'input[type="checkbox"]'));
    await realClick(part(el, 'button[part="button"]'));
    await el.updateComplete;
    return el;
  }

  it('comes back with "always allow" unticked and focus on the Load button', async () => {
    const el = await loadedAndRemembered();
    expect(focused(el)).to.equal('iframe[part=widget]');
    withdraw('youtube');
    await el.updateComplete;
    expect(part<HTMLInputElement>(el, 'input[type="checkbox"]').checked).to.equal(false);
    await waitFor(() => focused(el) === 'button[part=button]', undefined, 'the focus on the Load button');
  });

  it('does not load again when the element was detached during the withdrawal', async () => {
    const el = await loadedAndRemembered();
    // The player's own request is in the log before a canary; the log starts after it, so only a second load would count.
    await waitFor(async () => (await thirdPartyRequests()).length > 0);
    const parent = el.parentElement!;
    el.remove();
    withdraw('youtube');
    await requestsBeforeCanary({ clear: true });
    const { requests } = await requestsOnceSettled(async () => {
      parent.append(el);
      await el.updateComplete;
    });
    expect(has(el, 'iframe')).to.equal(false);
    expect(requests).to.deep.equal([]);
  });
});

describe('<ck-embed> keeps up with the page', () => {
  afterEach(resetConsent);

  it('shows another video when video-id changes', async () => {
    const el = await youtube();
    await realClick(part(el, 'input[type="checkbox"]'));
    await realClick(part(el, 'button[part="button"]'));
    el.setAttribute('video-id', 'aqz-KE-bpKQ');
    await waitFor(() => iframeOf(el)?.src.includes('/embed/aqz-KE-bpKQ'));
  });

  it('applies configure() to elements already on the page', async () => {
    const el = await youtube();
    configure({ policyUrl: '/privacy', providers: { youtube: { name: 'Our videos' } } });
    await waitFor(() => el.shadowRoot!.querySelector('a[href="/privacy"]'));
    expect(part(el, 'button[part="button"]').textContent!.trim()).to.equal('Load Our videos');
  });

  it('hashes the text actually shown, overrides included', async () => {
    const versions: string[] = [];
    const listen = (e: CustomEvent<{ version: string }>) => versions.push(e.detail.version);
    document.addEventListener('ck-consent', listen);
    for (const data of ['Google gets your IP address.', 'Google gets your IP address and cookies.']) {
      resetRuntime();
      configure({ providers: { youtube: { data } } });
      const el = await youtube();
      expect(part(el, '[part="text"]').textContent).to.contain(data);
      await realClick(part(el, 'button[part="button"]'));
      el.parentElement!.remove();
    }
    document.removeEventListener('ck-consent', listen);
    expect(versions).to.have.length(2);
    expect(versions[0]).not.to.equal(versions[1]);
  });

  it('builds a remembered widget in the page language while its texts still load', async () => {
    const first = await fixture<CkEmbed>(html`<ck-embed provider="facebook-page" url="https://www.facebook.com/heiseonline"></ck-embed>`);
    await realClick(part(first, 'input[type="checkbox"]'));
    await realClick(part(first, 'button[part="button"]'));
    resetRuntime();
    const wrapper = await fixture<HTMLDivElement>(html`<div lang="pl"><ck-embed provider="facebook-page" url="https://www.facebook.com/heiseonline"></ck-embed></div>`);
    const el = wrapper.querySelector('ck-embed')!;
    await el.updateComplete;
    expect(new URL(iframeOf(el)!.src).searchParams.get('locale')).to.equal('pl_PL');
  });
});

describe('<ck-embed> with a compact provider (share button)', () => {
  afterEach(resetConsent);

  it('is accessible, closed and open', async () => {
    const el = await fixture<CkEmbed>(html`<ck-embed provider="facebook-share" url="https://example.org/"></ck-embed>`);
    await expect(el).to.be.accessible();
    await realClick(part(el, '[part="trigger"]'));
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('opens the details on the first click and loads on the second, in the same box', async () => {
    const el = await fixture<CkEmbed>(html`<ck-embed provider="facebook-share" url="https://example.org/"></ck-embed>`);
    const trigger = part(el, '[part="trigger"]');
    expect(trigger.textContent!.trim()).to.equal('Share');
    expect(trigger.getAttribute('aria-expanded')).to.equal('false');
    const box = el.getBoundingClientRect();
    expect([box.width, box.height]).to.deep.equal([100, 28]);
    await realClick(trigger);
    await el.updateComplete;
    expect(trigger.getAttribute('aria-expanded')).to.equal('true');
    expect(focused(el)).to.equal('button[part=button]');
    expect(part(el, '[part="panel"]').textContent).to.contain('Meta Platforms Ireland Limited');
    expect(thirdPartyElements(el)).to.deep.equal([]);
    expect(el.getBoundingClientRect().toJSON()).to.deep.equal(box.toJSON());

    await realClick(part(el, 'button[part="button"]'));
    await el.updateComplete;
    const frame = iframeOf(el)!;
    expect(new URL(frame.src).searchParams.get('href')).to.equal('https://example.org/');
    expect(el.getBoundingClientRect().toJSON()).to.deep.equal(box.toJSON());
  });

  it('stays open while the visitor clicks inside the details, and ticks the box by its label', async () => {
    const el = await fixture<CkEmbed>(html`<ck-embed provider="facebook-share"></ck-embed>`);
    await realClick(part(el, '[part="trigger"]'));
    await el.updateComplete;
    await realClick(part(el, '[part="text"]'));
    await realClick(part(el, '[part="toggle"]'));
    await el.updateComplete;
    expect(part(el, '[part="panel"]').hidden).to.equal(false);
    expect(part<HTMLInputElement>(el, 'input[type="checkbox"]').checked).to.equal(true);
  });

  it('closes the details with Escape and gives focus back to the button', async () => {
    const el = await fixture<CkEmbed>(html`<ck-embed provider="facebook-share"></ck-embed>`);
    await realClick(part(el, '[part="trigger"]'));
    await el.updateComplete;
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(part(el, '[part="panel"]').hidden).to.equal(true);
    expect(focused(el)).to.equal('button[part=trigger]');
  });
});

describe('<ck-embed> details panel', () => {
  afterEach(resetConsent);

  it('closes when the visitor clicks elsewhere on the page', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div><p>Some text</p><ck-embed provider="facebook-share"></ck-embed></div>`);
    const el = wrapper.querySelector('ck-embed')!;
    await realClick(part(el, '[part="trigger"]'));
    await el.updateComplete;
    expect(part(el, '[part="panel"]').hidden).to.equal(false);
    await realClick(wrapper.querySelector('p')!);
    await el.updateComplete;
    expect(part(el, '[part="panel"]').hidden).to.equal(true);
    expect(has(el, 'iframe')).to.equal(false);
  });
});
