import * as z from 'zod/mini';
import { SERVICE_ID, TEXT_VERSION } from './decision.js';
import { SUBJECT_ID } from './subject.js';

/** Bumped when a field changes meaning; receivers can tell records of different versions apart. */
export const PROOF_SCHEMA_VERSION = 1;

// Kept in decision.ts (no zod), so elements can name them without loading this schema.
export { ProofDecision, ProofMethod } from './decision.js';
import { ProofDecision, ProofMethod } from './decision.js';

/**
 * One consent proof: what a visitor decided, when, and which exact text they saw. The single
 * source of truth for the client, the reference receiver and `dist/consent-proof.schema.json`.
 * It holds nothing else about the visitor: no user agent, IP address or fingerprint.
 */
export const ProofSchema = z.strictObject({
  /** Schema version of this record. */
  schema: z.literal(PROOF_SCHEMA_VERSION),
  /** Random UUID: the idempotency key. A receiver stores each id once. */
  id: z.uuid(),
  /** The pseudonymous subject id from the visitor's consentkit cookie. */
  subject: z.string().check(z.regex(SUBJECT_ID)),
  /** Service (provider) id, e.g. `youtube`. */
  service: z.string().check(z.regex(SERVICE_ID)),
  /** Why the service is used, e.g. `embed`, `chat`, `push`, or a purpose the site defines. */
  purpose: z.string().check(z.regex(SERVICE_ID)),
  decision: z.enum([ProofDecision.granted, ProofDecision.withdrawn, ProofDecision.denied]),
  method: z.enum([ProofMethod.click, ProofMethod.checkbox, ProofMethod.prompt, ProofMethod.settings, ProofMethod.api]),
  /** True when the decision is kept for later visits ("always allow"). */
  remembered: z.boolean(),
  /** Short hash of the exact text shown (the same value the consent cookie holds). */
  textVersion: z.string().check(z.regex(TEXT_VERSION)),
  /** SHA-256 of the exact text shown, `sha256:<hex>`; absent where the page has no WebCrypto (plain http). */
  textHash: z.optional(z.string().check(z.regex(/^sha256:[0-9a-f]{64}$/))),
  /** The exact text shown, only when the site enables `proofs.includeText`. */
  text: z.optional(z.string().check(z.maxLength(5000))),
  /** Locale of the text shown. */
  locale: z.string().check(z.regex(/^[a-z]{2}$/)),
  /** Origin of the page the decision was made on. */
  origin: z.string().check(z.regex(/^https?:\/\/[^/?#\s]+$/), z.maxLength(300)),
  /** Path of that page, without query string or fragment. */
  path: z.string().check(z.regex(/^\/[^?#\s]*$/), z.maxLength(2000)),
  /** The query string, only when the site enables `proofs.includeQuery`. */
  query: z.optional(z.string().check(z.regex(/^\?\S*$/), z.maxLength(2000))),
  /** Client time of the decision, ISO 8601 in UTC. */
  at: z.iso.datetime({ offset: false }),
  /** A site-defined label, e.g. a campaign or a text release name. */
  tag: z.optional(z.string().check(z.maxLength(100))),
  /** Push: the topics the visitor picked. */
  topics: z.optional(z.array(z.string().check(z.regex(SERVICE_ID))).check(z.maxLength(20))),
  /** True when the visitor's browser sent Global Privacy Control at the time of the decision. */
  gpc: z.optional(z.boolean()),
  /** Push: SHA-256 of the subscription's endpoint URL, `sha256:<hex>` (never the endpoint itself). */
  subscriptionHash: z.optional(z.string().check(z.regex(/^sha256:[0-9a-f]{64}$/))),
});

export type Proof = z.output<typeof ProofSchema>;

/** The largest serialized record a receiver needs to accept (a full `text` included). */
export const MAX_PROOF_BYTES = 16_384;

export { sha256 } from './hash.js';
