import { expect } from '@open-wc/testing';
import { retryAfterSeconds, type ProofQueue } from '../../src/core/proof-queue.js';
import { captureConsole, waitFor } from '../helpers.js';
import { makeProof, queueFor, testReceiver } from '../proof-helpers.js';

type Tab = HTMLIFrameElement & { contentWindow: Window & { queue: ProofQueue } };

/** The records stored under the queue's prefix, as kept (attempts so far, lease while in flight). */
const stored = () =>
  Object.keys(localStorage)
    .filter((k) => k.startsWith('consentkit:proof:'))
    .map((k) => JSON.parse(localStorage.getItem(k)!) as { attempts: number; lease?: unknown });

/**
 * Waits until `count` records are stored and each has failed at least once. Not "and none in
 * flight": with a 100 ms backoff ceiling some record is nearly always on its next try, and a
 * moment with none may never come on a busy machine.
 */
const allFailedOnce = (count: number) => waitFor(() => stored().length === count && stored().every((e) => e.attempts >= 1), 20_000, `${count} records to fail once`);

/** Opens another "tab" of the site (an iframe with its own JS realm) posting to `receiver`. */
async function openTab(receiver: string): Promise<Tab> {
  const frame = document.createElement('iframe') as Tab;
  frame.src = `/test/fixtures/proof-tab.html?receiver=${receiver}`;
  document.body.append(frame);
  await waitFor(() => !!frame.contentWindow?.queue, 20_000, 'the tab to load');
  return frame;
}

async function reload(tab: Tab): Promise<void> {
  const old = tab.contentWindow.queue;
  tab.contentWindow.location.reload();
  await waitFor(() => !!tab.contentWindow?.queue && tab.contentWindow.queue !== old, 20_000, 'the tab to reload');
}

