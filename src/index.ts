/**
 * consentkit: two-click embeds and consent records as Lit web components.
 * Importing this module registers the elements and returns the JS API.
 */
import './elements/embed/embed.js';
import type { ConsentRecord } from './core/decision.js';
import { getStore, startProofs } from './runtime.js';

export { configure, getConfig, onConsentChange, withdraw, flushProofs } from './runtime.js';
export { ProofSchema, PROOF_SCHEMA_VERSION, type Proof } from './core/proof.js';
export type { ProofEventDetail } from './proofs.js';
export { registerProvider, getProvider, providerIds } from './providers/registry.js';
export { defineProvider, param } from './providers/provider.js';
export type { Provider, Widget, Box, BuildContext } from './providers/provider.js';
export { Decision, type ConsentRecord } from './core/decision.js';
export type { Config, ConfigInput } from './core/config.js';
export type { ConsentEventDetail, LoadEventDetail } from './events.js';
export { CkEmbed } from './elements/embed/embed.js';

/** The current decision for a service, if any. */
export function consentFor(service: string): ConsentRecord | undefined {
  return getStore().get(service);
}

/** Every decision the visitor made (remembered, or for this page view). */
export function decisions(): ConsentRecord[] {
  return getStore().list();
}


// Proofs a previous page could not deliver go out as soon as the page has its configuration.
queueMicrotask(startProofs);
