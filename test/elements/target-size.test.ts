import { expect, fixture, html } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import '../../src/elements/embed/embed.js';
import '../../src/elements/chat-gate/chat-gate.js';
import '../../src/elements/push-prompt/push-prompt.js';
import '../../src/elements/privacy-center/privacy-center.js';
import '../../src/elements/privacy-button/privacy-button.js';
import '../../src/elements/policy-text/policy-text.js';
import { openPrivacyCenter } from '../../src/elements/privacy-center/privacy-center.js';
import { configure } from '../../src/kit/configure.js';
import { registerScript } from '../../src/providers/registry.js';
import { part, realClick, resetConsent, waitFor } from '../helpers.js';

const VAPID = 'BAKUsbN__19-phGaWXvJ86HMuWECU-uI81CmOxLfWTn5227G-rY5EkgPQiJg1j8-kUsLWVSeOds7mpMao93lhNg';
const MIN = 24;

/** What takes a click or a tap in the elements' shadow trees (nested ones too) within `scope`, as shown now. */
function targets(scope: Element): HTMLElement[] {
  const found: HTMLElement[] = [];
  const walk = (root: ParentNode) => {
    for (const el of root.querySelectorAll<HTMLElement>('*')) {
      if (el.shadowRoot && el.localName.startsWith('ck-')) walk(el.shadowRoot);
      if (el.getRootNode() === document) continue;
      if (!el.matches('button, a[href], input:not([type="hidden"]), select, textarea, summary, [role="switch"]')) continue;
      if (!el.checkVisibility({ visibilityProperty: true }) || !el.getClientRects().length) continue;
      found.push(el);
    }
  };
  walk(scope.shadowRoot ?? scope);
  return found;
}

/** A link inside a sentence (WCAG 2.5.8's inline exception): its block has text of its own next to it. */
function inSentence(el: HTMLElement): boolean {
  if (el.localName !== 'a') return false;
  const block = el.parentElement;
  return !!block && [...block.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && /[^\s,.;:()]/.test(n.textContent ?? ''));
}

const label = (el: HTMLElement) => {
  const host = (el.getRootNode() as ShadowRoot).host;
  return `<${host.localName}${host.getAttribute('provider') ? ` ${host.getAttribute('provider')}` : ''}> ${el.localName}${el.getAttribute('part') ? `[part="${el.getAttribute('part')}"]` : ''} "${(el.textContent || el.getAttribute('aria-label') || '').trim().replace(/\s+/g, ' ').slice(0, 30)}"`;
};

/** The parts of `el`'s boxes (one per line of a wrapped link) that show: cut by each box around it that clips, and by the window. */
function shownRects(el: HTMLElement): DOMRect[] {
  const clips: DOMRect[] = [new DOMRect(0, 0, document.documentElement.clientWidth, innerHeight)];
  for (let box: Element | null = el.parentElement ?? (el.getRootNode() as ShadowRoot).host; box; box = box.parentElement ?? ((box.getRootNode() as ShadowRoot).host ?? null)) {
    if (getComputedStyle(box).overflow !== 'visible') clips.push(box.getBoundingClientRect());
  }
  return [...el.getClientRects()].flatMap((r) => {
    const left = Math.max(r.left, ...clips.map((c) => c.left));
    const right = Math.min(r.right, ...clips.map((c) => c.right));
    const top = Math.max(r.top, ...clips.map((c) => c.top));
    const bottom = Math.min(r.bottom, ...clips.map((c) => c.bottom));
    return right > left && bottom > top ? [new DOMRect(left, top, right - left, bottom - top)] : [];
  });
}

/**
 * WCAG 2.2 SC 2.5.8 (target size, minimum), on the rects the browser lays out: each target is at
 * least 24 × 24 CSS px, or the 24 px circle centred on it meets no other target, nor the circle
 * of another small one. Each target is scrolled into view and measured against what shows
 * around it then (a link scrolled under a dialog's footer takes no tap there). A wrapped link
 * counts line by line; targets inside one another (a checkbox in its label) are one target.
 */
function tooSmall(all: HTMLElement[]): string[] {
  const targets = all.filter((el) => !inSentence(el));
  const small = (r: DOMRect) => r.width < MIN - 0.01 || r.height < MIN - 0.01;
  const centre = (r: DOMRect) => [r.left + r.width / 2, r.top + r.height / 2] as const;
  const related = (a: HTMLElement, b: HTMLElement) => a === b || a.contains(b) || b.contains(a);
  const problems: string[] = [];
  for (const el of targets) {
    el.scrollIntoView({ block: 'center', inline: 'center' });
    const others = targets.filter((o) => !related(el, o)).flatMap((o) => shownRects(o).map((r) => ({ el: o, r })));
    for (const r of shownRects(el)) {
      if (!small(r)) continue;
      const [cx, cy] = centre(r);
      // The distance from the centre to the other's rect; and to the other's circle when it is small too.
      const near = others.find(({ r: o }) => {
        const toRect = Math.hypot(Math.max(o.left - cx, 0, cx - o.right), Math.max(o.top - cy, 0, cy - o.bottom));
        const [ox, oy] = centre(o);
        return toRect < MIN / 2 - 0.01 || (small(o) && Math.hypot(ox - cx, oy - cy) < MIN - 0.01);
      });
      if (near) problems.push(`${label(el)} (${Math.round(r.width)}×${Math.round(r.height)}) is too near ${label(near.el)} (${Math.round(near.r.width)}×${Math.round(near.r.height)})`);
    }
  }
  return [...new Set(problems)];
}

