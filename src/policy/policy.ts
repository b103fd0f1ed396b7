import * as z from 'zod/mini';
import { CookieDays, CookieName, ProviderOverride, SafeUrl, validateFields } from '../core/config.js';
import { format, localize, resolveLocale } from '../core/i18n.js';
import { lazyTexts } from '../i18n/load.js';
import type { ProviderMeta } from '../providers/provider.js';
import { loadProvider } from '../providers/registry.js';

/** Templates of the policy passage; `{placeholders}` as in the English file. */
export interface PolicyTexts {
  intro: string;
  loading: string;
  basis: string;
  storage: string;
  withdrawSettings: string;
  withdrawCookie: string;
  /** Text of the link to the privacy settings. */
  settings: string;
  /** The purpose of a provider that names none. */
  purpose: string;
  /** That decisions are logged as proof (only when they are). */
  proofs: string;
}

/** The passages' texts for a locale, fetched once, English for anything missing. */
const texts = lazyTexts<PolicyTexts>(
  {
    en: () => import('../i18n/policy/en.js').then((m) => m.en),
    de: () => import('../i18n/policy/de.js').then((m) => m.de),
    pl: () => import('../i18n/policy/pl.js').then((m) => m.pl),
    fr: () => import('../i18n/policy/fr.js').then((m) => m.fr),
  },
  'privacy-policy',
);

/** A run of a paragraph: text, or a link. */
export type PolicyRun = string | { text: string; href: string };

/** One service's passage: a heading and its paragraphs. */
export interface PolicySection {
  service: string;
  heading: string;
  paragraphs: PolicyRun[][];
}

export interface PolicyOptions {
  /** Language of the passage (`en`, `de`, `pl`, `fr`); default `en`. */
  locale?: string;
  /** `text`, `markdown` or `html` (escaped; safe to insert). Default `text`. */
  format?: 'text' | 'markdown' | 'html';
  /** Where visitors change their choices (the privacy center); without it, the passage says to delete the cookie. */
  settingsUrl?: string;
  /** The consent cookie's name and lifetime, as configured. */
  cookie?: { name: string; days: number };
  /** Per-service overrides of name, company, address, policy and data, as in the config. */
  overrides?: Record<string, Partial<Pick<ProviderMeta, 'name' | 'company' | 'address' | 'privacyUrl'>> & { data?: ProviderMeta['data'] }>;
  /** True when decisions are logged as consent proofs (an `endpoint` is configured). */
  proofs?: boolean;
  /** Heading level for `markdown` and `html` (default 3). */
  headingLevel?: 2 | 3 | 4 | 5 | 6;
}

/**
 * Every option, checked as config fields are: plain JavaScript callers are not held to the types,
 * and each value ends up in markup. URLs come out parsed and normalised (see normalUrl).
 */
const OptionsSchema = z.strictObject({
  locale: z.optional(z.string().check(z.regex(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$/, 'must be a language tag such as "de" or "de-AT"'))),
  format: z.optional(z.enum(['text', 'markdown', 'html'])),
  settingsUrl: z.optional(SafeUrl),
  cookie: z.optional(z.strictObject({ name: z.optional(CookieName), days: z.optional(CookieDays) })),
  overrides: z.optional(z.record(z.string(), ProviderOverride)),
  proofs: z.optional(z.boolean()),
  headingLevel: z.optional(z.number().check(z.int(), z.minimum(2), z.maximum(6))),
});
type CheckedOptions = z.output<typeof OptionsSchema>;

/** The valid options; each invalid one is named in the console and falls back to its default. */
function checkOptions(options: unknown): CheckedOptions {
  const { value, errors } = validateFields(OptionsSchema, options ?? {});
  for (const error of errors) console.error(`consentkit: policyText option ${error}; using the default instead.`);
  return value;
}

/** The service ids among `services`; anything else is named in the console and left out. */
function checkServices(services: unknown): string[] {
  const ids = Array.isArray(services) ? services.filter((id): id is string => typeof id === 'string') : [];
  if (!Array.isArray(services) || ids.length < services.length) console.error('consentkit: policyText: services must be an array of service ids, e.g. ["youtube"]; leaving out what is not one.');
  return ids;
}

/**
 * The privacy-policy passages for the services a site uses, from the providers' metadata: who
 * the provider is, what for, what data goes there, the legal basis, how long the choice is
 * stored and how to withdraw. Unknown ids are skipped with a console error.
 */
export async function policySections(services: string[], options: PolicyOptions = {}): Promise<PolicySection[]> {
  return sectionsFor(checkServices(services), checkOptions(options));
}

