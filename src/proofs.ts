import type { Config } from './core/config.js';
import { ProofQueue, type ProofStatus, type QueueStorage } from './core/proof-queue.js';
import { PROOF_SCHEMA_VERSION, ProofSchema, sha256, type Proof, type ProofDecision, type ProofMethod } from './core/proof.js';
import { uuid } from './core/subject.js';

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
}

let queue: ProofQueue | undefined;
let queueKey = '';
let listening = false;

/** The page's proof queue for the configured endpoint; undefined when no endpoint is configured. */
export function proofQueue(config: Config): ProofQueue | undefined {
  const key = JSON.stringify([config.endpoint, config.proofs]);
  if (queue && key === queueKey) return queue;
  queue?.dispose();
  queue = undefined;
  queueKey = key;
  if (!config.endpoint) return undefined;
  const endpoint = config.endpoint;
  const { headers = {}, credentials = 'omit', queueLimit } = config.proofs;
  queue = new ProofQueue({
    storage: pageStorage(),
    limit: queueLimit,
    lock: navigator.locks ? (name, task) => navigator.locks.request(name, task) : undefined,
    isOnline: () => navigator.onLine !== false,
    onStatus: (id, status, reason) =>
      document.dispatchEvent(new CustomEvent('ck-proof', { detail: { id, status, ...(reason && { reason }) }, bubbles: true, composed: true })),
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
  if (!listening) {
    listening = true;
    addEventListener('online', () => void queue?.flush());
    addEventListener('pagehide', () => queue?.flushOnHide());
    document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && queue?.flushOnHide());
  }
  void queue.flush(); // records an earlier page could not deliver
  return queue;
}

/** Stops the queue (tests, reconfiguration); stored records stay for the next page. */
export function stopProofs(): void {
  queue?.dispose();
  queue = undefined;
  queueKey = '';
}

/**
 * Builds, validates and queues the proof of a decision. Returns its id, or undefined when no
 * endpoint is configured or the record could not be built (said in the console).
 */
export async function sendProof(config: Config, subject: () => string, input: ProofInput): Promise<string | undefined> {
  const target = proofQueue(config);
  if (!target) return undefined;
  const page = new URL(location.href);
  const { includeQuery, includeText, tag } = config.proofs;
  const textHash = await sha256(input.text);
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

/** localStorage, or (where it is blocked) memory with a warning: proofs then last for this page only. */
function pageStorage(): QueueStorage {
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