describe('proof queue (real fetch to the reference receiver)', function () {
  this.timeout(30_000);
  const queues: ProofQueue[] = [];
  afterEach(() => {
    queues.splice(0).forEach((q) => q.dispose());
    document.querySelectorAll('iframe').forEach((f) => f.remove());
    localStorage.clear();
  });
  const track = <T extends { queue: ProofQueue }>(made: T) => (queues.push(made.queue), made);

  it('delivers a proof and reports queued, then sent', async () => {
    const receiver = testReceiver();
    const { queue, statuses } = track(queueFor(receiver.url));
    const proof = makeProof();
    queue.enqueue(proof);
    await waitFor(() => queue.pending().length === 0);
    expect(statuses).to.deep.equal([
      [proof.id, 'queued', undefined],
      [proof.id, 'sent', undefined],
    ]);
    expect((await receiver.stats()).ids).to.deep.equal([proof.id]);
  });

  it('gets every proof through an endpoint that fails half the requests, each exactly once', async () => {
    const receiver = testReceiver();
    await receiver.faults({ failRate: 0.5 });
    const { queue } = track(queueFor(receiver.url));
    const proofs = Array.from({ length: 60 }, () => makeProof());
    proofs.forEach((p) => queue.enqueue(p));
    await waitFor(() => queue.pending().length === 0, 20000, 'the queue to drain');
    const stats = await receiver.stats();
    expect(stats.ids.slice().sort()).to.deep.equal(proofs.map((p) => p.id).sort());
    expect(stats.stored).to.equal(60);
  });

  it('retries requests that time out, and the receiver stores each once', async () => {
    const receiver = testReceiver();
    await receiver.faults({ delayMs: 400 });
    const { queue } = track(queueFor(receiver.url, { timeoutMs: 100 }));
    const proofs = Array.from({ length: 5 }, () => makeProof());
    proofs.forEach((p) => queue.enqueue(p));
    await allFailedOnce(5); // each timed out at least once
    await receiver.faults({});
    await waitFor(() => queue.pending().length === 0, 10000, 'the queue to drain');
    const stats = await receiver.stats();
    expect(stats.ids.slice().sort()).to.deep.equal(proofs.map((p) => p.id).sort());
  });

  it('holds proofs while the endpoint is offline and delivers them when it is back', async () => {
    const receiver = testReceiver();
    await receiver.faults({ offline: true });
    const { queue } = track(queueFor(receiver.url));
    for (let i = 0; i < 20; i++) queue.enqueue(makeProof());
    await allFailedOnce(20);
    expect(queue.pending()).to.have.length(20);
    expect((await receiver.stats()).stored).to.equal(0);
    await receiver.faults({});
    await waitFor(() => queue.pending().length === 0, 10000, 'the queue to drain');
    expect((await receiver.stats()).stored).to.equal(20);
  });

  it('loses nothing when the page reloads mid-queue', async () => {
    const receiver = testReceiver();
    await receiver.faults({ offline: true });
    const tab = await openTab(receiver.name);
    const proofs = Array.from({ length: 10 }, () => makeProof());
    proofs.forEach((p) => tab.contentWindow.queue.enqueue(p));
    await reload(tab);
    expect(tab.contentWindow.queue.pending()).to.have.length(10);
    await receiver.faults({});
    await tab.contentWindow.queue.flush();
    await waitFor(() => tab.contentWindow.queue.pending().length === 0, 10000, 'the queue to drain');
    const stats = await receiver.stats();
    expect(stats.ids.slice().sort()).to.deep.equal(proofs.map((p) => p.id).sort());
  });

  it('two tabs never send the same record at once', async () => {
    const receiver = testReceiver();
    await receiver.faults({ offline: true });
    const [a, b] = [await openTab(receiver.name), await openTab(receiver.name)];
    const proofs = Array.from({ length: 30 }, () => makeProof());
    proofs.forEach((p) => a.contentWindow.queue.enqueue(p));
    await receiver.faults({ delayMs: 30 });
    await Promise.all([a.contentWindow.queue.flush(), b.contentWindow.queue.flush(), b.contentWindow.queue.flush()]);
    await waitFor(() => a.contentWindow.queue.pending().length === 0, 15000, 'the queue to drain');
    const stats = await receiver.stats();
    expect(stats.stored).to.equal(30);
    expect(stats.duplicates).to.equal(0);
  });

  it('hands waiting proofs to the browser when the visitor closes the tab', async () => {
    const receiver = testReceiver();
    await receiver.faults({ offline: true });
    const tab = window.open(`/test/fixtures/proof-tab.html?receiver=${receiver.name}&retryMs=60000`) as (Window & { queue?: ProofQueue }) | null;
    if (!tab) throw new Error('could not open a tab');
    await waitFor(() => !!tab.queue, 20_000, 'the tab to load');
    const proof = makeProof();
    tab.queue!.enqueue(proof);
    await allFailedOnce(1); // tried once, failed; the next try is a minute away
    await receiver.faults({});
    tab.close(); // pagehide → keepalive request that outlives the tab
    await waitFor(async () => (await receiver.stats()).stored === 1, 5000, 'the keepalive request to arrive');
    expect((await receiver.stats()).ids).to.deep.equal([proof.id]);
  });

  it('drops a record the endpoint refuses (400) and says why', async () => {
    const receiver = testReceiver();
    const { queue, statuses } = track(queueFor(receiver.url));
    const bad = { ...makeProof(), userAgent: navigator.userAgent } as ReturnType<typeof makeProof>;
    const { messages } = await captureConsole('error', async () => {
      queue.enqueue(bad);
      await waitFor(() => queue.pending().length === 0);
    });
    expect(statuses.at(-1)).to.deep.equal([bad.id, 'dropped', 'the endpoint answered 400']);
    expect(messages[0]).to.contain(`consent proof ${bad.id} was refused (the endpoint answered 400)`);
    expect((await receiver.stats()).rejected).to.equal(1);
  });

  it('keeps a flood of 10,000 records within its cap, warning once', async () => {
    const receiver = testReceiver();
    await receiver.faults({ offline: true });
    const { queue, statuses } = track(queueFor(receiver.url, { limit: 500 }));
    const { messages } = await captureConsole('warn', () => {
      for (let i = 0; i < 10_000; i++) queue.enqueue(makeProof());
    });
    expect(queue.pending()).to.have.length(500);
    expect(statuses.filter(([, s]) => s === 'dropped')).to.have.length(9_500);
    expect(messages).to.have.length(1);
    expect(messages[0]).to.contain('proofs.queueLimit = 500');
  });

  it('clear() while a backlog is being sent leaves nothing stored and sends nothing more', async () => {
    const receiver = testReceiver();
    await receiver.faults({ delayMs: 300 });
    const { queue } = track(queueFor(receiver.url, { concurrency: 2 }));
    const proofs = Array.from({ length: 6 }, () => makeProof());
    proofs.forEach((p) => queue.enqueue(p));
    // The first two are in flight (their records leased), four wait their turn.
    const leased = () => Object.keys(localStorage).filter((k) => k.startsWith('consentkit:proof:') && JSON.parse(localStorage.getItem(k)!).lease).length;
    await waitFor(() => leased() === 2, 5000, 'two requests in flight');
    const inFlight = Object.keys(localStorage).filter((k) => k.startsWith('consentkit:proof:') && JSON.parse(localStorage.getItem(k)!).lease).map((k) => k.split(':').at(-1));
    queue.clear();
    expect(stored()).to.deep.equal([]);
    // A canary queued after clear(): once it is acknowledged and nothing waits, the queue has had
    // its rounds; had clear() left a record, that record (older) would have gone out first.
    const canary = makeProof();
    queue.enqueue(canary);
    await waitFor(async () => queue.pending().length === 0 && (await receiver.stats()).ids.includes(canary.id), 10_000, 'the canary');
    const { ids } = await receiver.stats();
    expect(ids.filter((id) => id !== canary.id).sort()).to.deep.equal(inFlight.sort()); // only the two in flight at clear()
  });

  it('removes an unreadable stored record instead of failing', async () => {
    const receiver = testReceiver();
    localStorage.setItem('consentkit:proof:000000000:broken', '{not json');
    const { queue } = track(queueFor(receiver.url));
    const { messages } = await captureConsole('warn', () => queue.pending());
    expect(messages[0]).to.contain('removing the unreadable stored proof');
    expect(localStorage.getItem('consentkit:proof:000000000:broken')).to.equal(null);
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2026-12-02T07:00:00.000Z');
  it('reads delay-seconds and HTTP-dates, caps at an hour, and ignores what it cannot read', () => {
    expect(retryAfterSeconds('120', now)).to.equal(120);
    expect(retryAfterSeconds('Wed, 02 Dec 2026 07:01:30 GMT', now)).to.equal(90);
    expect(retryAfterSeconds('86400', now)).to.equal(3600);
    for (const bad of [null, '', '0', '-5', 'soon', 'Wed, 02 Dec 2026 06:00:00 GMT', '1e9x']) expect(retryAfterSeconds(bad, now), String(bad)).to.equal(undefined);
  });
});
