import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/elements/push-prompt/push-prompt.js';
import type { CkPushPrompt } from '../../src/elements/push-prompt/push-prompt.js';
import { getStore } from '../../src/kit/runtime.js';
import { configure } from '../../src/kit/configure.js';
import { part, realClick, resetConsent } from '../helpers.js';

// A file of its own: the browser keeps a "Block" from its own prompt for the rest of the page's
// life, and no test may inherit it (see web-test-runner.config.mjs).
describe('<ck-push-prompt> when the visitor blocks at the browser\'s prompt', () => {
  afterEach(resetConsent);

  it('records a no, says so plainly, fires ck-push-error and subscribes nothing', async () => {
    configure({ push: { serviceWorker: '/test/fixtures/sw.js', vapidPublicKey: 'BAKUsbN__19-phGaWXvJ86HMuWECU-uI81CmOxLfWTn5227G-rY5EkgPQiJg1j8-kUsLWVSeOds7mpMao93lhNg' } });
    const el = await fixture<CkPushPrompt>(html`<ck-push-prompt></ck-push-prompt>`);
    await el.updateComplete;
    const failed = oneEvent(el, 'ck-push-error');
    await realClick(part(el, '[part~="allow"]')); // headless Chromium answers its own prompt with "Block"
    expect((await failed).detail.reason).to.equal('denied');
    expect(Notification.permission).to.equal('denied');
    await el.updateComplete;
    expect(part(el, '[part="status"]').textContent).to.equal('Notifications are blocked in your browser’s settings for this site.');
    expect(getStore().get('push')?.decision).to.equal('denied');
    expect((await navigator.serviceWorker.getRegistrations()).length).to.equal(0);
  });
});
