/**
 * consentkit: two-click embeds and consent records as Lit web components.
 * Importing this module registers the elements and returns the JS API.
 */
import './elements/embed/embed.js';
import './elements/policy-text/policy-text.js';
import './elements/chat-gate/chat-gate.js';
import './elements/privacy-button/privacy-button.js';
import './elements/push-prompt/push-prompt.js';
import { openPrivacyCenter } from './elements/privacy-center/privacy-center.js';
import type { ConsentRecord } from './core/decision.js';
import { getConfig, getStore, startProofs } from './runtime.js';
import { policySections as sections, policyText as text, type PolicyOptions, type PolicySection } from './policy.js';

export { configure, getConfig, onConsentChange, withdraw, flushProofs } from './runtime.js';
export { ProofSchema, PROOF_SCHEMA_VERSION, type Proof } from './core/proof.js';
export type { ProofEventDetail } from './proofs.js';
export { registerProvider, getProvider, loadProvider, providerIds, registerScript, type ScriptRegistration } from './providers/registry.js';
export type { PolicyOptions, PolicySection } from './policy.js';
export { CkPolicyText } from './elements/policy-text/policy-text.js';
export { defineProvider, param } from './providers/provider.js';
export type { Provider, Widget, Box, BuildContext } from './providers/provider.js';
export { Decision, type ConsentRecord } from './core/decision.js';
export type { Config, ConfigInput } from './core/config.js';
export type { ConsentEventDetail, LoadEventDetail } from './events.js';
export { CkEmbed } from './elements/embed/embed.js';
export { CkChatGate, type ChatOpenEventDetail } from './elements/chat-gate/chat-gate.js';
export { CkPrivacyCenter } from './elements/privacy-center/privacy-center.js';
export { CkPrivacyButton } from './elements/privacy-button/privacy-button.js';
export { withdrawAll, exportData, erase, listServices, type ServiceInfo, type ErasureResult } from './rights.js';
export type { DataExport, ErasureRequest, Receipt } from './core/erasure.js';
export type { ErasureEventDetail } from './proofs.js';
export { CkPushPrompt } from './elements/push-prompt/push-prompt.js';
export type { PushSubscribedEventDetail, PushErrorEventDetail } from './push.js';

/**
 * Turns push notifications off: ends the browser's subscription, withdraws the consent (with a
 * withdrawal proof) and fires `ck-push-unsubscribed`. Resolves whether there was a subscription.
 */
export function unsubscribePush(): Promise<boolean> {
  return import('./push.js').then((m) => m.unsubscribePush(getConfig()));
}

/** Opens the privacy settings as a dialog, e.g. from your own "Privacy settings" link. */
export function open(): Promise<void> {
  return openPrivacyCenter().then(() => undefined);
}

/** The current decision for a service, if any. */
export function consentFor(service: string): ConsentRecord | undefined {
  return getStore().get(service);
}

/** Every decision the visitor made (remembered, or for this page view). */
export function decisions(): ConsentRecord[] {
  return getStore().list();
}

/**
 * The privacy-policy passages for `services` (provider ids), as `text`, `markdown` or escaped
 * `html`; cookie name, lifetime and provider overrides come from the configuration.
 */
export function policyText(services: string[], options: PolicyOptions = {}): Promise<string> {
  const { cookie, providers, locale, endpoint } = getConfig();
  return text(services, { locale, cookie, overrides: providers, proofs: !!endpoint, ...options });
}

/** The same passages as data (heading, paragraphs of text and link runs), to render yourself. */
export function policySections(services: string[], options: PolicyOptions = {}): Promise<PolicySection[]> {
  const { cookie, providers, locale, endpoint } = getConfig();
  return sections(services, { locale, cookie, overrides: providers, proofs: !!endpoint, ...options });
}

// Proofs a previous page could not deliver go out as soon as the page has its configuration.
queueMicrotask(startProofs);
