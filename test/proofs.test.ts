import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../src/elements/embed/embed.js';
import type { CkEmbed } from '../src/elements/embed/embed.js';
import { sha256 } from '../src/core/proof.js';
import { getStore, withdraw } from '../src/kit/runtime.js';
import { allow } from '../src/kit/allow.js';
import { configure } from '../src/kit/configure.js';
import { captureConsole, part, realClick, resetConsent, waitFor } from './helpers.js';
import { testReceiver } from './proof-helpers.js';

interface Stored {
  id: string;
  [field: string]: unknown;
}

async function storedProofs(receiver: ReturnType<typeof testReceiver>): Promise<Stored[]> {
  return fetch(receiver.url).then((r) => r.json());
}

describe('consent proofs from the elements', function () {
  this.timeout(15_000);
  afterEach(async () => {
    await resetConsent();
    localStorage.clear();
  });

  it('posts a proof of the click, with the exact text hashed and nothing about the visitor', async () => {
    const receiver = testReceiver();
    configure({ endpoint: receiver.url, proofs: { tag: 'texts-2026-11' } });
    const el = await fixture<CkEmbed>(html`<ck-embed provider="youtube" video-id="dQw4w9WgXcQ"></ck-embed>`);
    const consent = oneEvent(el, 'ck-consent');
    const statuses: string[] = [];
    const listen = (e: CustomEvent<{ status: string }>) => statuses.push(e.detail.status);
    document.addEventListener('ck-proof', listen);
    await realClick(part(el, 'input[type="checkbox"]'));
    await realClick(part(el, 'button[part="button"]'));
    const { detail } = await consent;
    await waitFor(async () => (await storedProofs(receiver)).length === 1, 5000, 'the proof to arrive');
    const [proof] = await storedProofs(receiver);
    expect(proof).to.include({
      schema: 1,
      subject: getStore().subjectId(),
      service: 'youtube',
      purpose: 'embed',
      decision: 'granted',
      method: 'click',
      remembered: true,
      textVersion: detail.version,
      locale: 'en',
      origin: location.origin,
      path: location.pathname,
      tag: 'texts-2026-11',
    });
    expect(proof.textHash).to.match(/^sha256:[0-9a-f]{64}$/);
    expect(proof.receivedAt).to.be.a('string');
    expect(Object.keys(proof).sort()).to.deep.equal(
      ['at', 'decision', 'id', 'locale', 'method', 'origin', 'path', 'purpose', 'receivedAt', 'remembered', 'schema', 'service', 'subject', 'tag', 'textHash', 'textVersion'].sort(),
    );
    await waitFor(() => statuses.includes('sent'), 2000, 'the sent status');
    document.removeEventListener('ck-proof', listen);
    expect(statuses).to.deep.equal(['queued', 'sent']);
  });

  it('can record the text itself, and the hash is the SHA-256 of exactly that text', async () => {
    const receiver = testReceiver();
    configure({ endpoint: receiver.url, proofs: { includeText: true } });
    const el = await fixture<CkEmbed>(html`<ck-embed provider="youtube" video-id="dQw4w9WgXcQ"></ck-embed>`);
    await realClick(part(el, 'button[part="button"]'));
    await waitFor(async () => (await storedProofs(receiver)).length === 1, 5000, 'the proof to arrive');
    const [proof] = await storedProofs(receiver);
    expect(proof.text).to.contain('Load YouTube');
    expect(proof.text).to.contain('Provided by Google Ireland Limited');
    expect(proof.textHash).to.equal(await sha256(proof.text as string));
  });

  it('allow() from the site\'s own "Load all videos": every embed of the service loads, one proof with method "api" and the site\'s text', async () => {
    const receiver = testReceiver();
    configure({ endpoint: receiver.url, proofs: { includeText: true } });
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <ck-embed provider="youtube" video-id="dQw4w9WgXcQ"></ck-embed>
      <ck-embed provider="youtube" video-id="aqz-KE-bpKQ"></ck-embed>
    </div>`);
    const embeds = [...wrapper.querySelectorAll<CkEmbed>('ck-embed')];
    await Promise.all(embeds.map((el) => el.updateComplete));
    const text = 'Load all videos on this page. YouTube (Google Ireland Limited) receives your IP address.';
    const consent = oneEvent(document, 'ck-consent');
    expect(allow('youtube', { text, remember: true, locale: 'en-GB' })).to.equal(true);
    expect((await consent).detail).to.include({ service: 'youtube', decision: 'granted', remembered: true });
    for (const el of embeds) await waitFor(() => el.shadowRoot!.querySelector('iframe'), 5000, 'each embed to load');
    expect(getStore().get('youtube')).to.include({ decision: 'granted', remembered: true });
    await waitFor(async () => (await storedProofs(receiver)).length === 1, 5000, 'the proof to arrive');
    const [proof] = await storedProofs(receiver);
    expect(proof).to.include({ service: 'youtube', decision: 'granted', method: 'api', remembered: true, locale: 'en', purpose: 'embed', text });
    expect(proof.textHash).to.equal(await sha256(text));
  });

  it('allow() for this page only: every embed of the service on the page loads, later visits ask again', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <ck-embed provider="youtube" video-id="dQw4w9WgXcQ"></ck-embed>
      <ck-embed provider="youtube" video-id="aqz-KE-bpKQ"></ck-embed>
    </div>`);
    const embeds = [...wrapper.querySelectorAll<CkEmbed>('ck-embed')];
    await Promise.all(embeds.map((el) => el.updateComplete));
    expect(allow('youtube', { text: 'Load all videos on this page (YouTube, Google Ireland Limited).' })).to.equal(true);
    for (const el of embeds) await waitFor(() => el.shadowRoot!.querySelector('iframe'), 5000, 'each embed to load');
    expect(getStore().get('youtube')).to.include({ decision: 'granted', remembered: false });
    expect(getStore().isAlwaysAllowed('youtube')).to.equal(false);
  });

  it('allow() with input it cannot prove grants nothing and names the field', async () => {
    const { result, messages } = await captureConsole('error', () => [
      allow('YouTube!', { text: 'Load' }),
      allow('youtube', { text: '  ' }),
      allow('youtube', undefined as unknown as { text: string }),
      allow('youtube', { text: 'Load', remember: 'yes' as unknown as boolean }),
      allow('youtube', { text: 'Load', locale: 'english' }),
    ]);
    expect(result).to.deep.equal([false, false, false, false, false]);
    expect(messages.map((e) => e.match(/allow\(\): (\S+)/)?.[1])).to.deep.equal(['service', 'options.text', 'options', 'options.remember', 'options.locale']);
    expect(messages.every((e) => e.endsWith('nothing was granted.'))).to.equal(true);
    expect(getStore().get('youtube')).to.equal(undefined);
  });

  it('posts a withdrawal proof that names the version withdrawn', async () => {
    const receiver = testReceiver();
    configure({ endpoint: receiver.url });
    const el = await fixture<CkEmbed>(html`<ck-embed provider="youtube" video-id="dQw4w9WgXcQ"></ck-embed>`);
    const consent = oneEvent(el, 'ck-consent');
    await realClick(part(el, 'button[part="button"]'));
    const { detail } = await consent;
    expect(withdraw('youtube')).to.equal(true);
    expect(withdraw('youtube')).to.equal(false); // nothing left to withdraw: no second proof
    await waitFor(async () => (await storedProofs(receiver)).length === 2, 5000, 'both proofs to arrive');
    const withdrawal = (await storedProofs(receiver)).find((p) => p.decision === 'withdrawn')!;
    expect(withdrawal).to.include({ service: 'youtube', method: 'api', textVersion: detail.version, remembered: false });
    expect(withdrawal.textHash).to.equal(undefined);
  });

  it('sends nothing, and sets no subject id, when no endpoint is configured', async () => {
    const el = await fixture<CkEmbed>(html`<ck-embed provider="youtube" video-id="dQw4w9WgXcQ"></ck-embed>`);
    await realClick(part(el, 'button[part="button"]'));
    expect(Object.keys(localStorage).filter((k) => k.startsWith('consentkit:'))).to.deep.equal([]);
    expect(document.cookie).not.to.contain('consentkit=');
  });

  it('keeps the query string out of proofs unless the site asks for it', async () => {
    const receiver = testReceiver();
    const original = location.href;
    history.replaceState(null, '', `${location.pathname}?email=visitor@example.org`);
    try {
      configure({ endpoint: receiver.url });
      const el = await fixture<CkEmbed>(html`<ck-embed provider="youtube" video-id="dQw4w9WgXcQ"></ck-embed>`);
      await realClick(part(el, 'button[part="button"]'));
      await waitFor(async () => (await storedProofs(receiver)).length === 1, 5000, 'the proof to arrive');
      const [proof] = await storedProofs(receiver);
      expect(proof.path).to.equal(location.pathname);
      expect(JSON.stringify(proof)).not.to.contain('visitor@example.org');
    } finally {
      history.replaceState(null, '', original);
    }
  });

  it('names a proof header the browser would refuse, and still delivers the proof without it', async () => {
    const receiver = testReceiver();
    const { messages } = await captureConsole('error', () => configure({ endpoint: receiver.url, proofs: { headers: { 'X-Key': 'k\nv', 'X-Release': 'texts-2026-11' } } }));
    expect(messages).to.deep.equal([
      'consentkit: config "proofs.headers.X-Key": must be one line of Latin-1 text (from configure()); using the default instead.',
    ]);
    const el = await fixture<CkEmbed>(html`<ck-embed provider="youtube" video-id="dQw4w9WgXcQ"></ck-embed>`);
    await realClick(part(el, 'button[part="button"]'));
    await waitFor(async () => (await storedProofs(receiver)).length === 1, 5000, 'the proof to arrive');
    expect((await storedProofs(receiver))[0]).to.include({ service: 'youtube', decision: 'granted' });
  });
});
