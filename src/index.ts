/**
 * consentkit: two-click embeds and consent records as Lit web components.
 * Importing this module registers the elements and returns the JS API.
 */
import './elements/embed/embed.js';
import { Decision, type ConsentRecord } from './core/decision.js';
import { getStore } from './runtime.js';
import { fire } from './events.js';

export { configure, getConfig, onConsentChange } from './runtime.js';
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

/**
 * Withdraws consent for a service "with effect for the future": embeds of it on the page return
 * to their placeholders, and later visits ask again. Fires `ck-consent` on `document`.
 */
export function withdraw(service: string): void {
  const record = getStore().withdraw(service);
  if (record?.decision === Decision.denied && typeof document !== 'undefined') {
    fire(document, 'ck-consent', { service, decision: Decision.denied, remembered: record.remembered, version: record.version });
  }
}
