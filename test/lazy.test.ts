import { expect } from '@open-wc/testing';
import { resetConsent, waitFor } from './helpers.js';

/** Module files of this page's origin requested so far whose path contains `part`. */
const fetched = (part: string) =>
  performance
    .getEntriesByType('resource')
    .map((e) => new URL(e.name).pathname)
    .filter((path) => path.includes(part));

// A page of its own (a test file): nothing of the elements is loaded before this file imports the API.
describe('the script-tag API loads element code and locales on first sight', function () {
  this.timeout(20_000);
  afterEach(resetConsent);

  it('fetches an element only when its tag appears, and only the locale the page asks for', async () => {
    await import('../src/index.js');
    await new Promise((r) => setTimeout(r, 200));
    expect(fetched('/src/elements/chat-gate/'), 'before the tag').to.deep.equal([]);
    expect(fetched('/src/elements/push-prompt/')).to.deep.equal([]);
    expect(customElements.get('ck-chat-gate') === undefined).to.equal(true);

    // Inserted later, as a CMS or a single-page app would.
    const wrapper = document.createElement('div');
    wrapper.lang = 'de';
    wrapper.innerHTML = '<ck-chat-gate provider="whatsapp" phone="4930123456789"></ck-chat-gate>';
    document.body.append(wrapper);
    await waitFor(() => customElements.get('ck-chat-gate'), 5000, 'the element to be defined');
    const gate = wrapper.querySelector('ck-chat-gate')!;
    await (gate as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    expect(gate.shadowRoot!.querySelector('[part="launcher"]')!.textContent).to.equal('Chatten Sie mit uns');
    expect(fetched('/src/elements/chat-gate/chat-gate.ts').length).to.equal(1);
    expect(fetched('/src/elements/push-prompt/'), 'other elements').to.deep.equal([]);
    expect(fetched('/src/i18n/de.ts').length).to.equal(1);
    expect([...fetched('/src/i18n/pl.ts'), ...fetched('/src/i18n/fr.ts')], 'other locales').to.deep.equal([]);
    wrapper.remove();
  });

  it('does not see tags in another component\'s shadow root; loadElement() brings their code', async () => {
    const { loadElement } = await import('../src/index.js');
    const host = document.createElement('div');
    host.attachShadow({ mode: 'open' }).innerHTML = '<ck-privacy-button label="Settings"></ck-privacy-button>';
    document.body.append(host);
    await new Promise((r) => setTimeout(r, 300));
    expect(customElements.get('ck-privacy-button') === undefined, 'not seen in a shadow root').to.equal(true);
    await loadElement('ck-privacy-button');
    expect(customElements.get('ck-privacy-button') !== undefined).to.equal(true);
    let refused = '';
    await loadElement('ck-nothing').catch((e: Error) => (refused = e.message));
    expect(refused).to.equal('consentkit has no element <ck-nothing>');
    host.remove();
  });
});
