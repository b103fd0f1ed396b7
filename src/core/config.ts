import * as z from 'zod/mini';
import { SERVICE_ID } from './decision.js';
import { vapidKeyBytes } from './push.js';
import { LOCALES, TEXT_KEYS, type Translation } from './i18n.js';
import { isSafeLink, normalUrl, toUrl } from './url.js';

/** A URL that passes `check`, kept in its parsed, normalised form: what was checked is what gets used (see normalUrl). */
const Url = (check: (value: string) => boolean, message: string) =>
  z.pipe(z.string().check(z.refine(check, message)), z.transform((value: string) => normalUrl(value) ?? ''));

/** Links the site owner controls: absolute http(s) or relative; never `javascript:` or `data:`. */
export const SafeUrl = Url(isSafeLink, 'must be an http(s) or relative URL');

/** A URL on the page's own origin (absolute or relative), e.g. a service worker's. */
const SameOriginUrl = Url((value) => {
  const base = globalThis.location?.href ?? 'https://relative.invalid/';
  return toUrl(value, base)?.origin === new URL(base).origin;
}, "must be on the site's own origin, e.g. /sw.js");

/** Where proofs go: https, or http on localhost only (checked again by the proof client). */
export const EndpointUrl = Url((value) => {
  const url = toUrl(value, globalThis.location?.href ?? 'https://relative.invalid/');
  return url?.protocol === 'https:' || (url?.protocol === 'http:' && /^(localhost|127\.0\.0\.1|\[::1\])$/.test(url.hostname));
}, 'must be an https URL (http only on localhost)');

/** An id as services, topics and templates have them (lower-case letters, digits, dashes). */
const Id = (what: string) => z.string().check(z.regex(SERVICE_ID, `must be a ${what} id`));

const Text = z.string().check(z.maxLength(500));
/** Either one text, or one per locale: `{ "en": "…", "de": "…" }`. */
export const Localized = z.union([Text, z.record(z.string().check(z.regex(/^[a-z]{2}$/)), Text)]);

/** A language tag such as `de` or `de-AT`. */
export const LanguageTag = z.string().check(z.regex(/^[a-z]{2}(-[A-Za-z]{2,4})?$/, 'must be a language tag such as "de" or "de-AT"'));
/** The consent cookie's name and lifetime. */
export const CookieName = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 letters, digits, _ or -'));
export const CookieDays = z.number().check(z.int(), z.minimum(1), z.maximum(730));

/**
 * An extra request header for the proof endpoint. `fetch` throws on a name that is not an HTTP
 * token or on a value with a line break, and silently drops names only the browser may set:
 * either way the proof would never carry it (or never arrive). Values are trimmed as fetch does.
 * https://fetch.spec.whatwg.org/#forbidden-request-header
 */
const HeaderName = z.string().check(
  z.regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/, 'must be a header name (an HTTP token)'),
  z.refine(
    (name) => !/^(accept-(charset|encoding)|access-control-request-.*|connection|content-(length|type)|cookie2?|date|dnt|expect|host|keep-alive|origin|referer|set-cookie|te|trailer|transfer-encoding|upgrade|via|x-(http-)?method(-override)?|(proxy|sec)-.*)$/i.test(name),
    'is set by the browser (content-type: by consentkit)',
  ),
);
const trimHttp = (value: string) => value.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
const HeaderValue = z.pipe(
  z.string().check(z.maxLength(1000), z.refine((value) => /^[^\0\r\n\u0100-\uffff]*$/.test(trimHttp(value)), 'must be one line of Latin-1 text')),
  z.transform(trimHttp),
);

/** What a site owner may change about a provider without writing one. */
export const ProviderOverride = z.strictObject({
  name: z.optional(z.string().check(z.maxLength(80))),
  company: z.optional(z.string().check(z.maxLength(200))),
  address: z.optional(z.string().check(z.maxLength(300))),
  privacyUrl: z.optional(SafeUrl),
  data: z.optional(Localized),
});

/** The site's own wording for any text of the elements, e.g. `{ "chatNotice": "…" }`; placeholders as in English. */
const TextsOverride = z.partial(z.strictObject(Object.fromEntries(TEXT_KEYS.map((key) => [key, z.string().check(z.maxLength(1000))])) as Record<keyof Translation, z.ZodMiniString>));

