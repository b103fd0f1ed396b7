import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import '../../src/elements/chat-gate/chat-gate.js';
import type { CkChatGate } from '../../src/elements/chat-gate/chat-gate.js';
import { sha256 } from '../../src/core/proof.js';
import { registerScript } from '../../src/providers/registry.js';
import { getStore, resetRuntime, withdraw } from '../../src/kit/runtime.js';
import { configure } from '../../src/kit/configure.js';
import { captureConsole, part, realClick, requestsBeforeCanary, requestsOnceSettled, resetConsent, thirdPartyElements, thirdPartyRequests, waitFor, watchTimers } from '../helpers.js';
import { testReceiver } from '../proof-helpers.js';

const POLICY = { policyUrl: '/privacy.html', imprintUrl: '/imprint.html' };

async function messenger(attributes = html``): Promise<CkChatGate> {
  configure(POLICY);
  const wrapper = await fixture<HTMLDivElement>(html`<div><ck-chat-gate provider="facebook-messenger" page="bakeryblog"></ck-chat-gate>${attributes}</div>`);
  const el = wrapper.querySelector('ck-chat-gate')!;
  await el.updateComplete;
  return el;
}

const dialogOpen = (el: CkChatGate) => part<HTMLDialogElement>(el, 'dialog').open;
const checkbox = (el: CkChatGate) => part<HTMLInputElement>(el, 'input[part="checkbox"]');
const start = (el: CkChatGate) => part(el, '[part~="start"]');
function focused(el: Element): string | null {
  const active = el.shadowRoot!.activeElement;
  return active && `${active.localName}[part=${active.getAttribute('part')}]`;
}
/** Requests to Messenger's link host: the tab a started chat opens. */
const messengerRequests = async () => (await thirdPartyRequests()).filter((url) => url.startsWith('https://m.me/'));

/**
 * How long a tab may take to reach the runner's network log. Generous, because a busy machine
 * opens tabs slowly; a wait ends as soon as the request is there. Tests waiting for a tab add it
 * to their own timeout.
 */
const TAB_LIMIT_MS = 60_000;

/** The Messenger tab's requests, once it has opened (within `limit` ms). */
const messengerTab = (what = 'the Messenger tab', limit = TAB_LIMIT_MS) => waitFor(messengerRequests, limit, what);

/**
 * The third-party requests so far, taken once canaries opened now — a tab among them — are in the
 * network log: a tab (or request) the page started before them is logged by then, so "none" is an
 * observation, not a guess about how long to wait. `clear`: the log then starts after them.
 */
const requestsBeforeTabCanary = ({ clear = false } = {}) => requestsBeforeCanary({ tab: true, clear, limit: TAB_LIMIT_MS });

/** Presses Escape in the open notice and resolves once the dialog's close event has been handled and the element has rendered. */
async function escape(el: CkChatGate): Promise<void> {
  const closed = oneEvent(part(el, 'dialog'), 'close');
  await sendKeys({ press: 'Escape' });
  await closed;
  await el.updateComplete;
}

