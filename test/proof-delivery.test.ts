import { expect } from '@open-wc/testing';
import { Decision, ProofMethod } from '../src/core/decision.js';
import { PROOF_PREFIX } from '../src/kit/proof-client.js';
import { flushProofs, recordDecision, resetRuntime } from '../src/kit/runtime.js';
import { configure } from '../src/kit/configure.js';
import { resetConsent, waitFor } from './helpers.js';
import { testProofServer, testReceiver } from './proof-helpers.js';

type Tab = Window & { tab?: { allow(service: string): void; decideThenReload(services: string[]): { before: number; after: number } } };

interface Stored {
  id: string;
  service: string;
  decision: string;
  at: string;
}

const stored = (receiver: ReturnType<typeof testReceiver>): Promise<Stored[]> => fetch(receiver.url).then((r) => r.json());

/** The proof records waiting in this browser's storage, as the queue keeps them. */
function waiting(): Array<{ key: string; attempts: number; nextAt: number; lease?: unknown }> {
  return Object.keys(localStorage)
    .filter((k) => k.startsWith(PROOF_PREFIX))
    .map((key) => ({ key, ...JSON.parse(localStorage.getItem(key)!) }));
}

/**
 * Waits until every waiting record has failed at least once, then moves its next try five minutes
 * away, as the backoff has it after a long outage (attempts 12). Nothing but a forced retry sends
 * it in this test's lifetime.
 */
async function longBackoff(count: number): Promise<void> {
  await waitFor(() => waiting().length === count && waiting().every((e) => e.attempts >= 1 && !e.lease), 20_000, `${count} failed attempts`);
  for (const entry of waiting()) localStorage.setItem(entry.key, JSON.stringify({ ...entry, attempts: 12, nextAt: Date.now() + 300_000 }));
}

function decide(service: string): void {
  recordDecision(document, { service, decision: Decision.granted, remembered: true, method: ProofMethod.click, purpose: 'embed', text: `Load ${service}`, version: 'v1', locale: 'en' });
}