const Short = z.string().check(z.maxLength(300));
/** A push prompt's texts; placeholders `{site}`, `{topics}`. */
export const PushTemplateSchema = z.strictObject({ title: Short, body: Short, allow: z.string().check(z.maxLength(60)), deny: z.string().check(z.maxLength(60)) });

/** The global configuration. Every field is optional; see {@link DEFAULT_CONFIG}. */
export const ConfigSchema = z.strictObject({
  /** Locale for texts when neither the element nor the page says (`lang`). */
  locale: z.optional(LanguageTag),
  /** The site's privacy policy. */
  policyUrl: z.optional(SafeUrl),
  /** The site's imprint / legal notice. */
  imprintUrl: z.optional(SafeUrl),
  cookie: z.optional(
    z.strictObject({
      name: z.optional(CookieName),
      days: z.optional(CookieDays),
    }),
  ),
  /** Where consent proofs are posted (used by the proof client). */
  endpoint: z.optional(EndpointUrl),
  /** Where "Delete my data" posts an erasure request for the visitor's subject id. */
  deletionEndpoint: z.optional(EndpointUrl),
  /** Every service the site uses, also on other pages: the privacy center lists them all. */
  services: z.optional(z.array(Id('service')).check(z.maxLength(100))),
  /** Push notifications (`<ck-push-prompt>`). */
  push: z.optional(
    z.strictObject({
      /** The site's service worker, on the site's own origin (e.g. `/sw.js`). Push needs it and `vapidPublicKey`. */
      serviceWorker: z.optional(SameOriginUrl),
      /** The application server's VAPID public key, base64url (65-byte uncompressed P-256 point). */
      vapidPublicKey: z.optional(z.string().check(z.refine((key) => !!vapidKeyBytes(key), 'must be a base64url VAPID public key (an uncompressed P-256 point, 65 bytes)'))),
      /** Where a new subscription is POSTed (and its end announced); optional. */
      subscriptionEndpoint: z.optional(EndpointUrl),
      /** Days the prompt stays away after the visitor said no (default 30). */
      cooldownDays: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(365))),
      /** The site's name in templates (`{site}`); default: the page's host. */
      site: z.optional(z.string().check(z.maxLength(80))),
      /** Topics visitors can pick, by id: `{ "news": { "en": "News", "de": "Nachrichten" } }`. */
      topics: z.optional(
        z.record(Id('topic'), Localized).check(z.refine((topics) => Object.keys(topics).length <= 20, 'must be at most 20 topics')),
      ),
      /** The site's own templates by id, per locale: `{ "launch": { "en": { "title": "…", … } } }`. */
      templates: z.optional(z.record(Id('template'), z.partialRecord(z.enum(LOCALES), PushTemplateSchema))),
    }),
  ),
  /**
   * Global Privacy Control: services that sell or share personal data or serve ads. While the
   * visitor's browser sends GPC they default to "no" (remembered grants wait, prompts stay away);
   * `exempt` switches GPC off for a service, with the reason (said in the console).
   */
  gpc: z.optional(
    z.strictObject({
      services: z.optional(z.array(Id('service')).check(z.maxLength(100))),
      exempt: z.optional(z.record(Id('service'), z.string().check(z.minLength(10, 'must give the reason in a sentence'), z.maxLength(300)))),
    }),
  ),
  /** How proofs are sent to `endpoint`. */
  proofs: z.optional(
    z.strictObject({
      /** Extra request headers, e.g. an API key for the receiver; an invalid one is left out (and named in the console). */
      headers: z.optional(z.record(HeaderName, HeaderValue)),
      /** Cookies go along only when set to `same-origin` or `include` (default `omit`). */
      credentials: z.optional(z.enum(['omit', 'same-origin', 'include'])),
      /** Record the page's query string too (default: origin and path only). */
      includeQuery: z.optional(z.boolean()),
      /** Record the exact text shown, not only its hashes (default false). */
      includeText: z.optional(z.boolean()),
      /** A label stored with every proof, e.g. the release name of your texts. */
      tag: z.optional(z.string().check(z.maxLength(100))),
      /** Most proofs kept waiting while the endpoint is unreachable (default 500). */
      queueLimit: z.optional(z.number().check(z.int(), z.minimum(10), z.maximum(10_000))),
    }),
  ),
  /** Per-provider overrides, by provider id. */
  providers: z.optional(z.record(Id('provider'), ProviderOverride)),
  /** The site's own texts per locale, e.g. `{ "de": { "chatStart": "Los geht's" } }`; rendered as text, never as HTML. */
  texts: z.optional(z.partialRecord(z.enum(LOCALES), TextsOverride)),
});

