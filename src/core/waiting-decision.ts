import type { ProofDecision, ProofMethod } from './decision.js';
import { keysWithPrefix, timeKey, type QueueStorage } from './storage-keys.js';

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

/**
 * A decision whose proof is not built yet. Building one takes a SHA-256 (asynchronous) and the
 * proof client (fetched on demand), so everything the proof needs is written down synchronously
 * with the decision: a page that reloads in the same task leaves it for the next page to send.
 */
export interface WaitingDecision {
  /** The proof's id, fixed now: however often the record is built, a receiver stores it once. */
  id: string;
  subject: string;
  /** ISO 8601, the moment of the decision. */
  at: string;
  origin: string;
  path: string;
  /** Only when the site records query strings (`proofs.includeQuery`). */
  query?: string;
  /** The browser sent Global Privacy Control at the time. */
  gpc?: true;
  input: ProofInput;
}

export const WAITING_DECISION_PREFIX = 'consentkit:decision:';

/** Writes `decision` under a key that sorts by time; returns the key. */
export function keepWaitingDecision(storage: QueueStorage, decision: WaitingDecision, now = Date.now()): string {
  const key = timeKey(WAITING_DECISION_PREFIX, now, decision.id);
  storage.setItem(key, JSON.stringify(decision));
  return key;
}

/** The decisions waiting for their proof, oldest first; an unreadable one is removed with a warning. */
export function waitingDecisions(storage: QueueStorage): Array<{ key: string; decision: WaitingDecision }> {
  return keysWithPrefix(storage, WAITING_DECISION_PREFIX).flatMap((key) => {
    try {
      const decision = JSON.parse(storage.getItem(key) ?? 'null') as WaitingDecision | null;
      if (decision === null) return []; // built and removed meanwhile, perhaps by another tab
      if (typeof decision.id !== 'string' || typeof decision.input?.service !== 'string' || typeof decision.input.text !== 'string') throw new Error('malformed');
      return [{ key, decision }];
    } catch {
      console.warn(`consentkit: removing the unreadable stored decision "${key}"; its proof cannot be built.`);
      storage.removeItem(key);
      return [];
    }
  });
}
