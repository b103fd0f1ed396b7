import { ProofQueue } from '../../src/core/proof-queue.js';
import { PROOF_SCHEMA_VERSION, type Proof } from '../../src/core/proof.js';
import { newSubjectId, uuid } from '../../src/core/subject.js';

/** Queues `count` proofs for `endpoint` and resolves with the time until every one is acknowledged. */
async function run(endpoint: string, count: number, retry: { baseMs: number; maxMs: number }) {
  localStorage.clear();
  let sent = 0;
  let dropped = 0;
  let drained!: () => void;
  const done = new Promise<void>((resolve) => (drained = resolve));
  const queue = new ProofQueue({
    storage: localStorage,
    lock: (name, task) => navigator.locks.request(name, task),
    limit: count,
    retry,
    onStatus: (_id, status) => {
      if (status === 'sent') sent++;
      if (status === 'dropped') dropped++;
      if (sent + dropped === count) drained();
    },
    transport: async (body, { keepalive, signal }) => {
      const r = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body, keepalive, signal });
      return { status: r.status };
    },
  });
  const subject = newSubjectId();
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const proof: Proof = {
      schema: PROOF_SCHEMA_VERSION,
      id: uuid(),
      subject,
      service: 'youtube',
      purpose: 'embed',
      decision: 'granted',
      method: 'click',
      remembered: false,
      textVersion: 'bench',
      locale: 'en',
      origin: location.origin,
      path: '/bench',
      at: new Date().toISOString(),
    };
    queue.enqueue(proof);
  }
  await done;
  const ms = performance.now() - start;
  queue.dispose();
  return { ms, sent, dropped, pending: queue.pending().length };
}

(window as unknown as { bench: typeof run }).bench = run;