async function sectionsFor(services: string[], options: CheckedOptions): Promise<PolicySection[]> {
  const locale = resolveLocale(options.locale);
  const t = await texts(locale);
  const cookie = { name: 'consentkit', days: 365, ...options.cookie };
  const sections: PolicySection[] = [];
  for (const id of services) {
    const o = options.overrides?.[id] ?? {};
    // A service embedded with the generic `iframe`/`script` provider: described by the overrides.
    const described = !!(o.name && o.company && o.address && o.privacyUrl);
    const provider = (await loadProvider(id)) ?? (described ? await loadProvider('iframe') : undefined);
    if (!provider) {
      console.error(`consentkit: policyText: there is no provider "${id}" (for a service of your own, give its name, company, address and privacyUrl in the config's providers); it is left out.`);
      continue;
    }
    const vars = {
      service: o.name ?? provider.name,
      company: o.company ?? provider.company,
      address: o.address ?? provider.address,
      purpose: provider.purposeText ? localize(provider.purposeText, locale) : t.purpose,
      cookie: cookie.name,
      days: String(cookie.days),
    };
    const data = format(localize(o.data ?? provider.data, locale), vars);
    const links = {
      providerPolicy: { text: o.privacyUrl ?? provider.privacyUrl, href: o.privacyUrl ?? provider.privacyUrl },
      ...(options.settingsUrl && { settings: { text: t.settings, href: options.settingsUrl } }),
    };
    sections.push({
      service: id,
      heading: vars.service,
      paragraphs: [
        runs(t.intro, vars, links),
        runs(t.loading, { ...vars, data }, links),
        runs(t.basis, vars, links),
        runs(t.storage, vars, links),
        runs(options.settingsUrl ? t.withdrawSettings : t.withdrawCookie, vars, links),
        ...(options.proofs ? [runs(t.proofs, vars, links)] : []),
      ],
    });
  }
  return sections;
}

/** The passages as one string in the chosen format. */
export async function policyText(services: string[], options: PolicyOptions = {}): Promise<string> {
  const checked = checkOptions(options);
  const sections = await sectionsFor(checkServices(services), checked);
  const level = checked.headingLevel ?? 3;
  switch (checked.format ?? 'text') {
    case 'html':
      return sections
        .map((s) => [`<h${level}>${escapeHtml(s.heading)}</h${level}>`, ...s.paragraphs.map((p) => `<p>${p.map(htmlRun).join('')}</p>`)].join('\n'))
        .join('\n');
    case 'markdown':
      return sections.map((s) => [`${'#'.repeat(level)} ${escapeMarkdown(s.heading)}`, ...s.paragraphs.map((p) => p.map(markdownRun).join(''))].join('\n\n')).join('\n\n');
    default:
      return sections.map((s) => [s.heading, ...s.paragraphs.map((p) => p.map(textRun).join(''))].join('\n\n')).join('\n\n\n');
  }
}

/** Splits a template into text and link runs; `{name}` of a link becomes that link. */
function runs(template: string, vars: Record<string, string>, links: Record<string, { text: string; href: string }>): PolicyRun[] {
  return template
    .split(/(\{\w+\})/)
    .filter(Boolean)
    .map((piece) => {
      const key = /^\{(\w+)\}$/.exec(piece)?.[1];
      if (key && links[key]) return links[key]!;
      return key && Object.hasOwn(vars, key) ? vars[key]! : piece;
    })
    .reduce<PolicyRun[]>((all, run) => {
      const last = all[all.length - 1];
      if (typeof run === 'string' && typeof last === 'string') all[all.length - 1] = last + run;
      else all.push(run);
      return all;
    }, []);
}

const textRun = (r: PolicyRun) => (typeof r === 'string' ? r : r.text === r.href ? r.href : `${r.text} (${r.href})`);
const markdownRun = (r: PolicyRun) => (typeof r === 'string' ? escapeMarkdown(r) : `[${escapeMarkdown(r.text)}](${markdownHref(r.href)})`);
const htmlRun = (r: PolicyRun) => (typeof r === 'string' ? escapeHtml(r) : `<a href="${escapeHtml(r.href)}">${escapeHtml(r.text)}</a>`);

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Text that markdown reads as text: one line, every character it could take for syntax escaped.
 * (Block syntax such as `- ` or `1. ` counts only at a line's start, where every template puts its own words.)
 */
function escapeMarkdown(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').replace(/([\\`*_{}[\]()#+!|<>~&])/g, '\\$1');
}

/** A link destination that ends where it should: no space, bracket, parenthesis or backslash raw (the URL is already normalised). */
function markdownHref(href: string): string {
  return href.replace(/[\0- ()<>\\\x7f]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
