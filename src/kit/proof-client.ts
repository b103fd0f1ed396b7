import type { Config } from '../core/config.js';
import { keysWithPrefix, ProofQueue, retryAfterSeconds, timeKey, type ProofStatus } from '../core/proof-queue.js';
import { PROOF_SCHEMA_VERSION, ProofSchema, sha256, type Proof } from '../core/proof.js';
import { receiptOf, type ErasureRequest } from '../core/erasure.js';
import { waitingDecisions, type WaitingDecision } from '../core/waiting-decision.js';
import { fire } from './events.js';
import { pageStorage } from './local-storage.js';
import { adoptOutboxes } from './runtime.js';

export type { ProofInput } from '../core/waiting-decision.js';
export { pageStorage } from './local-storage.js';

/** `ck-proof` on `document`: a consent proof was queued, acknowledged by the endpoint, or dropped. */
export interface ProofEventDetail {
  id: string;
  status: ProofStatus;
  /** Why a record was dropped. */
  reason?: string;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ck-proof': CustomEvent<ProofEventDetail>;
  }
}

/** `ck-erasure` on `document`: an erasure request was queued, acknowledged by the site, or dropped. */
export type ErasureEventDetail = ProofEventDetail;

declare global {
  interface GlobalEventHandlersEventMap {
    'ck-erasure': CustomEvent<ErasureEventDetail>;
  }
}

/** Storage key prefixes: proofs waiting, receipts of sent ones, erasure requests waiting. */
export const PROOF_PREFIX = 'consentkit:proof:';
export const RECEIPT_PREFIX = 'consentkit:receipt:';
export const ERASURE_PREFIX = 'consentkit:erasure:';
/** Receipts kept in the browser: the newest ones. */
const RECEIPT_LIMIT = 100;

interface Outbox<R extends { id: string }> {
  queue: ProofQueue<R> | undefined;
  key: string;
}
const proofs: Outbox<Proof> = { queue: undefined, key: '' };
const erasures: Outbox<ErasureRequest> = { queue: undefined, key: '' };
let listening = false;

/**
 * The outbox for `endpoint`, (re)created when endpoint or options change: a persistent queue in
 * localStorage that posts each record until the endpoint acknowledges it.
 */
function outbox<R extends { id: string }>(box: Outbox<R>, endpoint: string | undefined, options: Config['proofs'], prefix: string, event: 'ck-proof' | 'ck-erasure', onSent?: (record: R) => void): ProofQueue<R> | undefined {
  const key = JSON.stringify([endpoint, options]);
  if (box.queue && key === box.key) return box.queue;
  box.queue?.dispose();
  box.queue = undefined;
  box.key = key;
  if (!endpoint) return undefined;
  const { headers = {}, credentials = 'omit', queueLimit } = options;
  const queue = new ProofQueue<R>({
    storage: pageStorage(),
    prefix,
    noun: event === 'ck-proof' ? 'consent proof' : 'erasure request',
    limit: queueLimit,
    lock: navigator.locks ? (name, task) => navigator.locks.request(name, task) : undefined,
    isOnline: () => navigator.onLine !== false,
    onStatus: (id, status, reason, record) => {
      if (status === 'sent' && record) onSent?.(record as R);
      fire(document, event, { id, status, ...(reason && { reason }) });
    },
    transport: async (body, { keepalive, signal }) => {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body,
        keepalive,
        signal,
        credentials,
        // The proof names the page itself; a Referer would add the query string behind the site's back.
        referrerPolicy: 'no-referrer',
      });
      // Seconds or an HTTP-date. A cross-origin endpoint must expose the header (Access-Control-Expose-Headers).
      const retryAfter = retryAfterSeconds(response.headers.get('retry-after'), Date.now());
      return { status: response.status, ...(retryAfter !== undefined && { retryAfter }) };
    },
  });
  box.queue = queue;
  if (!listening) {
    listening = true;
    const all = () => [proofs.queue, erasures.queue];
    addEventListener('online', () => all().forEach((q) => void q?.flush({ now: true })));
    addEventListener('pagehide', () => all().forEach((q) => q?.flushOnHide()));
    document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && all().forEach((q) => q?.flushOnHide()));
  }
  void queue.flush({ now: true }); // records an earlier page could not deliver: a new page tries them at once
  return queue;
}

/** The page's proof queue for the configured endpoint; undefined when no endpoint is configured. */
export function proofQueue(config: Config): ProofQueue<Proof> | undefined {
  return outbox(proofs, config.endpoint, config.proofs, PROOF_PREFIX, 'ck-proof', keepReceipt);
}

