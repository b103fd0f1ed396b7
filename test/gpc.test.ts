import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../src/index.js';
import '../src/elements/embed/embed.js';
import '../src/elements/push-prompt/push-prompt.js';
import '../src/elements/privacy-center/privacy-center.js';
import '../src/elements/chat-gate/chat-gate.js';
import type { CkChatGate } from '../src/elements/chat-gate/chat-gate.js';
import type { CkEmbed } from '../src/elements/embed/embed.js';
import type { CkPushPrompt } from '../src/elements/push-prompt/push-prompt.js';
import type { CkPrivacyCenter } from '../src/elements/privacy-center/privacy-center.js';
import { textVersion } from '../src/core/hash.js';
import { PROOF_PREFIX } from '../src/kit/proof-client.js';
import { registerScript } from '../src/providers/registry.js';
import { getStore, resetRuntime, withdraw } from '../src/kit/runtime.js';
import { configure } from '../src/kit/configure.js';
import { captureConsole, part, realClick, requestsOnceSettled, resetConsent, waitFor } from './helpers.js';
import { testReceiver } from './proof-helpers.js';

/**
 * What an init script does in a browser with Global Privacy Control on (Brave, Firefox with the
 * setting, extensions): `navigator.globalPrivacyControl === true`. Chromium has no such setting.
 */
let signal: boolean | undefined;
Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { configurable: true, get: () => signal });

const VIDEO = 'dQw4w9WgXcQ';
const rememberYouTube = () => getStore().decide('youtube', 'granted', { version: 'v1', remember: true });

/** A YouTube embed, once it shows what it decided: the placeholder's button or the video. */
async function youtube(): Promise<CkEmbed> {
  const wrapper = await fixture<HTMLDivElement>(html`<div style="width: 640px"><ck-embed provider="youtube" video-id=${VIDEO}></ck-embed></div>`);
  const el = wrapper.querySelector('ck-embed')!;
  await waitFor(() => el.shadowRoot?.querySelector('[part="button"], [part="widget"]'), 5000, 'the placeholder or the video');
  return el;
}

/** The proofs waiting in this browser's outbox (the receiver is kept offline to read them). */
function waitingProofs(): Array<Record<string, unknown>> {
  return Object.keys(localStorage)
    .filter((key) => key.startsWith(PROOF_PREFIX))
    .map((key) => (JSON.parse(localStorage.getItem(key)!) as { proof: Record<string, unknown> }).proof);
}

