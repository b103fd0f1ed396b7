import { expect } from '@open-wc/testing';
import '../../src/elements/chat-gate/chat-gate.js';
import '../../src/elements/push-prompt/push-prompt.js';
import '../../src/elements/privacy-button/privacy-button.js';
import { reserveBoxes } from '../../src/kit/boxes.js';
import { configure } from '../../src/kit/configure.js';
import { resetConsent } from '../helpers.js';

const VAPID = 'BAKUsbN__19-phGaWXvJ86HMuWECU-uI81CmOxLfWTn5227G-rY5EkgPQiJg1j8-kUsLWVSeOds7mpMao93lhNg';

/**
 * Each element as a site writes it, between two lines of the page's own text. The box the loader
 * reserves before an element's code arrives (kit/boxes.ts) must be the box the element then takes,
 * so nothing around it moves when it upgrades: no layout shift, and no CSS of the site's needed.
 */
const CASES: Record<string, string> = {
  'a chat launcher in a line of text': '<p>Questions? <ck-chat-gate provider="whatsapp" phone="4930123456789"></ck-chat-gate> We answer within a day.</p>',
  'a chat launcher alone in its paragraph': '<p><ck-chat-gate provider="facebook-messenger" page="bakeryblog"></ck-chat-gate></p>',
  'a floating chat launcher': '<ck-chat-gate provider="whatsapp" phone="4930123456789" launcher="floating"></ck-chat-gate>',
  'a privacy button in a line of text': '<p>Change your choices in the <ck-privacy-button></ck-privacy-button> at any time.</p>',
  'a floating privacy button': '<ck-privacy-button floating></ck-privacy-button>',
  'a push prompt before it shows': '<ck-push-prompt trigger="manual"></ck-push-prompt>',
  'a push bell': '<p><ck-push-prompt variant="bell"></ck-push-prompt> Notifications</p>',
};
const PAGE = (body: string) => `<style>body { margin: 0; font: 16px/1.5 sans-serif } p { margin: 1em 0 }</style><p id="above">A line above.</p>${body}<p id="below">A line below.</p>`;

/** Where the page's own lines and the element are: what a visitor would see move. */
function layout(doc: Document): Record<string, number[]> {
  const at = (el: Element) => {
    const r = el.getBoundingClientRect();
    return [Math.round(r.top * 10) / 10, Math.round(r.height * 10) / 10];
  };
  const el = [...doc.body.querySelectorAll('*')].find((e) => e.localName.startsWith('ck-'))!;
  // The element's own width in a line of text is its text's (unknown before its texts arrive):
  // the words after it move sideways, the lines stay where they are.
  return { paragraph: at(el.closest('p') ?? el), below: at(doc.querySelector('#below')!) };
}

describe('the box each element takes is reserved before its code arrives (kit/boxes.ts): nothing moves when it upgrades', () => {
  before(() => configure({ push: { serviceWorker: '/test/fixtures/sw.js', vapidPublicKey: VAPID } }));
  after(resetConsent);

  for (const [name, markup] of Object.entries(CASES)) {
    it(name, async () => {
      // Before: a page of its own where no consentkit element is defined, with the loader's sheet.
      const frame = document.createElement('iframe');
      frame.style.cssText = 'width:600px;height:400px;border:0';
      document.body.append(frame);
      const doc = frame.contentDocument!;
      doc.body.innerHTML = PAGE(markup);
      reserveBoxes(doc);
      const before = layout(doc);
      frame.remove();
      // After: the same page in this document, where the elements are defined, once rendered (texts loaded).
      const host = document.createElement('div');
      host.style.cssText = 'position:absolute;left:0;top:0;width:600px';
      host.innerHTML = PAGE(markup);
      document.body.append(host);
      try {
        const el = [...host.querySelectorAll('*')].find((e) => e.localName.startsWith('ck-')) as HTMLElement & { updateComplete: Promise<unknown> };
        await el.updateComplete;
        const rect = host.getBoundingClientRect();
        const shifted = layout(document);
        for (const key of Object.keys(shifted)) shifted[key]![0] = Math.round((shifted[key]![0]! - rect.top) * 10) / 10;
        expect(shifted).to.deep.equal(before);
      } finally {
        host.remove();
      }
    });
  }
});