describe('<ck-chat-gate>', function () {
  this.timeout(15_000);
  afterEach(async function () {
    this.timeout(TAB_LIMIT_MS + 15_000);
    await setViewport({ width: 800, height: 600 });
    // A tab this test's chat opened may reach the log late: a canary tab after it ends its share
    // of the log, so it cannot land in the next test's.
    await requestsBeforeTabCanary({ clear: true });
    await resetConsent();
    localStorage.clear();
  });

  it('is accessible, closed and open', async () => {
    const el = await messenger();
    await expect(el).to.be.accessible();
    await realClick(part(el, '[part="launcher"]'));
    expect(dialogOpen(el)).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('loads nothing from Meta before "Start chat", not even with the box ticked', async function () {
    this.timeout(TAB_LIMIT_MS + 15_000);
    const timers = watchTimers();
    try {
      const el = await messenger();
      await realClick(part(el, '[part="launcher"]'));
      await realClick(checkbox(el));
      await timers.settled(); // what the element scheduled has run: a later request is made by now
      expect(await requestsBeforeTabCanary()).to.deep.equal([]);
      expect(thirdPartyElements(document.documentElement)).to.deep.equal([]);
      expect(el.started).to.equal(false);
    } finally {
      timers.stop();
    }
  });

  it('shows who runs the chat, what is processed, why, the legal basis, and links policy and imprint', async () => {
    const el = await messenger();
    await realClick(part(el, '[part="launcher"]'));
    const text = part(el, '[part="text"]').textContent!.replace(/\s+/g, ' ');
    expect(text).to.contain('The chat is run by Meta Platforms Ireland Limited');
    expect(text).to.contain('your IP address');
    expect(text).to.contain('to let you chat with us in Messenger');
    expect(text).to.contain('Art. 6(1)(a) GDPR');
    const links = [...el.shadowRoot!.querySelectorAll('a[part="link"]')].map((a) => `${a.textContent!.trim()} ${a.getAttribute('href')}`);
    expect(links).to.deep.equal([
      'Our privacy policy /privacy.html',
      'Imprint /imprint.html',
      'Privacy policy of Meta Platforms Ireland Limited https://www.facebook.com/privacy/policy/',
    ]);
    expect(checkbox(el).checked, 'never pre-ticked').to.equal(false);
    expect(part(el, 'label[part="consent"]').textContent).to.contain('processed by Meta Platforms Ireland Limited');
  });

  it('"Start chat" does nothing until the box is ticked: mouse, keyboard or a script clicking it', async function () {
    this.timeout(2 * TAB_LIMIT_MS + 15_000);
    const el = await messenger();
    let consents = 0;
    el.addEventListener('ck-consent', () => consents++);
    await realClick(part(el, '[part="launcher"]'));
    expect(start(el).getAttribute('aria-disabled')).to.equal('true');
    expect(start(el).getAttribute('aria-describedby')).to.equal(part(el, '[part="hint"]').id);
    expect(part(el, '[part="hint"]').textContent).to.contain('Tick the box above');
    await realClick(start(el));
    start(el).focus();
    await sendKeys({ press: 'Enter' });
    start(el).click();
    expect(await requestsBeforeTabCanary()).to.deep.equal([]);
    expect(consents).to.equal(0);
    expect(getStore().get('facebook-messenger') === undefined).to.equal(true);
    expect(dialogOpen(el), 'the notice stays open').to.equal(true);

    await realClick(checkbox(el));
    expect(start(el).getAttribute('aria-disabled')).to.equal('false');
    const opened = oneEvent(el, 'ck-chat-open');
    await realClick(start(el));
    expect((await opened).detail).to.deep.equal({ service: 'facebook-messenger', automatic: false });
    expect(consents).to.equal(1);
    expect(dialogOpen(el)).to.equal(false);
    expect(await messengerTab()).to.deep.equal(['https://m.me/bakeryblog']);
  });

  it('"Start chat" on WhatsApp: the consent is announced before the chat, whose link has no empty ?text=', async function () {
    this.timeout(15_000 + TAB_LIMIT_MS);
    const el = await fixture<CkChatGate>(html`<ck-chat-gate provider="whatsapp" phone="4930123456789"></ck-chat-gate>`);
    const events: string[] = [];
    for (const type of ['ck-consent', 'ck-chat-open'] as const) el.addEventListener(type, () => events.push(type));
    await realClick(part(el, '[part="launcher"]'));
    await realClick(checkbox(el));
    const opened = oneEvent(el, 'ck-chat-open');
    await realClick(start(el));
    await opened;
    expect(events).to.deep.equal(['ck-consent', 'ck-chat-open']);
    const tab = await waitFor(async () => (await thirdPartyRequests()).filter((url) => url.startsWith('https://wa.me/')), TAB_LIMIT_MS, 'the WhatsApp tab');
    expect(tab).to.deep.equal(['https://wa.me/4930123456789']);
  });

  it('moves focus into the notice and back to the launcher; Escape closes it', async () => {
    const el = await messenger();
    part(el, '[part="launcher"]').focus();
    await sendKeys({ press: 'Enter' });
    expect(dialogOpen(el)).to.equal(true);
    expect(focused(el)).to.equal('input[part=checkbox]');
    await escape(el);
    expect(dialogOpen(el)).to.equal(false);
    expect(focused(el)).to.equal('button[part=launcher]');
    expect(getStore().get('facebook-messenger') === undefined).to.equal(true);
  });

  it('posts a checkbox proof whose hash is that of the notice on screen', async () => {
    const receiver = testReceiver();
    configure({ endpoint: receiver.url });
    const el = await messenger();
    await realClick(part(el, '[part="launcher"]'));
    const shown = ['[part="title"]', '[part="text"]', 'label[part="consent"]', '[part~="start"]'].map((s) => part(el, s).textContent!.replace(/\s+/g, ' ').trim());
    await realClick(checkbox(el));
    await realClick(start(el));
    const [proof] = await waitFor(async () => {
      const stored = (await fetch(receiver.url).then((r) => r.json())) as Array<Record<string, unknown>>;
      return stored.length ? stored : undefined;
    }, 5000, 'the proof');
    expect(proof).to.include({ service: 'facebook-messenger', purpose: 'chat', decision: 'granted', method: 'checkbox', remembered: true });
    expect(proof!.textHash).to.equal(await sha256(shown.join('\n')));
  });

  it('with consent remembered, the launcher opens the chat at once; a withdrawal brings the notice back', async function () {
    this.timeout(5 * TAB_LIMIT_MS + 15_000);
    const first = await messenger();
    await realClick(part(first, '[part="launcher"]'));
    await realClick(checkbox(first));
    await realClick(start(first));
    await messengerTab('the first Messenger tab');
    await requestsBeforeTabCanary({ clear: true }); // a second tab of that click would be logged by now, and cleared

    resetRuntime(); // as on the next page: only the cookie remains
    const el = await messenger();
    const opened = oneEvent(el, 'ck-chat-open');
    await realClick(part(el, '[part="launcher"]'));
    expect((await opened).detail.automatic).to.equal(true);
    expect(dialogOpen(el)).to.equal(false);
    await messengerTab();
    await requestsBeforeTabCanary({ clear: true });

    withdraw('facebook-messenger');
    await el.updateComplete;
    await realClick(part(el, '[part="launcher"]'));
    expect(dialogOpen(el)).to.equal(true);
    expect(checkbox(el).checked).to.equal(false);
    expect((await requestsBeforeTabCanary()).filter((url) => url.startsWith('https://m.me/'))).to.deep.equal([]);
  });

  it('remember="false": the consent lasts for this page view only', async () => {
    configure(POLICY);
    const el = await fixture<CkChatGate>(html`<ck-chat-gate provider="whatsapp" phone="4930123456789" remember="false"></ck-chat-gate>`);
    await el.updateComplete;
    await realClick(part(el, '[part="launcher"]'));
    await realClick(checkbox(el));
    await realClick(start(el));
    expect(getStore().get('whatsapp')?.remembered).to.equal(false);
    resetRuntime();
    expect(getStore().get('whatsapp') === undefined).to.equal(true);
  });

  it('renders hostile templates from attributes and config as text; only its own placeholders become links', async () => {
    const hostile = '<img src=x onerror="window.pwned=1"> See {policyLink}.';
    configure({ ...POLICY, texts: { en: { chatConsent: '<b>yes</b> {company}' } } });
    const el = await fixture<CkChatGate>(html`<ck-chat-gate provider="whatsapp" phone="4930123456789" notice=${hostile}></ck-chat-gate>`);
    await el.updateComplete;
    await realClick(part(el, '[part="launcher"]'));
    await el.updateComplete;
    expect(el.shadowRoot!.querySelectorAll('img, b').length).to.equal(0);
    expect(part(el, '[part="text"]').textContent).to.equal('<img src=x onerror="window.pwned=1"> See Our privacy policy.');
    expect(part(el, '[part="text"] a').getAttribute('href')).to.equal('/privacy.html');
    expect(part(el, 'label[part="consent"]').textContent!.trim()).to.equal('<b>yes</b> WhatsApp Ireland Limited');
    // The imprint, left out of this notice, is still one click away.
    expect([...el.shadowRoot!.querySelectorAll('.links a')].map((a) => a.getAttribute('href'))).to.deep.equal(['/imprint.html', 'https://www.whatsapp.com/legal/privacy-policy-eea']);
    expect((window as { pwned?: number }).pwned === undefined).to.equal(true);
  });

  it('an extra purpose has its own unticked box, decided independently of the chat', async () => {
    configure(POLICY);
    const gate = () => html`<ck-chat-gate provider="whatsapp" phone="4930123456789" extra-label="Use my messages to improve the assistant" extra-service="assistant-training"></ck-chat-gate>`;
    const el = await fixture<CkChatGate>(gate());
    await el.updateComplete;
    await realClick(part(el, '[part="launcher"]'));
    const extra = part<HTMLInputElement>(el, 'input[part~="extra"]');
    expect(extra.checked).to.equal(false);
    await realClick(extra);
    expect(start(el).getAttribute('aria-disabled'), 'the extra box alone does not start the chat').to.equal('true');
    await realClick(checkbox(el));
    await realClick(extra); // untick again: chat yes, training no
    await realClick(start(el));
    expect(getStore().get('whatsapp')?.decision).to.equal('granted');
    expect(getStore().get('assistant-training') === undefined).to.equal(true);

    withdraw('whatsapp');
    await el.updateComplete;
    await realClick(part(el, '[part="launcher"]'));
    await realClick(checkbox(el));
    await realClick(part(el, 'input[part~="extra"]'));
    await realClick(start(el));
    expect(getStore().get('assistant-training')?.decision).to.equal('granted');
  });

  it('a script chat loads only after "Start chat", opens through its hook, and leaves on withdrawal', async () => {
    const calls: string[] = [];
    registerScript('gate-chat', {
      src: 'https://chat.example.com/gate.js',
      init: () => calls.push('init'),
      open: () => calls.push('open'),
      teardown: () => calls.push('teardown'),
    });
    configure(POLICY);
    const el = await fixture<CkChatGate>(html`<ck-chat-gate
      provider="script" service="gate-chat" name="Example chat" company="Example GmbH" address="Street 1, Berlin" privacy-url="https://chat.example.com/privacy"
      launcher="floating"
    ></ck-chat-gate>`);
    await el.updateComplete;
    await realClick(part(el, '[part="launcher"]'));
    await realClick(checkbox(el));
    expect(document.querySelector('script[data-ck-service="gate-chat"]') === null).to.equal(true);
    await realClick(start(el));
    expect(document.querySelector<HTMLScriptElement>('script[data-ck-service="gate-chat"]')?.src).to.equal('https://chat.example.com/gate.js');
    expect(calls).to.deep.equal(['init', 'open']);
    await realClick(part(el, '[part="launcher"]'));
    expect(calls).to.deep.equal(['init', 'open', 'open']);
    withdraw('gate-chat');
    await waitFor(() => calls.at(-1) === 'teardown', undefined, "the script's teardown");
    await el.updateComplete;
    expect(document.querySelector('script[data-ck-service="gate-chat"]') === null).to.equal(true);
    expect(calls.at(-1)).to.equal('teardown');
    expect(el.started).to.equal(false);
  });

  it('an iframe chat keeps its sandbox, gets the focus when started, and is gone while detached', async () => {
    configure(POLICY);
    const el = await fixture<CkChatGate>(html`<ck-chat-gate
      provider="iframe" service="own-chat" name="Our chat" company="Bakery Chat GmbH" address="Street 1, Berlin" privacy-url="https://chat.example.com/privacy"
      src="https://chat.example.com/room" sandbox="allow-scripts allow-forms"
    ></ck-chat-gate>`);
    await el.updateComplete;
    await realClick(part(el, '[part="launcher"]'));
    await realClick(checkbox(el));
    await realClick(start(el));
    await el.updateComplete;
    const frame = part<HTMLIFrameElement>(el, 'iframe[part="widget"]');
    expect([frame.getAttribute('src'), frame.getAttribute('sandbox')]).to.deep.equal(['https://chat.example.com/room', 'allow-scripts allow-forms']);
    // Focus moves in once the dialog's close event is handled.
    await waitFor(() => focused(el) === 'iframe[part=widget]', undefined, 'the focus in the chat');
    const parent = el.parentElement!;
    el.remove();
    expect(el.shadowRoot!.querySelector('iframe') === null, 'no iframe while detached').to.equal(true);
    withdraw('own-chat');
    parent.append(el);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('iframe') === null, 'no iframe after a withdrawal while detached').to.equal(true);
  });

  it('a consent for a script chat holds only for the company it named', async () => {
    registerScript('gate-named', { src: 'https://chat.example.com/named.js' });
    configure(POLICY);
    const gate = (company: string) =>
      fixture<CkChatGate>(html`<ck-chat-gate provider="script" service="gate-named" name="Chat" company=${company} address="Street 1, Berlin" privacy-url="https://chat.example.com/privacy"></ck-chat-gate>`);
    const first = await gate('Example GmbH');
    await first.updateComplete;
    await realClick(part(first, '[part="launcher"]'));
    await realClick(checkbox(first));
    await realClick(start(first));
    expect(first.started).to.equal(true);
    const other = await gate('Someone Else Ltd');
    await other.updateComplete;
    await realClick(part(other, '[part="launcher"]'));
    expect(dialogOpen(other), 'another company: the notice again').to.equal(true);
  });

  it('an extra purpose cannot borrow the id of a provider or a registered script', async () => {
    registerScript('gate-borrowed', { src: 'https://chat.example.com/borrowed.js' });
    configure(POLICY);
    const { messages } = await captureConsole('error', async () => {
      const el = await fixture<CkChatGate>(html`<ck-chat-gate provider="whatsapp" phone="4930123456789" extra-label="Also load the other chat" extra-service="gate-borrowed"></ck-chat-gate>`);
      await el.updateComplete;
      await realClick(part(el, '[part="launcher"]'));
      expect(el.shadowRoot!.querySelector('input[part~="extra"]') === null).to.equal(true);
    });
    expect(messages.join('\n')).to.contain('needs extra-service, an id of the site\'s own purpose');
  });

  it('closing with Escape unticks the box: reopened, the notice asks again', async () => {
    const el = await messenger();
    await realClick(part(el, '[part="launcher"]'));
    await realClick(checkbox(el));
    await escape(el);
    await realClick(part(el, '[part="launcher"]'));
    expect(checkbox(el).checked).to.equal(false);
    expect(start(el).getAttribute('aria-disabled')).to.equal('true');
  });

  it('remember with another value than true/false: an error, and consent for this page view only', async () => {
    configure(POLICY);
    const { messages } = await captureConsole('error', async () => {
      const el = await fixture<CkChatGate>(html`<ck-chat-gate provider="whatsapp" phone="4930123456789" remember="no"></ck-chat-gate>`);
      await el.updateComplete;
      await realClick(part(el, '[part="launcher"]'));
      await realClick(checkbox(el));
      await realClick(start(el));
    });
    expect(messages.join('\n')).to.contain('remember="no"> must be "true" or "false"');
    expect(getStore().get('whatsapp')?.remembered).to.equal(false);
  });

  it('a cancelled ck-before-load keeps the chat closed', async function () {
    this.timeout(TAB_LIMIT_MS + 15_000);
    const el = await messenger();
    el.addEventListener('ck-before-load', (e) => e.preventDefault());
    await realClick(part(el, '[part="launcher"]'));
    await realClick(checkbox(el));
    await realClick(start(el));
    expect(await requestsBeforeTabCanary()).to.deep.equal([]);
    expect(el.started).to.equal(false);
  });

  it('fits a 320 px wide phone screen', async () => {
    await setViewport({ width: 320, height: 568 });
    const el = await messenger();
    await realClick(part(el, '[part="launcher"]'));
    for (const selector of ['dialog', '[part~="start"]', '[part~="later"]', 'input[part="checkbox"]']) {
      const r = part(el, selector).getBoundingClientRect();
      expect(r.left >= 0 && r.right <= 320, `${selector} within the screen`).to.equal(true);
    }
  });

  it('says what is wrong with its markup and loads nothing', async function () {
    this.timeout(TAB_LIMIT_MS + 15_000);
    const { messages, result: { requests } } = await captureConsole('error', () =>
      requestsOnceSettled(async () => {
        const el = await fixture<CkChatGate>(html`<ck-chat-gate provider="facebook-messenger" page="not a page!"></ck-chat-gate>`);
        await el.updateComplete;
        await realClick(part(el, '[part="launcher"]'));
        await el.updateComplete; // the attributes are checked at the latest when the visitor opens the chat
        expect(el.shadowRoot!.querySelector('dialog') === null).to.equal(true);
      }, { tab: true, limit: TAB_LIMIT_MS }),
    );
    expect(messages[0]).to.contain('<ck-chat-gate provider="facebook-messenger"> cannot load: "page" must be a Facebook page name or id');
    expect(requests).to.deep.equal([]);
  });

  it('warns when there is no privacy policy to link', async () => {
    const { messages } = await captureConsole('warn', async () => {
      const el = await fixture<CkChatGate>(html`<ck-chat-gate provider="whatsapp" phone="4930123456789"></ck-chat-gate>`);
      await el.updateComplete;
    });
    expect(messages.join('\n')).to.contain('has no link to the privacy policy');
  });

  it('speaks German, Polish and French', async () => {
    configure(POLICY);
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <ck-chat-gate lang="de" provider="whatsapp" phone="4930123456789"></ck-chat-gate>
      <ck-chat-gate lang="pl" provider="whatsapp" phone="4930123456789"></ck-chat-gate>
      <ck-chat-gate lang="fr" provider="whatsapp" phone="4930123456789"></ck-chat-gate>
    </div>`);
    const gates = [...wrapper.querySelectorAll('ck-chat-gate')];
    await Promise.all(gates.map((g) => g.updateComplete));
    expect(gates.map((g) => part(g, '[part~="start"]').textContent!.trim())).to.deep.equal(['Chat starten', 'Rozpocznij czat', 'Démarrer la discussion']);
    expect(part(gates[0]!, '[part="text"]').textContent).to.contain('Art. 6 Abs. 1 lit. a DSGVO');
  });
});
