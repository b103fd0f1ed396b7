/**
 * consentkit: two-click embeds and consent records as Lit web components.
 * Importing this module returns the JS API and loads each element's code when its tag first
 * appears in the document. Inside another component's shadow root, call `loadElement(tag)` or
 * `defineAll()` first.
 */
import type { ConsentRecord } from './core/decision.js';
import type { DataExport } from './core/erasure.js';
import type { PolicyOptions, PolicySection } from './policy/policy.js';
import type { ErasureResult, ServiceInfo } from './kit/rights.js';
import type { AuditOptions, AuditResult } from './audit/audit.js';
import { defineLazily, loadElement } from './loader.js';

export { defineAll, loadElement } from './loader.js';
import { getConfig, getStore, startProofs, useConfigCheck } from './kit/runtime.js';
import { checkConfig } from './core/config.js';

export { configure } from './kit/configure.js';
export { getConfig, onConsentChange, withdraw, flushProofs, allowed, gpcSignal } from './kit/runtime.js';
export { allow, type AllowOptions } from './kit/allow.js';
export type { Proof } from './core/proof.js';
export type { ProofEventDetail, ErasureEventDetail } from './kit/proof-client.js';
export { getProvider, loadProvider, providerIds, registerScript, type ScriptRegistration } from './providers/registry.js';
export { registerProvider } from './providers/check.js';
export type { PolicyOptions, PolicySection } from './policy/policy.js';
export { defineProvider } from './providers/provider.js';
export { param } from './providers/params.js';
export type { Provider, Widget, Box, BuildContext } from './providers/provider.js';
export { Decision, type ConsentRecord } from './core/decision.js';
export type { Config, ConfigInput } from './core/config.js';
export { cookieStorage } from './kit/cookie-storage.js';
/** The elements' texts by key (with their placeholders): what config `texts.<locale>` may reword. */
export type { Translation } from './core/i18n.js';
export type { ConsentEventDetail, LoadEventDetail } from './kit/events.js';
export type { CkEmbed } from './elements/embed/embed.js';
export type { CkChatGate, ChatOpenEventDetail } from './elements/chat-gate/chat-gate.js';
export type { CkPrivacyCenter } from './elements/privacy-center/privacy-center.js';
export type { CkPrivacyButton } from './elements/privacy-button/privacy-button.js';
export type { CkPolicyText } from './elements/policy-text/policy-text.js';
export type { CkPushPrompt } from './elements/push-prompt/push-prompt.js';
export type { ServiceInfo, ErasureResult } from './kit/rights.js';
export type { DataExport, ErasureRequest, Receipt } from './core/erasure.js';
export type { PushSubscribedEventDetail, PushErrorEventDetail } from './push/subscription.js';
export type { AuditOptions, AuditResult, Leak } from './audit/audit.js';

/** The visitor's rights and the privacy texts: fetched on first use. */
const rights = () => import('./kit/rights.js');
const policy = () => import('./policy/policy.js');

/** Withdraws every granted service (also other tabs' page-view grants); resolves with their ids. */
export function withdrawAll(): Promise<string[]> {
  return rights().then((m) => m.withdrawAll());
}

/** Everything consentkit keeps about this visitor in this browser ("Download my data"). */
export function exportData(): Promise<DataExport> {
  return rights().then((m) => m.exportData());
}

/** "Delete my data": ends every consent, wipes consentkit's storage, asks `deletionEndpoint` to erase. */
export function erase(): Promise<ErasureResult> {
  return rights().then((m) => m.erase());
}

/** The services the privacy center lists, with who receives what. */
export function listServices(): Promise<ServiceInfo[]> {
  return rights().then((m) => m.listServices());
}

/**
 * Turns push notifications off: ends the browser's subscription, withdraws the consent (with a
 * withdrawal proof) and fires `ck-push-unsubscribed`. Resolves whether there was a subscription.
 */
export function unsubscribePush(): Promise<boolean> {
  return import('./push/subscription.js').then((m) => m.unsubscribePush(getConfig()));
}

/**
 * Self-check: lists in the console every request to a third-party host made before consent, with
 * the element or script that made it, and resolves with them (`clean` when there are none).
 * `since` (ms, `performance.now()`) skips earlier requests; `watch` keeps reporting new ones.
 */
export function audit(options?: AuditOptions): Promise<AuditResult> {
  return import('./audit/audit.js').then((m) => m.audit(options));
}

/** Opens the privacy settings as a dialog, e.g. from your own "Privacy settings" link. */
export async function open(): Promise<void> {
  await loadElement('ck-privacy-center');
  const { openPrivacyCenter } = await import('./elements/privacy-center/privacy-center.js');
  await openPrivacyCenter();
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
  return policy().then((m) => m.policyText(services, { locale, cookie, overrides: providers, proofs: !!endpoint, ...options }));
}

/** The same passages as data (heading, paragraphs of text and link runs), to render yourself. */
export function policySections(services: string[], options: PolicyOptions = {}): Promise<PolicySection[]> {
  const { cookie, providers, locale, endpoint } = getConfig();
  return policy().then((m) => m.policySections(services, { locale, cookie, overrides: providers, proofs: !!endpoint, ...options }));
}

// The API reads configuration synchronously: it brings the code that checks it.
useConfigCheck(checkConfig);
// Proofs a previous page could not deliver go out as soon as the page has its configuration.
queueMicrotask(startProofs);
if (typeof document !== 'undefined') defineLazily();
