import type { z } from 'zod/mini';
import type { ConfigInput, ConfigSchema, ProviderOverride } from './config.js';
import type { Locale, Translation } from './i18n.js';

/**
 * The merged configuration and its defaults: what every element reads. Free of the schema
 * (config.ts), so a page whose configuration needs no checking never downloads zod.
 */
export interface Config {
  locale: string;
  policyUrl?: string;
  imprintUrl?: string;
  cookie: { name: string; days: number };
  endpoint?: string;
  deletionEndpoint?: string;
  services: string[];
  push: PushOptions;
  gpc: { services: string[]; exempt: Record<string, string> };
  proofs: ProofOptions;
  providers: Record<string, ProviderOverride>;
  texts: Partial<Record<Locale, Partial<Translation>>>;
}

export type ProofOptions = NonNullable<z.output<typeof ConfigSchema>['proofs']>;
export type PushOptions = NonNullable<z.output<typeof ConfigSchema>['push']>;

export const DEFAULT_CONFIG: Config = Object.freeze({
  locale: 'en',
  cookie: { name: 'consentkit', days: 365 },
  services: [],
  push: {},
  gpc: { services: [], exempt: {} },
  proofs: {},
  providers: {},
  texts: {},
});

/** Merges validated inputs over the defaults, later sources winning. */
export function mergeConfig(...inputs: ConfigInput[]): Config {
  const config: Config = { ...DEFAULT_CONFIG, cookie: { ...DEFAULT_CONFIG.cookie }, services: [], push: {}, gpc: { services: [], exempt: {} }, proofs: {}, providers: {}, texts: {} };
  const defined = (o: object) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  for (const input of inputs) {
    const { cookie, proofs, providers, texts, services, push, gpc, ...rest } = input;
    Object.assign(config, defined(rest));
    if (cookie) Object.assign(config.cookie, defined(cookie));
    if (proofs) Object.assign(config.proofs, defined(proofs));
    if (push) config.push = { ...config.push, ...defined(push), topics: { ...config.push.topics, ...push.topics }, templates: { ...config.push.templates, ...push.templates } };
    config.services = [...new Set([...config.services, ...(services ?? [])])];
    if (gpc) config.gpc = { services: [...new Set([...config.gpc.services, ...(gpc.services ?? [])])], exempt: { ...config.gpc.exempt, ...gpc.exempt } };
    for (const [id, override] of Object.entries(providers ?? {})) config.providers[id] = { ...config.providers[id], ...override };
    for (const [locale, own] of Object.entries(texts ?? {}) as [Locale, Partial<Translation>][]) config.texts[locale] = { ...config.texts[locale], ...own };
  }
  return config;
}
