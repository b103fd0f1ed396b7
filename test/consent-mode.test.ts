import { expect } from '@open-wc/testing';
import { checkOptions, consentState, defaultMapping } from '../src/core/consent-signals.js';
import { Decision } from '../src/core/decision.js';
import { consentMode } from '../src/consent-mode/consent-mode.js';
import { pageScriptsDone } from '../src/kit/page-ready.js';
import { allowed, getStore, onConsentChange, resetRuntime, withdraw } from '../src/kit/runtime.js';
import { captureConsole, resetConsent } from './helpers.js';

/** The page's globals, as Google's tag and the drop-in see them. */
const page = window as unknown as Record<string, unknown>;

/** What Google's tag would read: each data-layer entry as a plain array, so chai compares values. */
function entries(name = 'dataLayer'): unknown[][] {
  const layer = (page[name] ?? []) as unknown[];
  return layer.map((entry) => {
    // gtag.js takes only Arguments objects as commands; an array would be read as an event.
    expect(Object.prototype.toString.call(entry)).to.equal('[object Arguments]');
    return Array.from(entry as ArrayLike<unknown>);
  });
}

const DENIED = { ad_storage: 'denied', analytics_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied' };
const grant = (service: string) => getStore().decide(service, Decision.granted, { version: 'x', remember: true });

/** A clean page: no consent, no data layer, no gtag, no drop-in API. */
async function cleanPage(): Promise<void> {
  await resetConsent();
  for (const name of ['dataLayer', 'ckLayer', 'gtag', 'consentkit']) delete page[name];
}

describe('Google Consent Mode: the mapping', () => {
  it('grants a signal when any of its services is allowed', () => {
    const mapping = { ...defaultMapping, analytics_storage: ['matomo', 'stats'] };
    expect(consentState(mapping, (id) => id === 'stats')).to.deep.equal({ ...DENIED, analytics_storage: 'granted' });
    expect(consentState(mapping, (id) => id === 'ads')).to.deep.equal({ ...DENIED, ad_storage: 'granted', ad_user_data: 'granted', ad_personalization: 'granted' });
  });

  it('always states the four v2 signals, denied when the mapping leaves them out', () => {
    expect(consentState({ security_storage: ['login'] }, () => true)).to.deep.equal({ ...DENIED, security_storage: 'granted' });
  });

  it('explains each mistake and keeps a bad signal denied', () => {
    const { mapping, waitForUpdate, dataLayerName, errors } = checkOptions({
      mapping: { ad_storage: ['Ads'], analytics_storage: 'analytics', analytic_storage: ['analytics'] } as never,
      waitForUpdate: -1,
      dataLayerName: 'data layer',
    });
    expect(errors).to.deep.equal([
      '"waitForUpdate": must be a whole number of milliseconds, not -1; using 500',
      '"dataLayerName": must be a JavaScript name such as "dataLayer", not "data layer"; using "dataLayer"',
      '"ad_storage": "Ads" is not a service id (lower-case letters, digits and dashes); the signal stays denied',
      '"analytics_storage": must be a list of service ids, not "analytics"; the signal stays denied',
      '"analytic_storage": not a Consent Mode signal (ad_storage, analytics_storage, ad_user_data, ad_personalization, functionality_storage, personalization_storage, security_storage); ignoring it',
    ]);
    expect(JSON.stringify(mapping)).to.equal('{"ad_storage":[],"analytics_storage":[],"ad_user_data":["ads"],"ad_personalization":["ads"]}');
    expect([waitForUpdate, dataLayerName]).to.deep.equal([500, 'dataLayer']);
  });
});

describe('Google Consent Mode: consentMode() for bundlers', () => {
  let stop: (() => void) | undefined;
  beforeEach(cleanPage);
  afterEach(async () => {
    stop?.();
    stop = undefined;
    await cleanPage();
  });

  it('denies everything before any Google tag, then reports a grant and its withdrawal', () => {
    stop = consentMode();
    expect(entries()).to.deep.equal([['consent', 'default', { ...DENIED, wait_for_update: 500 }]]);

    grant('analytics');
    expect(entries()[1]).to.deep.equal(['consent', 'update', { ...DENIED, analytics_storage: 'granted' }]);

    withdraw('analytics');
    expect(entries()[2]).to.deep.equal(['consent', 'update', DENIED]);
    expect(entries()).to.have.length(3);
  });

  it('sends nothing for a change that does not alter the state', () => {
    stop = consentMode();
    grant('youtube');
    grant('ads');
    grant('ads');
    expect(entries().map(([, action]) => action)).to.deep.equal(['default', 'update']);
  });

  it('reports a remembered grant right after the default, once the page\'s scripts have run', async () => {
    grant('ads');
    resetRuntime(); // the next page: the grant comes from the cookie
    stop = consentMode({ waitForUpdate: 800 });
    // The site's own scripts may still configure GPC: the update waits for them (here: done already).
    expect(entries().length, 'at the call').to.equal(1);
    await pageScriptsDone;
    expect(entries()).to.deep.equal([
      ['consent', 'default', { ...DENIED, wait_for_update: 800 }],
      ['consent', 'update', { ...DENIED, ad_storage: 'granted', ad_user_data: 'granted', ad_personalization: 'granted' }],
    ]);
  });

  it("follows the site's own mapping", () => {
    stop = consentMode({ mapping: { analytics_storage: ['matomo', 'stats'], functionality_storage: ['youtube'] } });
    expect(entries()[0]).to.deep.equal(['consent', 'default', { ...DENIED, functionality_storage: 'denied', wait_for_update: 500 }]);
    grant('stats');
    grant('youtube');
    expect(entries().slice(1)).to.deep.equal([
      ['consent', 'update', { ...DENIED, analytics_storage: 'granted', functionality_storage: 'denied' }],
      ['consent', 'update', { ...DENIED, analytics_storage: 'granted', functionality_storage: 'granted' }],
    ]);
  });

  it('reports an invalid mapping in the console and keeps that signal denied', async () => {
    const { messages } = await captureConsole('error', () => {
      stop = consentMode({ mapping: { ad_storage: ['Ads'], ad_personalizaton: ['ads'] } as never });
    });
    expect(messages).to.deep.equal([
      'consentkit: consentMode() option "mapping.ad_storage": "Ads" is not a service id (lower-case letters, digits and dashes); the signal stays denied.',
      'consentkit: consentMode() option "mapping.ad_personalizaton": not a Consent Mode signal (ad_storage, analytics_storage, ad_user_data, ad_personalization, functionality_storage, personalization_storage, security_storage); ignoring it.',
    ]);
    grant('ads');
    expect(entries()[1]).to.deep.equal(['consent', 'update', { ...DENIED, ad_user_data: 'granted', ad_personalization: 'granted' }]);
  });

  it("goes through the page's own gtag when there is one", () => {
    const calls: unknown[] = [];
    page.gtag = function gtag() {
      calls.push(arguments);
    };
    stop = consentMode({ dataLayerName: 'ckLayer' });
    expect(calls.map((c) => Array.from(c as ArrayLike<unknown>))).to.deep.equal([['consent', 'default', { ...DENIED, wait_for_update: 500 }]]);
    expect(page.ckLayer).to.equal(undefined);
  });

  it('pushes to the named data layer', () => {
    stop = consentMode({ dataLayerName: 'ckLayer' });
    expect(entries('ckLayer')).to.have.length(1);
    expect(page.dataLayer).to.equal(undefined);
  });

  it('stops updating when stopped', () => {
    stop = consentMode();
    stop();
    grant('analytics');
    expect(entries()).to.have.length(1);
  });
});

describe('Google Consent Mode: the classic script', () => {
  let start: (dataset: DOMStringMap, win: Window) => () => void;
  let stop: (() => void) | undefined;
  /** A <script> as a site writes it, for its real `dataset`. */
  const tag = (attributes: Record<string, string>): DOMStringMap => {
    const script = document.createElement('script');
    for (const [name, value] of Object.entries(attributes)) script.setAttribute(name, value);
    return script.dataset;
  };
  /** What the drop-in does when it has run. */
  const dropInReady = () => {
    page.consentkit = { allowed, onConsentChange };
    document.dispatchEvent(new CustomEvent('ck-ready'));
  };

  before(async () => {
    // Imported as a module there is no document.currentScript: the bootstrap says so and does nothing.
    const { result, messages } = await captureConsole('error', () => import('../src/consent-mode/classic.js'));
    start = result.start;
    expect(messages).to.have.length(1);
    expect(messages[0]).to.match(/^consentkit: the Consent Mode script must be a classic <script>/);
  });
  beforeEach(cleanPage);
  afterEach(async () => {
    stop?.();
    stop = undefined;
    await cleanPage();
  });

  it('sets the default at once and updates once consentkit is ready', () => {
    stop = start(tag({ 'data-analytics-storage': 'analytics', 'data-ad-storage': 'ads' }), window);
    expect(entries()).to.deep.equal([['consent', 'default', { ...DENIED, wait_for_update: 500 }]]);

    grant('analytics'); // before the drop-in is there: nobody to ask yet
    expect(entries()).to.have.length(1);

    dropInReady();
    expect(entries()[1]).to.deep.equal(['consent', 'update', { ...DENIED, analytics_storage: 'granted' }]);

    withdraw('analytics');
    expect(entries()[2]).to.deep.equal(['consent', 'update', DENIED]);
    expect(entries()).to.have.length(3);
  });

  it('uses window.consentkit at once when the drop-in came first', () => {
    grant('ads');
    page.consentkit = { allowed, onConsentChange };
    stop = start(tag({}), window);
    expect(entries()).to.deep.equal([
      ['consent', 'default', { ...DENIED, wait_for_update: 500 }],
      ['consent', 'update', { ...DENIED, ad_storage: 'granted', ad_user_data: 'granted', ad_personalization: 'granted' }],
    ]);
  });

  it("asks the drop-in nothing until its API's code is there (consentkit.ready)", async () => {
    grant('ads');
    let arrive!: () => void;
    const api = new Promise<{ allowed: typeof allowed; onConsentChange: typeof onConsentChange }>((resolve) => (arrive = () => resolve({ allowed, onConsentChange })));
    // The drop-in's window.consentkit before its API's code has arrived: answers would throw.
    const notYet = () => {
      throw new Error('not ready');
    };
    page.consentkit = { allowed: notYet, onConsentChange: notYet, ready: api };
    stop = start(tag({}), window);
    expect(entries()).to.deep.equal([['consent', 'default', { ...DENIED, wait_for_update: 500 }]]);
    arrive();
    await api;
    await Promise.resolve(); // the adapter's own continuation after `ready`
    expect(entries()[1]).to.deep.equal(['consent', 'update', { ...DENIED, ad_storage: 'granted', ad_user_data: 'granted', ad_personalization: 'granted' }]);
  });

  it('reads its options from data attributes and ignores attributes that are not its own', () => {
    stop = start(tag({ 'data-analytics-storage': 'matomo, stats', 'data-security-storage': 'login', 'data-wait-for-update': '800', 'data-data-layer': 'ckLayer', 'data-cfasync': 'false' }), window);
    expect(entries('ckLayer')).to.deep.equal([['consent', 'default', { ...DENIED, security_storage: 'denied', wait_for_update: 800 }]]);
    grant('stats');
    dropInReady();
    expect(entries('ckLayer')[1]).to.deep.equal(['consent', 'update', { ...DENIED, analytics_storage: 'granted', security_storage: 'denied' }]);
  });

  it('names a bad attribute in the console and keeps its signal denied', async () => {
    const { messages } = await captureConsole('error', () => {
      stop = start(tag({ 'data-ad-storage': 'Ads', 'data-analytic-storage': 'analytics', 'data-wait-for-update': 'soon' }), window);
    });
    expect(messages).to.deep.equal([
      'consentkit: Consent Mode script data-wait-for-update: must be a whole number of milliseconds, not "soon"; using 500.',
      'consentkit: Consent Mode script data-ad-storage: "Ads" is not a service id (lower-case letters, digits and dashes); the signal stays denied.',
      'consentkit: Consent Mode script data-analytic-storage: not a Consent Mode signal (ad_storage, analytics_storage, ad_user_data, ad_personalization, functionality_storage, personalization_storage, security_storage); ignoring it.',
    ]);
    grant('ads');
    dropInReady();
    expect(entries()).to.deep.equal([
      ['consent', 'default', { ...DENIED, wait_for_update: 500 }],
      ['consent', 'update', { ...DENIED, ad_user_data: 'granted', ad_personalization: 'granted' }],
    ]);
  });
  // The built file as a real classic <script> before a stand-in Google tag, with the built
  // drop-in: test/node/e2e.test.mjs (it builds both from the current source first).
});
