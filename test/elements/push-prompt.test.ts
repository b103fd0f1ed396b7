import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import Cookies from 'js-cookie';
import '../../src/elements/push-prompt/push-prompt.js';
import type { CkPushPrompt } from '../../src/elements/push-prompt/push-prompt.js';
import { serialize } from '../../src/core/cookie-format.js';
import { sha256 } from '../../src/core/proof.js';
import { getStore, resetRuntime, withdraw } from '../../src/kit/runtime.js';
import { configure } from '../../src/kit/configure.js';
import { captureConsole, part, realClick, resetConsent, waitFor, watchTimers } from '../helpers.js';
import { testReceiver } from '../proof-helpers.js';

const VAPID = 'BAKUsbN__19-phGaWXvJ86HMuWECU-uI81CmOxLfWTn5227G-rY5EkgPQiJg1j8-kUsLWVSeOds7mpMao93lhNg';
const PUSH = { serviceWorker: '/test/fixtures/sw.js', vapidPublicKey: VAPID, topics: { news: { en: 'new recipes', de: 'neue Rezepte' }, offers: 'offers' } };

/**
 * Every call of the browser's permission prompt, of service worker registration and of the push
 * subscription in this file, from its first test to its last: a call made late (by a timer an
 * earlier test's prompt set, say) is seen too. The browser's own functions are called (or, in
 * the tests that simulate a push service, `simulate.subscribe`).
 *
 * Each "Allow" click may ask for the permission once, in the click's own task: browsers ignore
 * (or punish) prompts that do not come from one. Chromium's user activation lasts seconds, so
 * `navigator.userActivation.isActive` alone would not notice a call delayed by a second; the
 * order does: a timer the click sets (in its capture phase, before any handler) runs only after
 * the click's task. Once that permission is granted, the worker may be registered and the
 * subscription asked for, once each. Any other call is a stray, named with its test; the file's
 * last hook fails on one.
 */
function auditPush() {
  const real = {
    requestPermission: Notification.requestPermission.bind(Notification),
    register: ServiceWorkerContainer.prototype.register,
    subscribe: PushManager.prototype.subscribe,
  };
  /** This test's calls; `inClickTask`: permission prompts asked in the task of an "Allow" click. */
  const calls = { requestPermission: 0, register: 0, subscribe: 0, inClickTask: 0 };
  const strays: string[] = [];
  const simulate: { subscribe?: (this: PushManager, options?: PushSubscriptionOptionsInit) => Promise<PushSubscription> } = {};
  let test = '';
  let allowClick = false;
  let prompts = 0;
  let granted = { register: 0, subscribe: 0 };
  const onClick = (event: Event) => {
    if (!event.composedPath().some((node) => node instanceof Element && node.matches('[part~="allow"]'))) return;
    allowClick = true;
    prompts++;
    setTimeout(() => {
      allowClick = false;
      prompts = 0; // an Allow click that did not ask cannot lend its turn to a later call
    }, 0);
  };
  const stray = (what: string) => strays.push(`${what} (in "${test}")`);
  addEventListener('click', onClick, { capture: true });
  Notification.requestPermission = ((...args: Parameters<typeof Notification.requestPermission>) => {
    calls.requestPermission++;
    const inClick = allowClick && prompts > 0 && navigator.userActivation.isActive;
    if (inClick) {
      calls.inClickTask++;
      prompts--;
    } else stray('Notification.requestPermission() outside an "Allow" click');
    return real.requestPermission(...args).then((permission) => {
      if (inClick && permission === 'granted') {
        granted.register++;
        granted.subscribe++;
      }
      return permission;
    });
  }) as typeof Notification.requestPermission;
  ServiceWorkerContainer.prototype.register = function (...args: Parameters<ServiceWorkerContainer['register']>) {
    calls.register++;
    if (granted.register > 0) granted.register--;
    else stray('serviceWorker.register() before a permission granted in an "Allow" click');
    return real.register.apply(this, args);
  };
  PushManager.prototype.subscribe = function (...args: Parameters<PushManager['subscribe']>) {
    calls.subscribe++;
    if (granted.subscribe > 0) granted.subscribe--;
    else stray('pushManager.subscribe() before a permission granted in an "Allow" click');
    return (simulate.subscribe ?? real.subscribe).apply(this, args);
  };
  return {
    calls,
    strays,
    simulate,
    real,
    /** A new test: its own counts; a permission granted in an earlier test counts no more. */
    begin(title: string) {
      test = title;
      Object.assign(calls, { requestPermission: 0, register: 0, subscribe: 0, inClickTask: 0 });
      granted = { register: 0, subscribe: 0 };
      delete simulate.subscribe;
    },
    restore() {
      removeEventListener('click', onClick, { capture: true });
      Notification.requestPermission = real.requestPermission;
      ServiceWorkerContainer.prototype.register = real.register;
      PushManager.prototype.subscribe = real.subscribe;
    },
  };
}

