import { expect } from '@open-wc/testing';
import { ConsentStore, type ConsentChange } from '../../src/core/consent-store.js';
import { Decision } from '../../src/core/decision.js';
import { memoryStorage } from '../../src/core/storage.js';
import { captureConsole } from '../helpers.js';

const DAY = 86_400_000;

function makeStore(storage = memoryStorage(), extra: Partial<ConstructorParameters<typeof ConsentStore>[0]> = {}) {
  return new ConsentStore({ storage, channel: null, ...extra });
}

describe('ConsentStore', () => {
  it('knows nothing before the visitor decides, and writes no cookie', () => {
    const storage = memoryStorage();
    const store = makeStore(storage);
    expect(store.get('youtube')).to.equal(undefined);
    expect(store.isAlwaysAllowed('youtube')).to.equal(false);
    expect(storage.jar.size).to.equal(0);
  });

  it('keeps a "load once" decision in memory only', () => {
    const storage = memoryStorage();
    const store = makeStore(storage);
    const record = store.decide('youtube', Decision.granted, { version: 'v1' });
    expect(record).to.include({ service: 'youtube', decision: 'granted', version: 'v1', remembered: false });
    expect(store.isAlwaysAllowed('youtube')).to.equal(false);
    expect(storage.jar.size).to.equal(0);
    expect(makeStore(storage).get('youtube')).to.equal(undefined);
  });

  it('remembers "always allow" for the next visit, with time, version and a subject id', () => {
    const storage = memoryStorage();
    const now = Date.UTC(2026, 10, 25, 12);
    makeStore(storage, { now: () => now }).decide('youtube', Decision.granted, { version: 'v1', remember: true });
    const later = makeStore(storage, { now: () => now + DAY });
    expect(later.get('youtube')).to.deep.equal({ service: 'youtube', decision: 'granted', at: now, version: 'v1', remembered: true });
    expect(later.isAlwaysAllowed('youtube')).to.equal(true);
    expect(later.subjectId()).to.match(/^[0-9a-z]{32}$/);
  });

  it('withdraws a remembered grant, and the withdrawal is what the next visit sees', () => {
    const storage = memoryStorage();
    const store = makeStore(storage);
    store.decide('youtube', Decision.granted, { version: 'v1', remember: true });
    const record = store.withdraw('youtube');
    expect(record).to.include({ decision: 'denied', remembered: true, version: 'v1' });
    expect(makeStore(storage).get('youtube')?.decision).to.equal('denied');
    expect(makeStore(storage).isAlwaysAllowed('youtube')).to.equal(false);
  });

  it('does nothing when withdrawing a service that was never granted', () => {
    const store = makeStore();
    const seen: ConsentChange[] = [];
    store.subscribe((c) => seen.push(c));
    expect(store.withdraw('youtube')).to.equal(undefined);
    expect(seen).to.deep.equal([]);
  });

  it('forgets remembered decisions older than the configured lifetime', () => {
    const storage = memoryStorage();
    const start = Date.UTC(2026, 0, 1);
    makeStore(storage, { now: () => start, days: 30 }).decide('youtube', Decision.granted, { version: 'v1', remember: true });
    expect(makeStore(storage, { now: () => start + 29 * DAY, days: 30 }).isAlwaysAllowed('youtube')).to.equal(true);
    expect(makeStore(storage, { now: () => start + 31 * DAY, days: 30 }).get('youtube')).to.equal(undefined);
  });

  it('tells every subscriber at once, and stops when unsubscribed', () => {
    const store = makeStore();
    const a: ConsentChange[] = [];
    const b: ConsentChange[] = [];
    store.subscribe((c) => a.push(c));
    const stopB = store.subscribe((c) => b.push(c));
    store.decide('youtube', Decision.granted, { version: 'v1' });
    stopB();
    store.decide('vimeo', Decision.granted, { version: 'v1' });
    expect(a).to.deep.equal([
      { service: 'youtube', source: 'local' },
      { service: 'vimeo', source: 'local' },
    ]);
    expect(b).to.deep.equal([{ service: 'youtube', source: 'local' }]);
  });

  it('still records the decision and tells the others when one subscriber throws', async () => {
    const store = makeStore();
    const heard: string[] = [];
    store.subscribe(() => {
      throw new Error('broken listener');
    });
    store.subscribe((c) => heard.push(c.service!));
    const { messages } = await captureConsole('error', () => store.decide('youtube', Decision.granted, { version: 'v1' }));
    expect(heard).to.deep.equal(['youtube']);
    expect(store.get('youtube')?.decision).to.equal('granted');
    expect(messages[0]).to.contain('listener threw');
  });

  it('rejects a malformed service id or text version instead of writing it', () => {
    const store = makeStore();
    expect(() => store.decide('You Tube', Decision.granted, { version: 'v1' })).to.throw(TypeError);
    expect(() => store.decide('youtube', Decision.granted, { version: 'v1~x' })).to.throw(TypeError);
  });

  for (const [what, raw] of [
    ['corrupted', '1~~youtube.g.zz'],
    ['foreign', 'eyJhbGciOiJIUzI1NiJ9.granted'],
    // Well-formed, distinct entries: only the length is wrong.
    ['oversized', `1~~${Array.from({ length: 300 }, (_, i) => `service-${i}.g.1.a`).join('!')}`],
  ]) {
    it(`treats a ${what} cookie as "no consent" and warns`, async () => {
      const storage = memoryStorage({ consentkit: raw! });
      const { result: store, messages } = await captureConsole('warn', () => makeStore(storage));
      expect(store.list()).to.deep.equal([]);
      expect(store.isAlwaysAllowed('youtube')).to.equal(false);
      expect(messages).to.have.length(1);
      expect(messages[0]).to.contain('ignoring the "consentkit" cookie');
    });
  }

  it('replaces a corrupted cookie with a valid one at the next decision', async () => {
    const storage = memoryStorage({ consentkit: 'garbage' });
    const { result: store } = await captureConsole('warn', () => makeStore(storage));
    store.decide('youtube', Decision.granted, { version: 'v1', remember: true });
    expect(makeStore(storage).isAlwaysAllowed('youtube')).to.equal(true);
  });

  it('clear() forgets decisions, the subject id and the cookie', () => {
    const storage = memoryStorage();
    const store = makeStore(storage);
    store.decide('youtube', Decision.granted, { version: 'v1', remember: true });
    const before = store.subjectId();
    store.clear();
    expect(store.list()).to.deep.equal([]);
    expect(storage.jar.size).to.equal(0);
    expect(store.subjectId()).not.to.equal(before);
  });

  it("never turns another tab's withdrawal back into a grant", () => {
    // Two tabs over one cookie jar, no channel: tab B has not heard of tab A's withdrawal.
    const storage = memoryStorage();
    const tabA = makeStore(storage);
    tabA.decide('youtube', Decision.granted, { version: 'v1', remember: true });
    const tabB = makeStore(storage);
    tabA.withdraw('youtube');
    tabB.decide('facebook-page', Decision.granted, { version: 'v1', remember: true });
    const next = makeStore(storage);
    expect(next.get('youtube')?.decision).to.equal('denied');
    expect(next.isAlwaysAllowed('facebook-page')).to.equal(true);
    expect(tabB.get('youtube')?.decision).to.equal('denied');
    expect(tabB.subjectId()).to.equal(tabA.subjectId());
  });

  it('follows a decision made in another tab (BroadcastChannel)', async () => {
    // Two stores over one cookie jar stand for two tabs of the site; the channel is the browser's.
    const storage = memoryStorage();
    const name = `tabs-${Math.random().toString(36).slice(2)}`;
    const tabA = new ConsentStore({ storage, cookieName: name });
    const tabB = new ConsentStore({ storage, cookieName: name });
    const heard = new Promise<ConsentChange>((resolve) => tabB.subscribe(resolve));
    tabA.decide('youtube', Decision.granted, { version: 'v1', remember: true });
    expect(await heard).to.deep.equal({ service: null, source: 'remote' });
    expect(tabB.isAlwaysAllowed('youtube')).to.equal(true);
    const withdrawn = new Promise<ConsentChange>((resolve) => tabB.subscribe(resolve));
    tabA.withdraw('youtube');
    await withdrawn;
    expect(tabB.get('youtube')?.decision).to.equal('denied');
    tabA.close();
    tabB.close();
  });

  it('keeps this tab\'s "load once" decisions when another tab changes the cookie', async () => {
    const storage = memoryStorage();
    const name = `tabs-${Math.random().toString(36).slice(2)}`;
    const tabA = new ConsentStore({ storage, cookieName: name });
    const tabB = new ConsentStore({ storage, cookieName: name });
    tabB.decide('vimeo', Decision.granted, { version: 'v1' });
    const heard = new Promise((resolve) => tabB.subscribe(resolve));
    tabA.decide('youtube', Decision.granted, { version: 'v1', remember: true });
    await heard;
    expect(tabB.get('vimeo')?.decision).to.equal('granted');
    tabA.close();
    tabB.close();
  });

  it('"withdraw all" and "clear" end the page-view grants of other tabs too', async () => {
    const storage = memoryStorage();
    const name = `tabs-${Math.random().toString(36).slice(2)}`;
    const tabA = new ConsentStore({ storage, cookieName: name });
    const tabB = new ConsentStore({ storage, cookieName: name });
    /** Resolves at the first change tab B hears after which `check` holds. */
    const until = (check: () => boolean) =>
      new Promise<void>((resolve) => {
        const stop = tabB.subscribe(() => check() && (stop(), resolve()));
      });
    tabB.decide('vimeo', Decision.granted, { version: 'v1' }); // only tab B knows of it
    let heard = until(() => tabB.isAlwaysAllowed('youtube'));
    tabA.decide('youtube', Decision.granted, { version: 'v1', remember: true });
    await heard;
    heard = until(() => tabB.get('vimeo')?.decision === 'denied');
    expect(tabA.withdrawAll().map((r) => r.service)).to.deep.equal(['youtube']);
    await heard;
    expect(tabB.get('youtube')?.decision).to.equal('denied');
    tabB.decide('vimeo', Decision.granted, { version: 'v1' });
    tabB.subjectId();
    heard = until(() => tabB.list().length === 0);
    tabA.clear();
    await heard;
    expect(tabB.existingSubjectId()).to.equal(undefined);
    tabA.close();
    tabB.close();
  });
});
