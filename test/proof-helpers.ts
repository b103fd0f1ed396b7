import { ProofQueue, type ProofQueueOptions, type ProofStatus } from '../src/core/proof-queue.js';
import { PROOF_SCHEMA_VERSION, type Proof } from '../src/core/proof.js';
import { newSubjectId, uuid } from '../src/core/subject.js';

/** A valid proof; tests vary what they need. */
export function makeProof(overrides: Partial<Proof> = {}): Proof {
  return {
    schema: PROOF_SCHEMA_VERSION,
    id: uuid(),
    subject: newSubjectId(),
    service: 'youtube',
    purpose: 'embed',
    decision: 'granted',
    method: 'click',
    remembered: false,
    textVersion: 'abc123',
    locale: 'en',
    origin: location.origin,
    path: '/article',
    at: new Date().toISOString(),
    ...overrides,
  };
}

/** A receiver of its own for one test (see web-test-runner.config.mjs). */
export function testReceiver(name = `r${Math.random().toString(36).slice(2)}`) {
  const base = `/test-receiver/${name}`;
  return {
    name,
    url: base,
    faults: (faults: { offline?: boolean; failRate?: number; delayMs?: number }) =>
      fetch(`${base}/_faults`, { method: 'POST', body: JSON.stringify(faults) }).then((r) => r.json()),
    stats: (): Promise<{ stored: number; duplicates: number; rejected: number; ids: string[] }> => fetch(`${base}/_stats`).then((r) => r.json()),
  };
}

/** consentkit-server of its own for one test (see web-test-runner.config.mjs), rate-limited to `rateLimit` POSTs a minute. */
export async function testProofServer({ rateLimit = 0 } = {}) {
  const base = `/test-proof-server/p${Math.random().toString(36).slice(2)}`;
  const token = { authorization: 'Bearer test-read-token-0123456789' };
  await fetch(`${base}/healthz?rateLimit=${rateLimit}`); // created with its limit
  return {
    url: `${base}/proofs`,
    stored: (): Promise<Array<{ id: string; service: string }>> => fetch(`${base}/proofs`, { headers: token }).then((r) => r.json()),
  };
}

/** A queue over this page's localStorage and Web Locks that posts to `url`; records statuses. */
export function queueFor(url: string, options: Partial<ProofQueueOptions> = {}) {
  const statuses: Array<[string, ProofStatus, string | undefined]> = [];
  const queue = new ProofQueue({
    storage: localStorage,
    lock: (name, task) => navigator.locks.request(name, task),
    retry: { baseMs: 10, maxMs: 100 },
    timeoutMs: 2000,
    onStatus: (id, status, reason) => statuses.push([id, status, reason]),
    transport: async (body, { keepalive, signal }) => {
      const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, keepalive, signal });
      return { status: r.status };
    },
    ...options,
  });
  return { queue, statuses };
}
