import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand, sendKeys, setViewport } from '@web/test-runner-commands';
import Cookies from 'js-cookie';
import '../../src/elements/embed/embed.js';
import '../../src/elements/privacy-center/privacy-center.js';
import '../../src/elements/privacy-button/privacy-button.js';
import type { CkEmbed } from '../../src/elements/embed/embed.js';
import type { CkPrivacyCenter } from '../../src/elements/privacy-center/privacy-center.js';
import type { DataExport } from '../../src/core/erasure.js';
import { getStore, recordDecision, resetRuntime } from '../../src/kit/runtime.js';
import { configure } from '../../src/kit/configure.js';
import { keepWaitingDecision } from '../../src/core/waiting-decision.js';
import { erase, withdrawAll } from '../../src/kit/rights.js';
import { captureConsole, openEmbedTab, part, realClick, resetConsent, waitFor } from '../helpers.js';
import { makeProof, testReceiver } from '../proof-helpers.js';

const VIDEO = 'dQw4w9WgXcQ';

interface Page {
  youtube: CkEmbed;
  share: CkEmbed;
  center: CkPrivacyCenter;
}

/** A page with a video, a share button and the privacy center. */
async function page(): Promise<Page> {
  const wrapper = await fixture<HTMLDivElement>(html`<div style="width: 640px">
    <ck-embed provider="youtube" video-id=${VIDEO}></ck-embed>
    <ck-embed provider="facebook-share" url="https://example.org/"></ck-embed>
    <ck-privacy-center></ck-privacy-center>
  </div>`);
  const [youtube, share] = [...wrapper.querySelectorAll('ck-embed')] as CkEmbed[];
  const center = wrapper.querySelector('ck-privacy-center')!;
  await Promise.all([youtube!.updateComplete, share!.updateComplete]);
  await center.updateComplete;
  return { youtube: youtube!, share: share!, center };
}

/** Each listed service as "name: state". */
function rows(center: CkPrivacyCenter): string[] {
  return [...center.shadowRoot!.querySelectorAll('[part="service"]')].map(
    (row) => `${row.querySelector('[part="name"]')!.textContent!.trim()}: ${row.querySelector('[part~="state"]')!.textContent!.trim()}`,
  );
}

function toggle(center: CkPrivacyCenter, name: string): HTMLInputElement {
  const row = [...center.shadowRoot!.querySelectorAll('[part="service"]')].find((r) => r.querySelector('[part="name"]')!.textContent!.trim() === name);
  if (!row) throw new Error(`no row for ${name}`);
  return row.querySelector<HTMLInputElement>('input[part="switch"]')!;
}

const consentkitKeys = () => Object.keys(localStorage).filter((k) => k.startsWith('consentkit:')).sort();

