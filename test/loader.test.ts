import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { resetConsent, waitFor } from './helpers.js';

/** Paths this page asked the test server for so far, in the order it issued the requests. */
const served = () => executeServerCommand<string[], undefined>('served');
const requested = async (part: string) => (await served()).filter((path) => path.includes(part));

/**
 * Adds `markup` at the end of the body and waits until the page has requested `path`, the code it
 * makes the loader fetch: a request the loader issued before it is in the log by then.
 */
async function canary(markup: string, path: string): Promise<void> {
  const holder = document.createElement('div');
  holder.innerHTML = markup;
  document.body.append(holder);
  await waitFor(async () => (await requested(path)).length > 0, 20_000, `the canary's request for ${path}`);
  holder.remove();
}

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
    await canary('<ck-policy-text></ck-policy-text>', '/src/elements/policy-text/');
    expect(await requested('/src/elements/chat-gate/'), 'before the tag').to.deep.equal([]);
    expect(await requested('/src/elements/push-prompt/')).to.deep.equal([]);
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
    expect(await requested('/src/elements/push-prompt/'), 'other elements').to.deep.equal([]);
    expect(fetched('/src/i18n/de.ts').length).to.equal(1);
    expect([...(await requested('/src/i18n/pl.ts')), ...(await requested('/src/i18n/fr.ts'))], 'other locales').to.deep.equal([]);
    wrapper.remove();
  });

  it('does not see tags in another component\'s shadow root; loadElement() brings their code', async () => {
    const { loadElement } = await import('../src/index.js');
    const host = document.createElement('div');
    host.attachShadow({ mode: 'open' }).innerHTML = '<ck-privacy-button label="Settings"></ck-privacy-button>';
    document.body.append(host);
    // Seen by the loader's observer in the same batch of mutations as the shadow host.
    await canary('<script type="text/plain" data-ck-service="canary"></script>', '/src/gate/gate.ts');
    expect(await requested('/src/elements/privacy-button/'), 'not seen in a shadow root').to.deep.equal([]);
    expect(customElements.get('ck-privacy-button') === undefined).to.equal(true);
    await loadElement('ck-privacy-button');
    expect(customElements.get('ck-privacy-button') !== undefined).to.equal(true);
    let refused = '';
    await loadElement('ck-nothing').catch((e: Error) => (refused = e.message));
    expect(refused).to.equal('consentkit has no element <ck-nothing>');
    host.remove();
  });
});