describe('proof delivery: never lost, never twice, soon after the endpoint is back', function () {
  this.timeout(60_000);
  afterEach(async () => {
    document.querySelectorAll('iframe').forEach((f) => f.remove());
    await resetConsent();
    localStorage.clear();
  });

  it('keeps the proof of a decision made right before the page reloads, and the next page sends it once, with the time of the decision', async () => {
    const receiver = testReceiver();
    const frame = document.createElement('iframe');
    frame.src = `/test/fixtures/decide-tab.html?receiver=${receiver.name}`;
    document.body.append(frame);
    const services: string[] = [];
    /** Per service: Date.now() just before and just after its round's decisions. */
    const decidedWithin = new Map<string, { before: number; after: number }>();
    for (let round = 0; round < 3; round++) {
      const tab = await waitFor(() => (frame.contentWindow as Tab | null)?.tab, 20_000, 'the tab to load');
      const batch = Array.from({ length: 4 }, (_, i) => `svc-${round}-${i}`);
      services.push(...batch);
      // allow + withdraw each, then location.reload() in the same task: nothing asynchronous had a chance
      const decided = tab.decideThenReload(batch);
      for (const service of batch) decidedWithin.set(service, decided);
      await waitFor(() => (frame.contentWindow as Tab | null)?.tab !== tab, 20_000, 'the reload');
    }
    await waitFor(async () => (await receiver.stats()).stored >= services.length * 2, 20_000, `${services.length * 2} proofs at the receiver`);
    const proofs = await stored(receiver);
    // Each stored once. A request in flight when the page went is sent again as keepalive, so the
    // receiver may turn away a repeat (its `duplicates`): that is the contract, not a loss.
    expect(proofs.map((p) => `${p.service} ${p.decision}`).sort()).to.deep.equal(services.flatMap((s) => [`${s} granted`, `${s} withdrawn`]).sort());
    // The next page built these proofs, after the reload: each still says when the visitor decided.
    const late = proofs.filter((p) => {
      const { before, after } = decidedWithin.get(p.service)!;
      const at = Date.parse(p.at);
      return !(at >= before && at <= after);
    });
    expect(late.map((p) => `${p.service} ${p.decision} ${p.at} not within ${JSON.stringify(decidedWithin.get(p.service))}`)).to.deep.equal([]);
  });

  it('hands a waiting proof to the browser when the visitor closes the tab (the proof client listens for pagehide and visibilitychange)', async () => {
    const receiver = testReceiver();
    await receiver.faults({ offline: true });
    const tab = window.open(`/test/fixtures/decide-tab.html?receiver=${receiver.name}`) as Tab | null;
    if (!tab) throw new Error('could not open a tab');
    await waitFor(() => !!tab.tab, 20_000, 'the tab to load');
    tab.tab!.allow('youtube');
    await longBackoff(1); // its own timer will not try again while the tab lives
    await receiver.faults({});
    tab.close(); // pagehide → a keepalive request that outlives the tab
    await waitFor(async () => (await receiver.stats()).stored === 1, 20_000, 'the keepalive request to arrive');
    expect((await stored(receiver)).map((p) => p.service)).to.deep.equal(['youtube']);
  });

  it('waits as long as consentkit-server says after a 429 (Retry-After), not the shorter backoff of its own', async () => {
    // One POST a minute: the first proof goes in, the second gets 429.
    const server = await testProofServer({ rateLimit: 1 });
    configure({ endpoint: server.url });
    decide('svc-first');
    await waitFor(async () => (await server.stored()).length === 1, 20_000, 'the first proof at the server');
    decide('svc-second');
    await waitFor(() => waiting().length === 1 && waiting()[0]!.attempts === 1 && !waiting()[0]!.lease, 20_000, 'the 429');
    // Retry-After is 60 s (a token a minute); the queue's own first retry would come within 1 s.
    const wait = waiting()[0]!.nextAt - Date.now();
    expect(wait).to.be.greaterThan(45_000);
    expect(wait).to.be.at.most(60_000);
    expect((await server.stored()).map((p) => p.service)).to.deep.equal(['svc-first']);
  });

  it('flushProofs() sends proofs waiting in a long backoff at once, each exactly once', async () => {
    const receiver = testReceiver();
    await receiver.faults({ offline: true });
    configure({ endpoint: receiver.url });
    for (let i = 0; i < 5; i++) decide(`svc-${i}`);
    await longBackoff(5);
    await receiver.faults({});
    await flushProofs(); // resolves when its round is done: every proof has had its answer
    const stats = await receiver.stats();
    expect(stats.stored).to.equal(5);
    expect(stats.duplicates).to.equal(0);
    expect(waiting()).to.deep.equal([]);
  });

  it('the browser coming back online sends proofs waiting in a long backoff', async () => {
    const receiver = testReceiver();
    await receiver.faults({ offline: true });
    configure({ endpoint: receiver.url });
    for (let i = 0; i < 5; i++) decide(`svc-${i}`);
    await longBackoff(5);
    await receiver.faults({});
    dispatchEvent(new Event('online'));
    await waitFor(() => waiting().length === 0, 20_000, 'the waiting proofs to go out');
    const stats = await receiver.stats();
    expect(stats.stored).to.equal(5);
    expect(stats.duplicates).to.equal(0);
  });

  it('a new page sends proofs an earlier page left in a long backoff', async () => {
    const receiver = testReceiver();
    await receiver.faults({ offline: true });
    configure({ endpoint: receiver.url });
    for (let i = 0; i < 5; i++) decide(`svc-${i}`);
    await longBackoff(5);
    await receiver.faults({});
    resetRuntime(); // the next page: the site configures its endpoint again
    configure({ endpoint: receiver.url });
    await waitFor(() => waiting().length === 0, 20_000, 'the waiting proofs to go out');
    const stats = await receiver.stats();
    expect(stats.stored).to.equal(5);
    expect(stats.duplicates).to.equal(0);
  });
});