/** Holds back every `setTimeout` of exactly `ms` set until `restore()`: the test runs them when it chooses. */
function holdTimers(ms: number) {
  const held: Array<() => void> = [];
  const real = window.setTimeout;
  window.setTimeout = ((handler: TimerHandler, delay?: number, ...args: unknown[]) => {
    if (delay !== ms || typeof handler !== 'function') return real(handler, delay, ...args);
    held.push(() => (handler as (...a: unknown[]) => void)(...args));
    return 0;
  }) as typeof setTimeout;
  return { held, restore: () => (window.setTimeout = real) };
}

/** A prompt on the page, once its updateComplete says it has armed its trigger (and shows, if it shows at once). */
async function prompt(template = html`<ck-push-prompt topics="news offers"></ck-push-prompt>`): Promise<CkPushPrompt> {
  const el = await fixture<CkPushPrompt>(template);
  await el.updateComplete;
  return el;
}

const shown = (el: CkPushPrompt) => el.shadowRoot!.querySelector('[part="prompt"]') !== null;

describe('<ck-push-prompt>', function () {
  this.timeout(20_000);
  let push: ReturnType<typeof auditPush>;
  let fileTimers: ReturnType<typeof watchTimers>;
  before(() => {
    fileTimers = watchTimers();
    push = auditPush();
  });
  beforeEach(function () {
    push.begin(this.currentTest!.title);
  });
  after(() => {
    fileTimers.stop();
    push.restore();
  });
  afterEach(async () => {
    await executeServerCommand('notifications', { granted: false });
    for (const r of await navigator.serviceWorker.getRegistrations()) await r.unregister();
    await resetConsent();
    localStorage.clear();
  });

  it('is accessible, as a banner, a slide-in and an open bell', async () => {
    configure({ push: PUSH });
    const el = await prompt();
    expect(shown(el)).to.equal(true);
    await expect(el).to.be.accessible();
    const slide = await prompt(html`<ck-push-prompt variant="slide-in" topics="news"></ck-push-prompt>`);
    expect(getComputedStyle(part(slide, '[part="prompt"]')).position).to.equal('fixed');
    await expect(slide).to.be.accessible();
    const bell = await prompt(html`<ck-push-prompt variant="bell" trigger="manual"></ck-push-prompt>`);
    await realClick(part(bell, '[part~="bell"]'));
    await bell.updateComplete;
    expect(shown(bell)).to.equal(true);
    await expect(bell).to.be.accessible();
  });

  it('shows the site\'s text first: no permission prompt, no service worker, no subscription before "Allow"', async () => {
    configure({ push: PUSH });
    const timers = watchTimers();
    let el: CkPushPrompt;
    try {
      el = await prompt();
      await timers.settled(); // whatever showing it scheduled has run
    } finally {
      timers.stop();
    }
    expect(part(el, '[part="title"]').textContent).to.equal('Get notifications from localhost?');
    expect(part(el, '[part="text"]').textContent).to.contain('We send a notification');
    expect(push.calls).to.deep.equal({ requestPermission: 0, register: 0, subscribe: 0, inClickTask: 0 });
    expect((await navigator.serviceWorker.getRegistrations()).length).to.equal(0);
    expect(Notification.permission).to.equal('default');
  });

  it('with the permission granted through the runner, "Allow" runs the real subscription, and its failure here (no push service) is reported cleanly', async () => {
    configure({ push: PUSH });
    const el = await prompt();
    await executeServerCommand('notifications', { granted: true }); // the visitor's answer at the browser's prompt
    const failed = oneEvent(el, 'ck-push-error');
    const { messages } = await captureConsole('error', async () => {
      await realClick(part(el, '[part~="allow"]'));
      await failed;
    });
    expect(push.calls, 'the permission prompt is asked for in the click itself').to.deep.equal({ requestPermission: 1, register: 1, subscribe: 1, inClickTask: 1 });
    expect((await navigator.serviceWorker.getRegistrations()).map((r) => new URL(r.active!.scriptURL).pathname)).to.deep.equal(['/test/fixtures/sw.js']);
    expect(messages.join('\n')).to.match(/push subscription failed \(\w+: .+\).*No consent was recorded\./);
    await el.updateComplete;
    expect(part(el, '[part="status"]').textContent).to.match(/^Notifications could not be turned on: /);
    expect(getStore().get('push') === undefined).to.equal(true);
    // Still offered: the visitor can try again (their browser asks no more).
    expect(part(el, '[part~="allow"]').getAttribute('aria-disabled')).to.equal('false');
  });

  it('asks for the browser\'s permission in the "Allow" click itself (user activation), by mouse and by keyboard', async () => {
    configure({ push: PUSH });
    const el = await prompt();
    await executeServerCommand('notifications', { granted: true });
    const first = oneEvent(el, 'ck-push-error'); // no push service here: each try ends in an error
    await captureConsole('error', async () => {
      await realClick(part(el, '[part~="allow"]'));
      await first;
    });
    expect(push.calls.inClickTask, 'asked in the mouse click\'s task').to.equal(1);
    await el.updateComplete;
    const second = oneEvent(el, 'ck-push-error');
    await captureConsole('error', async () => {
      part(el, '[part~="allow"]').focus();
      await sendKeys({ press: 'Enter' });
      await second;
    });
    expect(push.calls).to.include({ requestPermission: 2, inClickTask: 2 });
  });

  it('offers "Yes" and "No, thanks" alike, and ticks no topic until the visitor does', async () => {
    configure({ push: PUSH });
    const el = await prompt();
    const look = (button: Element) => {
      const s = getComputedStyle(button);
      return { background: s.backgroundColor, color: s.color, border: `${s.borderTopWidth} ${s.borderTopStyle} ${s.borderTopColor}`, weight: s.fontWeight, size: s.fontSize, padding: s.padding, height: button.getBoundingClientRect().height };
    };
    expect(look(part(el, '[part~="deny"]'))).to.deep.equal(look(part(el, '[part~="allow"]')));
    const boxes = [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('input[part="checkbox"]')];
    expect(boxes.map((b) => b.checked)).to.deep.equal([false, false]);
    await realClick(boxes[0]!);
    expect(boxes.map((b) => b.checked)).to.deep.equal([true, false]);
  });

  it('simulated push service (subscribe replaced, there is none here): the proof keeps time, topics and the endpoint\'s hash, never the endpoint', async () => {
    const receiver = testReceiver();
    configure({ push: PUSH, endpoint: receiver.url });
    const endpoint = 'https://push.example/send/abc123';
    let unsubscribed = 0;
    const fake = { endpoint, toJSON: () => ({ endpoint, keys: { p256dh: 'k', auth: 'a' } }), unsubscribe: async () => (unsubscribed++, true) } as unknown as PushSubscription;
    push.simulate.subscribe = async () => fake;
    const getSubscription = PushManager.prototype.getSubscription;
    PushManager.prototype.getSubscription = async () => fake;
    try {
      const el = await prompt(html`<ck-push-prompt topics="news offers" manage></ck-push-prompt>`);
      await realClick(el.shadowRoot!.querySelectorAll('input[part="checkbox"]')[1]!); // tick "offers"
      await executeServerCommand('notifications', { granted: true });
      const subscribed = oneEvent(el, 'ck-push-subscribed');
      await realClick(part(el, '[part~="allow"]'));
      expect((await subscribed).detail).to.deep.equal({ subscription: { endpoint, keys: { p256dh: 'k', auth: 'a' } }, topics: ['offers'] });
      const [proof] = await waitFor(async () => {
        const stored = (await fetch(receiver.url).then((r) => r.json())) as Array<Record<string, unknown>>;
        return stored.length ? stored : undefined;
      }, 5000, 'the proof');
      expect(proof).to.include({ service: 'push', purpose: 'push', decision: 'granted', method: 'prompt', remembered: true, subscriptionHash: await sha256(endpoint) });
      expect(proof!.topics).to.deep.equal(['offers']);
      expect(JSON.stringify(proof)).not.to.contain('push.example');
      await el.updateComplete;
      expect(part(el, '[part="status"]').textContent).to.equal('Notifications are on.');

      // "Turn off" right there: the subscription ends, a withdrawal proof follows.
      const off = oneEvent(document, 'ck-push-unsubscribed');
      await realClick(part(el, '[part~="turn-off"]'));
      expect((await off).detail).to.deep.equal({ hadSubscription: true });
      expect(unsubscribed).to.equal(1);
      await waitFor(() => part(el, '[part="status"]').textContent === 'Notifications are off.', 3000, 'the status');
      const withdrawal = await waitFor(async () => ((await fetch(receiver.url).then((r) => r.json())) as Array<Record<string, unknown>>)[1], 5000, 'the withdrawal proof');
      expect(withdrawal).to.include({ service: 'push', purpose: 'push', decision: 'withdrawn', method: 'settings' });
    } finally {
      PushManager.prototype.getSubscription = getSubscription;
    }
  });

  it('simulated push service that answers too late (subscribe replaced): "cannot be reached" after subscribe-timeout, and the late subscription is ended', async () => {
    configure({ push: PUSH });
    let unsubscribed = 0;
    let answer: ((s: PushSubscription) => void) | undefined;
    push.simulate.subscribe = () => new Promise((resolve) => (answer = resolve));
    // The default is 15 s; a tiny limit keeps the test from waiting for it.
    const el = await prompt(html`<ck-push-prompt subscribe-timeout="0.05"></ck-push-prompt>`);
    await executeServerCommand('notifications', { granted: true });
    const failed = oneEvent(el, 'ck-push-error');
    const { messages } = await captureConsole('error', async () => {
      await realClick(part(el, '[part~="allow"]'));
      expect((await failed).detail).to.include({ reason: 'unreachable' });
    });
    expect(messages.join('\n')).to.contain('the push service did not answer within 0.05 s');
    await el.updateComplete;
    expect(part(el, '[part="status"]').textContent).to.equal('Notifications could not be turned on: the push service cannot be reached.');
    // The push service answers after all: that subscription was never agreed to.
    answer!({ endpoint: 'https://push.example/late', unsubscribe: async () => (unsubscribed++, true) } as unknown as PushSubscription);
    await waitFor(() => unsubscribed === 1, 5000, 'the late subscription to end');
    expect(getStore().get('push') === undefined).to.equal(true);
  });

  it('withdrawn where the prompt is not (the privacy center of another page): the subscription ends with the right purpose (simulated push service)', async () => {
    const receiver = testReceiver();
    configure({ push: PUSH, endpoint: receiver.url });
    getStore().decide('push', 'granted', { version: 'v1', remember: true });
    const endpoint = 'https://push.example/send/xyz';
    let unsubscribed = 0;
    const getSubscription = PushManager.prototype.getSubscription;
    const register = await push.real.register.call(navigator.serviceWorker, PUSH.serviceWorker); // the site's earlier page did this
    PushManager.prototype.getSubscription = async () => ({ endpoint, unsubscribe: async () => (unsubscribed++, true) }) as unknown as PushSubscription;
    try {
      const off = oneEvent(document, 'ck-push-unsubscribed');
      withdraw('push');
      expect((await off).detail).to.deep.equal({ hadSubscription: true });
      expect(unsubscribed).to.equal(1);
      const [proof] = await waitFor(async () => {
        const stored = (await fetch(receiver.url).then((r) => r.json())) as Array<Record<string, unknown>>;
        return stored.length ? stored : undefined;
      }, 5000, 'the withdrawal proof');
      expect(proof).to.include({ service: 'push', purpose: 'push', decision: 'withdrawn' });
    } finally {
      PushManager.prototype.getSubscription = getSubscription;
      await register.unregister();
    }
  });

  it('says which config field is missing, and stays hidden, when push is half configured', async () => {
    configure({ push: { serviceWorker: '/test/fixtures/sw.js' } });
    const { messages } = await captureConsole('error', async () => {
      const el = await prompt();
      expect(shown(el)).to.equal(false);
    });
    expect(messages.join('\n')).to.contain('cannot offer push: the config has no valid push.vapidPublicKey');
    const { messages: origin } = await captureConsole('error', () => configure({ push: { serviceWorker: 'https://evil.example/sw.js' } }));
    expect(origin[0]).to.contain('"push.serviceWorker": must be on the site\'s own origin');
    expect(push.calls.requestPermission).to.equal(0);
  });

  it('hide() cancels a pending trigger; a prompt moved in the page before its trigger still comes', async () => {
    configure({ push: PUSH });
    const hidden = await prompt(html`<ck-push-prompt trigger="delay" delay="0.2"></ck-push-prompt>`);
    hidden.hide();
    const moved = await prompt(html`<ck-push-prompt trigger="delay" delay="0.2"></ck-push-prompt>`);
    const parent = moved.parentElement!;
    moved.remove();
    parent.append(moved);
    // The moved prompt is the canary: its timer, of the same delay, was set after the hidden
    // one's, and timers of equal delay run in the order they were set. Once it shows, the
    // hidden prompt's timer would have run, had hide() not cancelled it.
    await waitFor(() => shown(moved), 5000, 'the moved prompt');
    await hidden.updateComplete;
    expect(shown(hidden)).to.equal(false);
  });

  it('keeps the topics the visitor ticked when the configuration changes', async () => {
    configure({ push: PUSH });
    const el = await prompt();
    await realClick(el.shadowRoot!.querySelectorAll('input[part="checkbox"]')[1]!); // tick "offers""
    configure({ proofs: { tag: 'later' } }); // tells the element at once; its updateComplete covers what it made of it
    await el.updateComplete;
    expect([...el.shadowRoot!.querySelectorAll<HTMLInputElement>('input[part="checkbox"]')].map((c) => c.checked)).to.deep.equal([false, true]);
  });

  it('"No" keeps the prompt away across reloads for the cool-down, and back after it', async () => {
    configure({ push: PUSH });
    const el = await prompt();
    await realClick(part(el, '[part~="deny"]'));
    expect(shown(el)).to.equal(false);
    expect(getStore().get('push')?.decision).to.equal('denied');
    resetRuntime(); // the next page: only the cookie remains
    configure({ push: PUSH });
    const { messages } = await captureConsole('info', async () => {
      const again = await prompt();
      expect(shown(again)).to.equal(false);
    });
    expect(messages.join('\n')).to.contain('the visitor said no less than 30 days ago');
    // 31 days later:
    Cookies.set('consentkit', serialize({ records: [{ service: 'push', decision: 'denied', at: Date.now() - 31 * 86_400_000, version: 'v1', remembered: true }] }), { path: '/' });
    resetRuntime();
    configure({ push: PUSH });
    expect(shown(await prompt())).to.equal(true);
    expect(push.calls.requestPermission).to.equal(0);
  });

  it('renders hostile templates from the config and attributes as text', async () => {
    configure({ push: { ...PUSH, templates: { evil: { en: { title: '<img src=x onerror="window.pwned=1">', body: '<b>{site}</b>', allow: '<i>ok</i>', deny: 'no' } } } } });
    const el = await prompt(html`<ck-push-prompt template="evil" deny-label="<script>window.pwned=2</script>"></ck-push-prompt>`);
    expect(el.shadowRoot!.querySelectorAll('img, b, i, script').length).to.equal(0);
    expect(part(el, '[part="title"]').textContent).to.equal('<img src=x onerror="window.pwned=1">');
    expect(part(el, '[part="text"]').textContent).to.equal('<b>localhost</b>');
    expect(part(el, '[part~="deny"]').textContent).to.equal('<script>window.pwned=2</script>');
    expect((window as { pwned?: number }).pwned === undefined).to.equal(true);
  });

  it('built-in templates with topics, in German', async () => {
    configure({ push: { ...PUSH, site: 'Bäckerei-Blog' } });
    const el = await prompt(html`<ck-push-prompt lang="de" template="news" topics="news offers"></ck-push-prompt>`);
    expect(part(el, '[part="title"]').textContent).to.equal('Keinen neuen Artikel verpassen');
    expect(part(el, '[part="text"]').textContent).to.equal('Bäckerei-Blog benachrichtigt Sie über neue Rezepte und offers. Höchstens eine Benachrichtigung am Tag; jederzeit abschaltbar.');
  });

  it('triggers: after a delay, after scrolling, from the n-th page view, or only on show()', async () => {
    configure({ push: PUSH });
    // The delay's timer is held and run by the test: "not yet" cannot depend on the machine's speed.
    const timer = holdTimers(1000);
    let delayed: CkPushPrompt;
    try {
      delayed = await prompt(html`<ck-push-prompt trigger="delay" delay="1"></ck-push-prompt>`);
    } finally {
      timer.restore();
    }
    expect(timer.held.length, 'one timer of 1 s').to.equal(1);
    expect(shown(delayed), 'not yet').to.equal(false);
    timer.held[0]!();
    await delayed.updateComplete;
    expect(shown(delayed), 'once the delay is over').to.equal(true);

    const wrapper = await fixture<HTMLDivElement>(html`<div><div style="height: 3000px"></div><ck-push-prompt trigger="scroll" scroll="90"></ck-push-prompt></div>`);
    const scrolled = wrapper.querySelector('ck-push-prompt')!;
    await scrolled.updateComplete; // its trigger is armed: it has looked at the scroll position
    expect(shown(scrolled), 'before scrolling').to.equal(false);
    scrollTo(0, document.documentElement.scrollHeight);
    await waitFor(() => shown(scrolled), 3000, 'the prompt after scrolling');
    scrollTo(0, 0);

    expect(shown(await prompt(html`<ck-push-prompt trigger="pageviews" pageviews="1"></ck-push-prompt>`)), 'first view').to.equal(true);
    expect(shown(await prompt(html`<ck-push-prompt trigger="pageviews" pageviews="50"></ck-push-prompt>`)), 'fiftieth view').to.equal(false);

    const manual = await prompt(html`<ck-push-prompt trigger="manual"></ck-push-prompt>`);
    expect(shown(manual)).to.equal(false);
    expect(manual.show()).to.equal(true);
    await manual.updateComplete;
    expect(shown(manual)).to.equal(true);
  });

  it('stays hidden and says why where the browser has no Notification API (simulated by removing it)', async () => {
    configure({ push: PUSH });
    const real = Object.getOwnPropertyDescriptor(window, 'Notification')!;
    delete (window as { Notification?: unknown }).Notification;
    try {
      const { messages } = await captureConsole('info', async () => {
        const el = await prompt();
        expect(el.shadowRoot!.children.length === 0 || !shown(el)).to.equal(true);
      });
      expect(messages.join('\n')).to.contain('this browser has no Notification API');
    } finally {
      Object.defineProperty(window, 'Notification', real);
    }
  });

  it('names the config field when the VAPID key is invalid', async () => {
    const { messages } = await captureConsole('error', () => configure({ push: { vapidPublicKey: 'not-a-key' } }));
    expect(messages[0]).to.contain('"push.vapidPublicKey": must be a base64url VAPID public key');
  });

  // The last test of the file: it reads what every test before it did (see auditPush).
  it('in every test of this file, asked for the permission only in an "Allow" click, and registered and subscribed only once it was granted there', async () => {
    await fileTimers.settled(); // everything the file's prompts scheduled has run: a late call is among the strays by now
    expect(push.strays.join('\n'), 'calls not made by an "Allow" click').to.equal('');
  });
});