describe('<ck-privacy-center>', function () {
  this.timeout(30_000);
  afterEach(async () => {
    document.querySelectorAll('ck-privacy-center[dialog], iframe').forEach((el) => el.remove());
    await resetConsent();
    localStorage.clear();
  });

  it('is accessible', async () => {
    const { center } = await page();
    await expect(center).to.be.accessible();
  });

  it('lists the services on the page, those from the config and those decided before, with their state', async () => {
    configure({ services: ['vimeo'] });
    getStore().decide('instagram', 'denied', { version: 'v1', remember: true });
    const { youtube, center } = await page();
    await realClick(part(youtube, 'input[type="checkbox"]'));
    await realClick(part(youtube, 'button[part="button"]'));
    await youtube.updateComplete; // the click's decision is taken once the attributes are checked
    await center.updateComplete;
    expect(rows(center)).to.deep.equal(['YouTube: Allowed, remembered', 'Facebook share button: Not allowed', 'Vimeo: Not allowed', 'Instagram: Not allowed']);
    const details = part(center, '[part="service"] [part="text"]').textContent!.replace(/\s+/g, ' ');
    expect(details).to.contain('Provided by Google Ireland Limited');
    expect(details).to.match(/Decided on .+ \(text version [0-9a-z]+\)\./);
    expect(toggle(center, 'YouTube').checked).to.equal(true);
    expect(toggle(center, 'YouTube').getAttribute('role')).to.equal('switch');
  });

  it('withdrawing in the center removes the video at once and brings back its placeholder', async () => {
    const { youtube, center } = await page();
    await realClick(part(youtube, 'input[type="checkbox"]'));
    await realClick(part(youtube, 'button[part="button"]'));
    await youtube.updateComplete;
    expect(youtube.shadowRoot!.querySelector('iframe') !== null).to.equal(true);
    await center.updateComplete;
    toggle(center, 'YouTube').click();
    // Same task as the click: no frame was painted in between.
    await Promise.resolve();
    await youtube.updateComplete;
    expect(youtube.shadowRoot!.querySelector('iframe') === null).to.equal(true);
    expect(youtube.shadowRoot!.querySelector('button[part="button"]') !== null).to.equal(true);
    expect(getStore().get('youtube')?.decision).to.equal('denied');
    await center.updateComplete;
    expect(rows(center)[0]).to.equal('YouTube: Not allowed');
    expect(part(center, '[part="status"]').textContent).to.equal('YouTube withdrawn.');
  });

  it('allowing in the center loads the embed and posts a settings proof of the row the visitor saw', async () => {
    const receiver = testReceiver();
    configure({ endpoint: receiver.url });
    const { youtube, center } = await page();
    await realClick(toggle(center, 'YouTube'));
    await waitFor(() => youtube.loaded, 5000, 'the video to load');
    const [proof] = await waitFor(async () => {
      const stored = (await fetch(receiver.url).then((r) => r.json())) as Array<Record<string, unknown>>;
      return stored.length ? stored : undefined;
    }, 5000, 'the proof');
    expect(proof).to.include({ service: 'youtube', decision: 'granted', method: 'settings', remembered: true, purpose: 'embed' });
    await realClick(toggle(center, 'YouTube'));
    await waitFor(async () => ((await fetch(receiver.url).then((r) => r.json())) as unknown[]).length === 2, 5000, 'the withdrawal proof');
    const withdrawal = ((await fetch(receiver.url).then((r) => r.json())) as Array<Record<string, unknown>>)[1];
    expect(withdrawal).to.include({ service: 'youtube', decision: 'withdrawn', method: 'settings' });
  });

  it('a second tab follows what is decided in the center', async () => {
    const { center } = await page();
    const other = await openEmbedTab();
    await realClick(toggle(center, 'YouTube'));
    await waitFor(() => other().loaded, 5000, 'the other tab to load the video');
    await realClick(toggle(center, 'YouTube'));
    await waitFor(() => !other().loaded, 5000, 'the other tab to withdraw');
  });

  it('"Withdraw all" ends every consent', async () => {
    const { youtube, share, center } = await page();
    await realClick(part(youtube, 'button[part="button"]'));
    await realClick(part(share, '[part="trigger"]'));
    await realClick(part(share, 'button[part="button"]'));
    await center.updateComplete;
    expect(rows(center).slice(0, 2)).to.deep.equal(['YouTube: Allowed for this visit', 'Facebook share button: Allowed for this visit']);
    await realClick(part(center, '[part~="withdraw-all"]'));
    await center.updateComplete;
    expect(rows(center).slice(0, 2)).to.deep.equal(['YouTube: Not allowed', 'Facebook share button: Not allowed']);
    expect(youtube.loaded || share.loaded).to.equal(false);
    expect(part<HTMLButtonElement>(center, '[part~="withdraw-all"]').disabled).to.equal(true);
  });

  it('"Download my data" saves a JSON file of exactly what is stored in the browser', async () => {
    const receiver = testReceiver();
    configure({ endpoint: receiver.url });
    const { youtube, center } = await page();
    await realClick(part(youtube, 'input[type="checkbox"]'));
    await realClick(part(youtube, 'button[part="button"]'));
    await waitFor(() => consentkitKeys().some((k) => k.startsWith('consentkit:receipt:')), 5000, 'a receipt of the sent proof');
    await receiver.faults({ offline: true });
    await realClick(toggle(center, 'YouTube')); // the withdrawal proof waits
    await waitFor(() => consentkitKeys().some((k) => k.startsWith('consentkit:proof:')), 5000, 'a waiting proof');

    let saved: { href: string; download: string } | undefined;
    const catchDownload = (e: Event) => {
      const link = e.composedPath()[0];
      if (link instanceof HTMLAnchorElement && link.download) {
        e.preventDefault(); // no file dialog in the test
        saved = { href: link.href, download: link.download };
      }
    };
    document.addEventListener('click', catchDownload);
    try {
      await realClick(part(center, '[part~="export"]'));
    } finally {
      document.removeEventListener('click', catchDownload);
    }
    expect(saved?.download).to.match(/^consentkit-localhost-\d{4}-\d{2}-\d{2}\.json$/);
    const data = (await fetch(saved!.href).then((r) => r.json())) as DataExport;
    expect(data.format).to.equal('consentkit-export');
    expect(data.cookie).to.deep.equal({ name: 'consentkit', value: Cookies.get('consentkit') });
    expect(data.subject).to.equal(getStore().existingSubjectId());
    expect(data.decisions.map((d) => `${d.service} ${d.decision} ${d.remembered}`)).to.deep.equal(['youtube denied true']);
    // Every key consentkit keeps in localStorage is in the file, and nothing else is.
    const keys = consentkitKeys();
    expect(data.proofs.waiting.map((p) => p.id).sort()).to.deep.equal(keys.filter((k) => k.startsWith('consentkit:proof:')).map((k) => k.split(':').at(-1)).sort());
    expect(data.proofs.sent.map((p) => p.id).sort()).to.deep.equal(keys.filter((k) => k.startsWith('consentkit:receipt:')).map((k) => k.split(':').at(-1)).sort());
    expect(data.proofs.waiting.length + data.proofs.sent.length + data.erasureRequests.length + Object.keys(data.other).length).to.equal(keys.length);
    expect(data.proofs.sent[0]).to.include({ service: 'youtube', decision: 'granted', method: 'click' });
    expect(part(center, '[part="status"]').textContent).to.contain(saved!.download);
  });

  it('"Delete my data" leaves no cookie or storage key behind, and the site drops that subject\'s proofs', async () => {
    const receiver = testReceiver();
    configure({ endpoint: receiver.url, deletionEndpoint: receiver.url });
    const stranger = makeProof({ subject: 'f'.repeat(32) }); // another visitor's proof stays
    await fetch(receiver.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(stranger) });
    const { youtube, center } = await page();
    await realClick(part(youtube, 'input[type="checkbox"]'));
    await realClick(part(youtube, 'button[part="button"]'));
    const subject = getStore().existingSubjectId()!;
    await waitFor(async () => ((await fetch(receiver.url).then((r) => r.json())) as Array<{ subject: string }>).some((p) => p.subject === subject), 5000, "this visitor's proof");

    await realClick(part(center, '[part~="erase"]'));
    expect(part(center, '.confirm').textContent).to.contain('The site is also asked to delete');
    await realClick(part(center, '[part~="erase-yes"]'));
    expect(youtube.loaded).to.equal(false);
    expect(Cookies.get('consentkit')).to.equal(undefined);
    await waitFor(() => part(center, '[part="status"]').textContent!.includes('The site has confirmed your deletion request.'), 5000, 'the confirmation');
    expect(consentkitKeys()).to.deep.equal([]);
    // Nothing under another name either: no cookie at all, no storage key at all.
    expect((await executeServerCommand<Array<{ name: string }>, undefined>('cookies')).map((c) => c.name)).to.deep.equal([]);
    expect(Object.keys(localStorage)).to.deep.equal([]);
    const stored = (await fetch(receiver.url).then((r) => r.json())) as Array<{ subject: string }>;
    expect(stored.map((p) => p.subject)).to.deep.equal([stranger.subject]);
    expect((await receiver.stats()) as unknown as { erasures: number }).to.include({ erasures: 1 });
    expect(rows(center)[0]).to.equal('YouTube: Not allowed');
  });

  it('withdrawAll() then erase() at once: nothing of the visitor is left, not even a proof built meanwhile', async () => {
    const receiver = testReceiver();
    configure({ endpoint: receiver.url, deletionEndpoint: receiver.url });
    const { youtube } = await page();
    await realClick(part(youtube, 'input[type="checkbox"]'));
    await realClick(part(youtube, 'button[part="button"]'));
    await waitFor(async () => (await receiver.stats()).stored === 1, 5000, 'the proof');
    withdrawAll();
    const { requestId } = erase();
    await waitFor(async () => ((await receiver.stats()) as unknown as { erasures: number }).erasures === 1, 5000, 'the erasure');
    expect(requestId).to.be.a('string');
    expect(Cookies.get('consentkit')).to.equal(undefined);
    expect(consentkitKeys()).to.deep.equal([]);
    // A canary decision after the erasure: proofs are built and sent oldest first, so once the
    // canary's proof is in, a withdrawal proof of before the erasure would be in too.
    recordDecision(document, { service: 'canary', decision: 'granted', remembered: false, method: 'api', purpose: 'embed', text: '', version: 'v1', locale: 'en' });
    await waitFor(async () => (await receiver.stats()).stored === 1, 5000, 'the canary proof');
    expect(((await fetch(receiver.url).then((r) => r.json())) as Array<{ service: string }>).map((p) => p.service)).to.deep.equal(['canary']);
  });

  it('"Delete my data" removes every kind of consentkit storage at once: waiting proofs, decisions still to prove, receipts, the push prompt\'s count', async () => {
    const receiver = testReceiver();
    configure({ endpoint: receiver.url, deletionEndpoint: receiver.url });
    const decide = (service: string) => recordDecision(document, { service, decision: 'granted', remembered: true, method: 'api', purpose: 'embed', text: `Allow ${service}`, version: 'v1', locale: 'en' });
    decide('youtube');
    await waitFor(() => consentkitKeys().some((k) => k.startsWith('consentkit:receipt:')), 5000, 'a receipt');
    await receiver.faults({ offline: true });
    decide('vimeo');
    await waitFor(() => consentkitKeys().some((k) => k.startsWith('consentkit:proof:')), 5000, 'a waiting proof');
    const subject = getStore().subjectId();
    keepWaitingDecision(localStorage, { id: crypto.randomUUID(), subject, at: new Date().toISOString(), origin: location.origin, path: '/', input: { service: 'x', purpose: 'embed', decision: 'granted', method: 'api', remembered: false, text: '', version: 'v1', locale: 'en' } });
    localStorage.setItem('consentkit:push:views', '3');
    expect([...new Set(consentkitKeys().map((k) => k.split(':')[1]))]).to.deep.equal(['decision', 'proof', 'push', 'receipt']);
    erase();
    expect(consentkitKeys().map((k) => k.split(':')[1])).to.deep.equal(['erasure']); // the request to the site, waiting for it
    expect(Cookies.get('consentkit')).to.equal(undefined);
  });

  it('an erasure request the site could not take waits, and goes out on a later page once the endpoint is configured', async () => {
    const receiver = testReceiver();
    await receiver.faults({ offline: true });
    configure({ endpoint: receiver.url, deletionEndpoint: receiver.url });
    getStore().subjectId();
    erase();
    expect(consentkitKeys().map((k) => k.split(':')[1])).to.deep.equal(['erasure']);
    resetRuntime(); // the next page: its site script configures the endpoint after consentkit started
    await receiver.faults({ offline: false });
    configure({ deletionEndpoint: receiver.url });
    await waitFor(() => consentkitKeys().length === 0, 5000, 'the waiting request to go out');
    expect(((await receiver.stats()) as unknown as { erasures: number }).erasures).to.equal(1);
  });

  it('offers to withdraw a service named only on a page, but to allow it only where it is shown', async () => {
    getStore().decide('openstreetmap', 'granted', { version: 'v1', remember: true });
    const { center } = await page();
    const osm = toggle(center, 'openstreetmap');
    expect([osm.checked, osm.disabled]).to.deep.equal([true, false]);
    await realClick(osm);
    await center.updateComplete;
    expect(getStore().get('openstreetmap')?.decision).to.equal('denied');
    expect(toggle(center, 'openstreetmap').disabled).to.equal(true);
    expect(part(center, '[part="service"]:last-child [part="text"]').textContent).to.contain('You can allow it where it is shown on our pages.');
  });

  it('renders names and texts from the config as text', async () => {
    configure({ providers: { youtube: { name: '<img src=x onerror="window.pwned=1">' } } });
    const { center } = await page();
    expect(center.shadowRoot!.querySelectorAll('img').length).to.equal(0);
    expect(rows(center)[0]).to.equal('<img src=x onerror="window.pwned=1">: Not allowed');
  });

  it('says so when its links are not http(s)', async () => {
    const { messages } = await captureConsole('error', async () => {
      const el = await fixture<CkPrivacyCenter>(html`<ck-privacy-center policy-url="javascript:alert(1)"></ck-privacy-center>`);
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('a[href^="javascript"]') === null).to.equal(true);
    });
    expect(messages[0]).to.contain('policy-url="javascript:alert(1)"> must be an http(s) or relative URL');
  });

  it('shows the site\'s own texts in its language', async () => {
    configure({ locale: 'en', policyUrl: '/privacy', texts: { de: { sitePolicy: 'So schützen wir Ihre Daten' }, en: { sitePolicy: 'How we protect your data' } } });
    const wrapper = await fixture<HTMLDivElement>(html`<div><ck-privacy-center lang="de"></ck-privacy-center><ck-privacy-center lang="en"></ck-privacy-center></div>`);
    const [de, en] = [...wrapper.querySelectorAll('ck-privacy-center')] as CkPrivacyCenter[];
    for (const [el, title, sitePolicy] of [
      [de!, 'Datenschutz-Einstellungen', 'So schützen wir Ihre Daten'],
      [en!, 'Privacy settings', 'How we protect your data'],
    ] as const) {
      await el.updateComplete;
      expect(part(el, '[part="title"]').textContent, el.lang).to.equal(title);
      expect(part(el, 'a[part="link"][href="/privacy"]').textContent, el.lang).to.equal(sitePolicy);
    }
  });

  it('speaks German', async () => {
    const el = await fixture<CkPrivacyCenter>(html`<ck-privacy-center lang="de"></ck-privacy-center>`);
    await el.updateComplete;
    expect(part(el, '[part="title"]').textContent).to.equal('Datenschutz-Einstellungen');
    expect(part(el, '[part~="erase"]').textContent).to.equal('Meine Daten löschen');
  });
});