/** Every element as a site shows it. */
async function everyElement(): Promise<HTMLElement> {
  return fixture(html`<div>
    <ck-embed provider="youtube" video-id="aqz-KE-bpKQ"></ck-embed>
    <ck-embed provider="vimeo" video-id="1084537"></ck-embed>
    <p>
      <ck-embed provider="facebook-share"></ck-embed>
      <ck-embed provider="facebook-like"></ck-embed>
      <ck-embed provider="whatsapp" phone="4930123456789"></ck-embed>
      <ck-embed provider="telegram" username="bakeryblog"></ck-embed>
      <ck-embed provider="facebook-messenger" page="bakeryblog"></ck-embed>
      <ck-embed provider="script" service="crisp" name="Crisp chat" company="Crisp IM SAS" address="2 boulevard de Launay, 44100 Nantes, France" privacy-url="https://crisp.chat/en/privacy/"></ck-embed>
    </p>
    <ck-embed provider="facebook-page" url="https://www.facebook.com/facebook"></ck-embed>
    <ck-embed provider="x" post-id="20"></ck-embed>
    <ck-embed provider="instagram" url="https://www.instagram.com/p/C1a2B3c4D5e/"></ck-embed>
    <ck-embed provider="google-maps" q="Brandenburger Tor, Berlin"></ck-embed>
    <p>
      <ck-chat-gate provider="facebook-messenger" page="bakeryblog" extra-label="You may use my questions to improve the answers." extra-service="chat-feedback"></ck-chat-gate>
      <ck-chat-gate provider="whatsapp" phone="4930123456789"></ck-chat-gate>
    </p>
    <ck-push-prompt topics="news offers"></ck-push-prompt>
    <p><ck-privacy-button></ck-privacy-button></p>
    <ck-privacy-center></ck-privacy-center>
    <ck-policy-text services="youtube whatsapp"></ck-policy-text>
  </div>`);
}

describe('WCAG 2.2 target size (2.5.8): every control is 24 × 24 px or spaced 24 px apart', () => {
  before(() => {
    registerScript('crisp', { src: 'https://client.crisp.chat/l.js' });
  });
  afterEach(async () => {
    document.querySelectorAll('ck-privacy-center[dialog]').forEach((e) => e.remove());
    await setViewport({ width: 800, height: 600 });
    await resetConsent();
  });

  for (const width of [320, 1280]) {
    it(`at ${width} px: placeholders, details panels, chat notice, push prompt, privacy settings inline and as a dialog`, async () => {
      await setViewport({ width, height: 800 });
      configure({ policyUrl: '/privacy.html', imprintUrl: '/imprint.html', services: ['youtube', 'whatsapp', 'push'], push: { serviceWorker: '/test/fixtures/sw.js', vapidPublicKey: VAPID, topics: { news: 'new recipes', offers: 'offers' } } });
      const page = await everyElement();
      const elements = [...page.querySelectorAll<HTMLElement & { updateComplete: Promise<unknown> }>('*')].filter((e) => e.localName.startsWith('ck-'));
      await Promise.all(elements.map((e) => e.updateComplete));
      const prompt = page.querySelector('ck-push-prompt')!;
      await waitFor(() => prompt.shadowRoot?.querySelector('[part~="allow"]')?.checkVisibility(), undefined, 'the push prompt');
      const problems = tooSmall(targets(page));
      // The targets were found: "Load" and "Always allow" of the video, among others.
      const youtube = page.querySelector('ck-embed[provider="youtube"]')!;
      expect(targets(page)).to.include.members([part(youtube, '[part="button"]'), part(youtube, '[part="checkbox"]')]);

      for (const embed of page.querySelectorAll('ck-embed')) {
        const trigger = embed.shadowRoot!.querySelector<HTMLElement>('[part="trigger"]');
        if (!trigger) continue;
        await realClick(trigger);
        const panel = part(embed, '[part="panel"]');
        await waitFor(() => panel.checkVisibility(), undefined, 'the details panel');
        problems.push(...tooSmall(targets(panel)).map((p) => `panel: ${p}`));
        await realClick(trigger);
        await waitFor(() => !panel.checkVisibility(), undefined, 'the panel to close');
      }

      const chat = page.querySelector('ck-chat-gate')!;
      await realClick(part(chat, '[part="launcher"]'));
      const notice = await waitFor(() => chat.shadowRoot!.querySelector<HTMLDialogElement>('dialog[open]'), undefined, 'the chat notice');
      problems.push(...tooSmall(targets(notice)).map((p) => `chat notice: ${p}`));
      notice.close();

      const center = await openPrivacyCenter();
      const dialog = await waitFor(() => center.shadowRoot!.querySelector<HTMLDialogElement>('dialog[open]'), undefined, 'the privacy center dialog');
      problems.push(...tooSmall(targets(dialog)).map((p) => `center dialog: ${p}`));
      dialog.close();

      expect(problems).to.deep.equal([]);
    });
  }
});
