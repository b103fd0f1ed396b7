import { expect } from '@open-wc/testing';
import { LitElement } from 'lit';
import { ConsentController } from '../../src/controllers/consent-controller.js';
import type { ConsentChange } from '../../src/core/consent-store.js';
import { getStore, onConsentChange } from '../../src/kit/runtime.js';
import { resetConsent } from '../helpers.js';

/** An element that notes every consent change it hears. */
class ConsentHost extends LitElement {
  readonly heard: Array<string | null> = [];
  readonly consent = new ConsentController(this, (change: ConsentChange) => this.heard.push(change.service));
}
customElements.define('consent-host', ConsentHost);

describe('ConsentController', () => {
  afterEach(resetConsent);

  it('hears consent changes while its element is connected, none while detached, once each after reconnecting', async () => {
    // The page's own listener, subscribed after the element: when it has heard a change, every listener has.
    const page: Array<string | null> = [];
    const el = document.createElement('consent-host') as ConsentHost;
    document.body.append(el);
    const stop = onConsentChange((change) => page.push(change.service));
    try {
      getStore().decide('stats', 'granted', { version: 'v1', remember: false });
      expect(page, 'the page heard it').to.deep.equal(['stats']);
      expect(el.heard, 'connected').to.deep.equal(['stats']);

      el.remove();
      getStore().decide('maps', 'granted', { version: 'v1', remember: false });
      expect(page, 'the page heard it').to.deep.equal(['stats', 'maps']);
      expect(el.heard, 'detached: nothing more').to.deep.equal(['stats']);

      // Connected again, and moved (disconnected and connected once more): it hears changes again, each once.
      document.body.append(el);
      document.body.prepend(el);
      getStore().decide('chat', 'granted', { version: 'v1', remember: false });
      expect(page.at(-1)).to.equal('chat');
      expect(el.heard, 'reconnected').to.deep.equal(['stats', 'chat']);
    } finally {
      stop();
      el.remove();
    }
  });
});