/** The page's erasure-request queue for `deletionEndpoint`; undefined when none is configured. */
export function erasureQueue(config: Config): ProofQueue<ErasureRequest> | undefined {
  return outbox(erasures, config.deletionEndpoint, config.proofs, ERASURE_PREFIX, 'ck-erasure');
}

/** Stops the queues (tests, reconfiguration); stored records stay for the next page. */
function stopProofs(): void {
  for (const box of [proofs, erasures] as Outbox<{ id: string }>[]) {
    box.queue?.dispose();
    box.queue = undefined;
    box.key = '';
  }
}
adoptOutboxes(stopProofs);

/** The visitor's receipt of an acknowledged proof, kept in their browser (the newest {@link RECEIPT_LIMIT}). */
function keepReceipt(proof: Proof): void {
  const storage = pageStorage();
  const now = new Date();
  storage.setItem(timeKey(RECEIPT_PREFIX, now.getTime(), proof.id), JSON.stringify(receiptOf(proof, now)));
  const keys = storedKeys(RECEIPT_PREFIX);
  for (const key of keys.slice(0, Math.max(0, keys.length - RECEIPT_LIMIT))) storage.removeItem(key);
}

/** consentkit's keys in localStorage that start with `prefix`, oldest first. */
export function storedKeys(prefix = 'consentkit:'): string[] {
  return keysWithPrefix(pageStorage(), prefix);
}

/** The stored values under `prefix`, parsed; unreadable ones are left out. */
export function storedValues<T>(prefix: string, pick: (value: any) => T = (v) => v): T[] {
  return storedKeys(prefix).flatMap((key) => {
    try {
      return [pick(JSON.parse(pageStorage().getItem(key) ?? ''))];
    } catch {
      return [];
    }
  });
}

let building: Promise<void> | undefined;
let buildAgain = false;

/**
 * Builds, validates and queues the proof of every decision waiting in storage (written there with
 * the decision, see runtime's `prove`), oldest first; resolves when they are all queued. One round
 * at a time in a page, and one page at a time across the site's tabs.
 */
export function sendDecisions(config: Config): Promise<void> {
  if (building) {
    buildAgain = true;
    return building;
  }
  const round = () => (navigator.locks ? navigator.locks.request('consentkit:decision', () => buildWaiting(config)) : buildWaiting(config));
  building = (async () => {
    do {
      buildAgain = false;
      await round();
    } while (buildAgain);
  })().finally(() => (building = undefined));
  return building;
}

async function buildWaiting(config: Config): Promise<void> {
  const queue = proofQueue(config);
  if (!queue) return; // they wait for a page that knows the endpoint
  const storage = pageStorage();
  for (const { key, decision } of waitingDecisions(storage)) {
    const record = await buildProof(config, decision);
    // Gone meanwhile: the visitor erased their data, or another tab built it.
    if (storage.getItem(key) === null) continue;
    storage.removeItem(key);
    if (record) queue.enqueue(record);
  }
}

/** The validated proof of a decision, or undefined (said in the console) when it cannot be built. */
async function buildProof(config: Config, waiting: WaitingDecision): Promise<Proof | undefined> {
  const { input } = waiting;
  const { includeText, tag } = config.proofs;
  const textHash = input.text ? await sha256(input.text) : undefined;
  const record: Proof = {
    schema: PROOF_SCHEMA_VERSION,
    id: waiting.id,
    subject: waiting.subject,
    service: input.service,
    purpose: input.purpose,
    decision: input.decision,
    method: input.method,
    remembered: input.remembered,
    textVersion: input.version,
    ...(textHash && { textHash }),
    ...(includeText && input.text && { text: input.text }),
    locale: input.locale,
    origin: waiting.origin,
    path: waiting.path,
    ...(waiting.query && { query: waiting.query }),
    at: waiting.at,
    ...(tag && { tag }),
    ...(input.topics && { topics: input.topics }),
    ...(input.subscriptionHash && { subscriptionHash: input.subscriptionHash }),
    ...(waiting.gpc && { gpc: true }),
  };
  const checked = ProofSchema.safeParse(record);
  if (checked.success) return checked.data;
  const fields = checked.error.issues.map((i) => i.path.join('.')).join(', ');
  console.error(`consentkit: could not build a consent proof for "${input.service}" (invalid: ${fields}); is the page served over http(s)?`);
  return undefined;
}