describe('Global Privacy Control (the signal set as an init script sets it)', function () {
  this.timeout(20_000);
  afterEach(async () => {
    signal = undefined;
    await resetConsent();
    localStorage.clear();
  });

  it('holds back a remembered grant of a listed service while the signal is on; a click loads it for this visit', async () => {
    signal = true;
    const receiver = testReceiver();
    await receiver.faults({ offline: true });
    configure({ gpc: { services: ['youtube'] }, endpoint: receiver.url });
    rememberYouTube();
    const { result: el, requests } = await requestsOnceSettled(youtube);
    expect(el.loaded, 'auto-loaded').to.equal(false);
    expect(requests).to.deep.equal([]);
    expect(part(el, '[part~="gpc"]').textContent).to.include('Global Privacy Control');
    expect(el.shadowRoot!.querySelector('[part="checkbox"]') === null, '"Always allow" offered').to.equal(true);
    await expect(el).to.be.accessible();

    await realClick(part(el, 'button[part="button"]'));
    await el.updateComplete;
    expect(el.loaded).to.equal(true);
    expect(getStore().get('youtube')!.remembered, 'remembered').to.equal(false);
    const proof = await waitFor(() => waitingProofs().find((p) => p.service === 'youtube'), 5000, 'the proof');
    expect(proof.gpc).to.equal(true);
    expect(proof.remembered).to.equal(false);
  });

  it('changes nothing when the signal is off, or for a service the site does not list', async () => {
    const receiver = testReceiver();
    await receiver.faults({ offline: true });
    configure({ gpc: { services: ['youtube'] }, endpoint: receiver.url });
    rememberYouTube();
    const el = await youtube();
    expect(el.loaded, 'signal off').to.equal(true);

    await resetConsent();
    signal = true;
    configure({ gpc: { services: ['facebook-share'] } });
    rememberYouTube();
    const other = await youtube();
    expect(other.loaded, 'YouTube not listed').to.equal(true);
  });

  it('applies no GPC to an exempt service, and says the site\'s reason', async () => {
    signal = true;
    const reason = 'Videos are shown from the privacy-enhanced host without advertising.';
    configure({ gpc: { services: ['youtube'], exempt: { youtube: reason } } });
    const { result: el, messages } = await captureConsole('info', () => {
      rememberYouTube();
      return youtube();
    });
    expect(el.loaded).to.equal(true);
    expect(el.shadowRoot!.querySelector('[part~="gpc"]') === null).to.equal(true);
    expect(messages.some((m) => m.includes('"youtube" is exempt') && m.includes(reason))).to.equal(true);
    const { messages: errors } = await captureConsole('error', () => configure({ gpc: { exempt: { vimeo: 'no' } } }));
    expect(errors.join()).to.include('"gpc.exempt.vimeo": must give the reason in a sentence');
  });

  it('does not show a listed push prompt unprompted; show() still does', async () => {
    signal = true;
    configure({
      gpc: { services: ['push'] },
      push: { serviceWorker: '/test/fixtures/sw.js', vapidPublicKey: 'BAKUsbN__19-phGaWXvJ86HMuWECU-uI81CmOxLfWTn5227G-rY5EkgPQiJg1j8-kUsLWVSeOds7mpMao93lhNg' },
    });
    // The prompt says in the console when its trigger holds back for GPC: from then on it has decided.
    const info = console.info;
    let heldBack = false;
    console.info = (...args: unknown[]) => void (heldBack ||= String(args[0]).includes('is not shown unprompted'));
    let el: CkPushPrompt;
    try {
      el = await fixture<CkPushPrompt>(html`<ck-push-prompt></ck-push-prompt>`);
      await waitFor(() => heldBack, 5000, 'the trigger to hold back');
    } finally {
      console.info = info;
    }
    expect(el.shadowRoot!.querySelector('[part="prompt"]') === null, 'shown unprompted').to.equal(true);
    el.show();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="prompt"]') !== null, 'shown on show()').to.equal(true);
  });

  it('says in the privacy center that a remembered grant is held back', async () => {
    signal = true;
    configure({ gpc: { services: ['youtube'] }, services: ['youtube'] });
    rememberYouTube();
    const center = await fixture<CkPrivacyCenter>(html`<ck-privacy-center></ck-privacy-center>`);
    const state = await waitFor(() => center.shadowRoot?.querySelector('[part~="state"]')?.textContent?.trim(), 5000, 'the list');
    expect(state).to.equal('Held back: your browser sends Global Privacy Control');
    expect(part<HTMLInputElement>(center, '[part="switch"]').checked).to.equal(false);
    await expect(center).to.be.accessible();
    // The earlier consent can be withdrawn here, one click, like any other.
    await realClick(part(center, 'button[part~="withdraw"]'));
    await center.updateComplete;
    expect(getStore().get('youtube')?.decision ?? 'none').to.not.equal('granted');
    expect(center.shadowRoot!.querySelector('button[part~="withdraw"]') === null).to.equal(true);
    expect(center.shadowRoot!.querySelector('[part~="state"]')!.textContent!.trim()).to.equal('Not allowed');
  });

  it('keeps a gated script of a listed service inert on a remembered grant, and runs it on a grant made now', async () => {
    signal = true;
    configure({ gpc: { services: ['ads'] }, providers: { ads: { name: 'Ads', company: 'Example Ads Ltd' } } });
    getStore().decide('ads', 'granted', { version: 'v1', remember: true });
    const script = document.createElement('script');
    script.type = 'text/plain';
    script.dataset.ckService = 'ads';
    script.text = 'window.adsRan = (window.adsRan ?? 0) + 1;';
    // A script of a service GPC does not hold back, after it: once that ran, the gate has passed "ads".
    const canary = script.cloneNode() as HTMLScriptElement;
    canary.dataset.ckService = 'canary';
    canary.text = 'window.canaryRan = true;';
    getStore().decide('canary', 'granted', { version: 'v1', remember: true });
    document.body.append(script, canary);
    try {
      await waitFor(() => (window as { canaryRan?: boolean }).canaryRan, 5000, 'the gate to pass the ads script');
      expect((window as { adsRan?: number }).adsRan).to.equal(undefined);
      getStore().decide('ads', 'granted', { version: 'v1', remember: false });
      await waitFor(() => (window as { adsRan?: number }).adsRan === 1, 5000, 'the script to run');
    } finally {
      script.remove();
      canary.remove();
    }
  });

  it('holds back a remembered chat of a listed service while the signal is on; "Start chat" loads it for this visit', async () => {
    const opened: string[] = [];
    registerScript('gate-chat', { src: 'https://chat.example.com/gate.js', open: () => opened.push('open') });
    const POLICY = { policyUrl: '/privacy.html', imprintUrl: '/imprint.html' };
    const chat = async () => {
      const el = await fixture<CkChatGate>(html`<ck-chat-gate
        provider="script" service="gate-chat" name="Example chat" company="Example GmbH" address="Street 1, Berlin" privacy-url="https://chat.example.com/privacy"
      ></ck-chat-gate>`);
      await el.updateComplete;
      return el;
    };
    try {
      // An earlier visit: the visitor agreed to the notice on screen, "always" (a script chat's
      // consent holds for exactly that text). Only the cookie is left of it.
      configure(POLICY);
      const earlier = await chat();
      await realClick(part(earlier, '[part="launcher"]'));
      const notice = ['[part="title"]', '[part="text"]', 'label[part="consent"]', '[part~="start"]'].map((s) => part(earlier, s).textContent!.replace(/\s+/g, ' ').trim());
      earlier.close();
      earlier.remove();
      getStore().decide('gate-chat', 'granted', { version: textVersion(notice.join('\n')), remember: true });
      resetRuntime();

      signal = true;
      const receiver = testReceiver();
      await receiver.faults({ offline: true });
      configure({ ...POLICY, gpc: { services: ['gate-chat'] }, endpoint: receiver.url });
      const { result: el, requests } = await requestsOnceSettled(chat);
      expect(requests).to.deep.equal([]);
      expect(document.querySelector('script[data-ck-service="gate-chat"]') === null, 'the chat\'s script on the page').to.equal(true);
      expect(el.started).to.equal(false);

      await realClick(part(el, '[part="launcher"]'));
      expect(part<HTMLDialogElement>(el, 'dialog').open, 'the notice open').to.equal(true);
      expect(opened).to.deep.equal([]);

      const consent = oneEvent(el, 'ck-consent');
      await realClick(part(el, 'input[part="checkbox"]'));
      await realClick(part(el, '[part~="start"]'));
      expect((await consent).detail).to.include({ service: 'gate-chat', decision: 'granted', remembered: false });
      expect(document.querySelector<HTMLScriptElement>('script[data-ck-service="gate-chat"]')?.src).to.equal('https://chat.example.com/gate.js');
      expect(opened).to.deep.equal(['open']);
      const proof = await waitFor(() => waitingProofs().find((p) => p.service === 'gate-chat'), 5000, 'the proof');
      expect(proof).to.include({ gpc: true, remembered: false, method: 'checkbox' });
    } finally {
      withdraw('gate-chat'); // the chat's script leaves the page
    }
  });
});
