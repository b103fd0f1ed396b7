/** The two answers a visitor can give for a service. "No record" means: not asked yet. */
export const Decision = { granted: 'granted', denied: 'denied' } as const;
export type Decision = (typeof Decision)[keyof typeof Decision];

/** What the store knows about one service. */
export interface ConsentRecord {
  /** Provider / service id, e.g. `youtube`. */
  service: string;
  decision: Decision;
  /** Milliseconds since the epoch when the decision was made. */
  at: number;
  /** Short hash of the exact text the visitor saw when deciding (see {@link textVersion}). */
  version: string;
  /** True when the decision is kept in the cookie for later visits ("always allow"). */
  remembered: boolean;
}

/** Service ids: lower-case, digits and dashes; they end up in the cookie and in proofs. */
export const SERVICE_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** Text versions as {@link textVersion} makes them (base 36); they end up in the cookie too. */
export const TEXT_VERSION = /^[0-9a-z]{0,16}$/;

/** What was decided, as a proof says it. `withdrawn` revokes an earlier grant "with effect for the future". */
export const ProofDecision = { granted: 'granted', withdrawn: 'withdrawn', denied: 'denied' } as const;
export type ProofDecision = (typeof ProofDecision)[keyof typeof ProofDecision];

/** How the visitor expressed it. */
export const ProofMethod = { click: 'click', checkbox: 'checkbox', prompt: 'prompt', settings: 'settings', api: 'api' } as const;
export type ProofMethod = (typeof ProofMethod)[keyof typeof ProofMethod];