export type ConfigInput = z.input<typeof ConfigSchema>;
export { DEFAULT_CONFIG, mergeConfig, type Config, type ProofOptions, type PushOptions } from './config-defaults.js';
export type ProviderOverride = z.output<typeof ProviderOverride>;

interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  expected?: string;
  minimum?: unknown;
  maximum?: unknown;
  keys?: string[];
  issues?: Issue[];
}

/** zod/mini ships no English messages (they cost bundle size); this says the common ones plainly. */
export function describeIssue(issue: Issue): string {
  if (issue.message && issue.message !== 'Invalid input') return issue.message; // a message of our own
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'too_big':
      return `must be at most ${issue.maximum}`;
    case 'too_small':
      return `must be at least ${issue.minimum}`;
    case 'unrecognized_keys':
      return `unknown field`;
    case 'invalid_key':
      return issue.issues?.[0] ? describeIssue(issue.issues[0]) : 'is not a valid key';
    case 'invalid_union':
      return 'has the wrong shape';
    default:
      return 'is invalid';
  }
}

function dropPath(target: unknown, path: PropertyKey[]): boolean {
  if (path.length === 0) return false;
  let node = target as Record<PropertyKey, unknown>;
  for (const key of path.slice(0, -1)) {
    if (typeof node?.[key] !== 'object' || node[key] === null) return false;
    node = node[key] as Record<PropertyKey, unknown>;
  }
  return delete node[path[path.length - 1]!];
}

export interface FieldsResult<T> {
  /** The valid part of the input, invalid fields removed. */
  value: T;
  /** One line per rejected field: `"cookie.days": must be at most 730`. */
  errors: string[];
}

export type ConfigResult = FieldsResult<ConfigInput>;

/** Validates one source of configuration, names each rejected field in the console, and returns the usable rest. */
export function checkConfig(input: unknown, source: string): ConfigInput {
  const { value, errors } = validateConfig(input);
  for (const error of errors) console.error(`consentkit: config ${error} (from ${source}); using the default instead.`);
  return value;
}

/**
 * Validates configuration field by field: each invalid field is reported and dropped, so the
 * rest still applies and the dropped one falls back to its default. Never throws.
 */
export function validateConfig(input: unknown): ConfigResult {
  return validateFields(ConfigSchema, input);
}

/** Validates an object of options field by field against `schema`, as {@link validateConfig} does. */
export function validateFields<S extends z.ZodMiniType<object>>(schema: S, input: unknown): FieldsResult<z.output<S>> {
  const empty = {} as z.output<S>;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { value: empty, errors: ['(root): expected an object'] };
  }
  let draft: Record<string, unknown>;
  try {
    // Plain data only, and a copy to repair; a function or symbol becomes null, so its field is named, not silently lost.
    draft = JSON.parse(JSON.stringify(input, (_, v: unknown) => (['function', 'symbol', 'bigint'].includes(typeof v) ? null : v))) as Record<string, unknown>;
  } catch {
    return { value: empty, errors: ['(root): must be plain JSON data'] };
  }
  const errors: string[] = [];
  // Each round drops the fields zod rejected; unknown keys are dropped by name.
  for (let round = 0; round < 10; round++) {
    const result = schema.safeParse(draft);
    if (result.success) return { value: result.data, errors };
    for (const issue of result.error.issues as Issue[]) {
      const paths = issue.code === 'unrecognized_keys' ? (issue.keys ?? []).map((k) => [...issue.path, k]) : [issue.path];
      for (const path of paths) {
        errors.push(`"${path.map(String).join('.') || '(root)'}": ${describeIssue(issue)}`);
        dropPath(draft, path);
      }
    }
  }
  return { value: empty, errors: [...errors, '(root): could not be repaired'] };
}
