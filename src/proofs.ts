import type { Config } from './core/config.js';
import { keysWithPrefix, ProofQueue, timeKey, type ProofStatus, type QueueStorage } from './core/proof-queue.js';
import { PROOF_SCHEMA_VERSION, ProofSchema, sha256, type Proof, type ProofDecision, type ProofMethod } from './core/proof.js';
import { uuid } from './core/subject.js';
import { receiptOf, type ErasureRequest } from './core/erasure.js';
import { fire } from './events.js';
import { adoptOutboxes, gpcSignal } from './runtime.js';

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

/** What a decision needs beyond the store's record to become a proof. */
export interface ProofInput {
  service: string;
  purpose: string;
  decision: ProofDecision;
  method: ProofMethod;
  remembered: boolean;
  /** The exact text the visitor saw ('' when there was none, e.g. a withdrawal through the API). */
  text: string;
  version: string;
  locale: string;
  /** Push: the topics picked. */
  topics?: string[];
  /** Push: `sha256:` of the subscription endpoint. */
  subscriptionHash?: string;
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
      const retryAfter = Number(response.headers.get('retry-after'));
      return { status: response.status, ...(retryAfter > 0 && retryAfter <= 3600 && { retryAfter }) };
    },
  });
  box.queue = queue;
  if (!listening) {
    listening = true;
    const all = () => [proofs.queue, erasures.queue];
    addEventListener('online', () => all().forEach((q) => void q?.flush()));
    addEventListener('pagehide', () => all().forEach((q) => q?.flushOnHide()));
    document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && all().forEach((q) => q?.flushOnHide()));
  }
  void queue.flush(); // records an earlier page could not deliver
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

/**
 * Builds, validates and queues the proof of a decision. Returns its id, or undefined when no
 * endpoint is configured or the record could not be built (said in the console).
 */
export async function sendProof(config: Config, subject: () => string, input: ProofInput, stillWanted: () => boolean = () => true): Promise<string | undefined> {
  const target = proofQueue(config);
  if (!target) return undefined;
  const page = new URL(location.href);
  const { includeQuery, includeText, tag } = config.proofs;
  const textHash = await sha256(input.text);
  // The visitor erased their data meanwhile: this decision's proof (and a new subject id) must not follow.
  if (!stillWanted()) return undefined;
  const record: Proof = {
    schema: PROOF_SCHEMA_VERSION,
    id: uuid(),
    subject: subject(),
    service: input.service,
    purpose: input.purpose,
    decision: input.decision,
    method: input.method,
    remembered: input.remembered,
    textVersion: input.version,
    ...(textHash && input.text && { textHash }),
    ...(includeText && input.text && { text: input.text }),
    locale: input.locale,
    origin: location.origin,
    path: page.pathname,
    ...(includeQuery && page.search && { query: page.search }),
    at: new Date().toISOString(),
    ...(tag && { tag }),
    ...(input.topics && { topics: input.topics }),
    ...(input.subscriptionHash && { subscriptionHash: input.subscriptionHash }),
    ...(gpcSignal() && { gpc: true }),
  };
  const checked = ProofSchema.safeParse(record);
  if (!checked.success) {
    const fields = checked.error.issues.map((i) => i.path.join('.')).join(', ');
    console.error(`consentkit: could not build a consent proof for "${input.service}" (invalid: ${fields}); is the page served over http(s)?`);
    return undefined;
  }
  target.enqueue(checked.data);
  return record.id;
}

let storage: QueueStorage | undefined;

/** localStorage, or (where it is blocked) memory with a warning: proofs then last for this page only. */
export function pageStorage(): QueueStorage {
  return (storage ??= openStorage());
}

function openStorage(): QueueStorage {
  try {
    const probe = 'consentkit:probe';
    localStorage.setItem(probe, '1');
    localStorage.removeItem(probe);
    return localStorage;
  } catch {
    console.warn('consentkit: localStorage is not available; unsent consent proofs will not survive this page.');
    const map = new Map<string, string>();
    return {
      get length() {
        return map.size;
      },
      key: (i) => [...map.keys()][i] ?? null,
      getItem: (k) => map.get(k) ?? null,
      setItem: (k, v) => void map.set(k, v),
      removeItem: (k) => void map.delete(k),
    };
  }
}
