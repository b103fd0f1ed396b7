import * as z from 'zod/mini';
import type { ConsentRecord } from './decision.js';
import type { Proof } from './proof.js';
import { SUBJECT_ID } from './subject.js';

/**
 * A visitor's request to erase what the site holds under their pseudonymous subject id (GDPR
 * Art. 17), posted to `deletionEndpoint` through the same retrying queue as proofs. A receiver
 * deletes that subject's proofs and keeps a record that it did (see `demo/receiver.ts`).
 */
export const ErasureRequestSchema = z.strictObject({
  schema: z.literal(1),
  type: z.literal('erasure'),
  /** Random UUID: the idempotency key. */
  id: z.uuid(),
  /** The subject id whose records are to be erased. */
  subject: z.string().check(z.regex(SUBJECT_ID)),
  /** Origin of the page the request was made on. */
  origin: z.string().check(z.regex(/^https?:\/\/[^/?#\s]+$/), z.maxLength(300)),
  /** Client time of the request, ISO 8601 in UTC. */
  at: z.iso.datetime({ offset: false }),
});

export type ErasureRequest = z.output<typeof ErasureRequestSchema>;

/** A proof the endpoint acknowledged, as the visitor's own browser keeps it: their receipt. */
export type Receipt = Pick<Proof, 'id' | 'service' | 'purpose' | 'decision' | 'method' | 'remembered' | 'textVersion' | 'at'> & { textHash?: string; sentAt: string };

/** The receipt of a sent proof: what was decided and when, nothing more. */
export function receiptOf(proof: Proof, sentAt: Date): Receipt {
  const { id, service, purpose, decision, method, remembered, textVersion, textHash, at } = proof;
  return { id, service, purpose, decision, method, remembered, textVersion, ...(textHash && { textHash }), at, sentAt: sentAt.toISOString() };
}

/**
 * "Download my data": everything consentkit keeps about the visitor in this browser. Documented
 * in the README ("Your visitors' data"); `version` changes when a field changes meaning.
 */
export interface DataExport {
  format: 'consentkit-export';
  version: 1;
  exportedAt: string;
  /** The site, e.g. `https://bakery.example`. */
  origin: string;
  /** The pseudonymous subject id, or null when none was ever needed. */
  subject: string | null;
  /** The first-party cookie as stored (null when there is none). */
  cookie: { name: string; value: string | null };
  /** Every decision, remembered or for this page view only. */
  decisions: Array<Omit<ConsentRecord, 'at'> & { at: string }>;
  /** Proofs waiting for the endpoint, and receipts of those it acknowledged. */
  proofs: { waiting: Proof[]; sent: Receipt[] };
  /** Erasure requests waiting for the site. */
  erasureRequests: ErasureRequest[];
  /** Any other consentkit key in `localStorage`, as stored (e.g. `consentkit:push:views`, the page-view count of the push prompt). */
  other: Record<string, string>;
}