describe('<ck-privacy-button>', function () {
  this.timeout(15_000);
  afterEach(async () => {
    document.querySelectorAll('ck-privacy-center[dialog]').forEach((el) => el.remove());
    await resetConsent();
  });

  it('as a dialog over 17 services on a phone: Close at the top, and every action in view without scrolling', async () => {
    await setViewport({ width: 375, height: 667 });
    try {
      const builtins = ['youtube', 'vimeo', 'facebook-share', 'facebook-like', 'facebook-page', 'facebook-messenger', 'whatsapp', 'telegram', 'x', 'instagram', 'google-maps'];
      configure({ services: [...builtins, 'newsletter', 'reviews', 'shop-chat', 'weather', 'podcast', 'forum'] });
      const center = await fixture<CkPrivacyCenter>(html`<ck-privacy-center dialog></ck-privacy-center>`);
      await center.show();
      expect(rows(center).length).to.equal(17);
      const dialog = part<HTMLDialogElement>(center, 'dialog');
      const list = part(center, '[part="list"]').parentElement!;
      expect(list.scrollHeight, 'the list is longer than the dialog').to.be.above(list.clientHeight);
      const top = dialog.getBoundingClientRect().top;
      expect(part(center, '[part~="close"]').getBoundingClientRect().top - top, 'Close at the top').to.be.below(60);
      for (const name of ['close', 'withdraw-all', 'export', 'erase']) {
        const button = part(center, `[part~="${name}"]`);
        const r = button.getBoundingClientRect();
        // What a visitor can hit there now, in the top layer of the page as it is, unscrolled.
        expect(center.shadowRoot!.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2), `${name} in view`).to.equal(button);
      }
      await realClick(part(center, '[part~="close"]'));
      await waitFor(() => !dialog.open, 5000, 'the dialog to close');
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('opens the privacy settings as a dialog; Escape closes it and focus returns to the button', async () => {
    const button = await fixture(html`<ck-privacy-button floating></ck-privacy-button>`);
    await waitFor(() => button.shadowRoot!.querySelector('button'), 5000, 'the button');
    expect(part(button, 'button').textContent).to.equal('Privacy settings');
    expect(getComputedStyle(part(button, 'button')).position).to.equal('fixed');
    await realClick(part(button, 'button'));
    const center = await waitFor(() => document.querySelector('ck-privacy-center[dialog]'), 5000, 'the center');
    await waitFor(() => center.shadowRoot?.querySelector('dialog')?.open, 5000, 'the dialog to open');
    await expect(center).to.be.accessible();
    expect(center.shadowRoot!.activeElement?.getAttribute('part')).to.equal('button export');
    await sendKeys({ press: 'Escape' });
    await waitFor(() => !center.shadowRoot!.querySelector('dialog')!.open, 5000, 'the dialog to close');
    expect(button.shadowRoot!.activeElement?.localName).to.equal('button');
  });
});
