import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/embed/embed.js';
import type { CkEmbed } from '../../src/elements/embed/embed.js';
import { withdraw } from '../../src/kit/runtime.js';
import { openEmbedTab, part, realClick, resetConsent, waitFor } from '../helpers.js';

describe('<ck-embed> across tabs of the site', function () {
  this.timeout(30_000);
  afterEach(async () => {
    document.querySelectorAll('iframe').forEach((f) => f.remove());
    await resetConsent();
  });

  it('"always allow" in one tab loads the embed in the other; withdrawing removes it there too', async () => {
    const el = await fixture<CkEmbed>(html`<ck-embed provider="youtube" video-id="dQw4w9WgXcQ"></ck-embed>`);
    const other = await openEmbedTab();
    expect(other().loaded).to.equal(false);

    await realClick(part(el, 'input[type="checkbox"]'));
    await realClick(part(el, 'button[part="button"]'));
    await waitFor(() => other().loaded, 5000, 'the other tab to load the video');

    withdraw('youtube');
    await waitFor(() => !other().loaded, 5000, 'the other tab to withdraw');
    expect(other().shadowRoot!.querySelector('iframe') === null).to.equal(true);
  });
});
