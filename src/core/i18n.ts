/** Every text the elements show. Placeholders in `{braces}` are filled by {@link format}. */
export interface Translation {
  /** Button that loads the third-party content: `{service}`. */
  load: string;
  /** Button that opens a link to the third party (chats, share links): `{service}`. */
  open: string;
  /** Checkbox that remembers the decision: `{service}`. */
  always: string;
  /** Who provides the service: `{company}`, `{address}`. */
  provider: string;
  /** Said while the browser sends Global Privacy Control and the site lists the service under `gpc`: `{service}`. */
  gpcNote: string;
  /** Where generic content (any iframe or script) comes from: `{host}`. */
  from: string;
  /** Link to the provider's privacy policy: `{company}`. */
  policy: string;
  /** Link to the site's own privacy policy. */
  sitePolicy: string;
  /** Shown instead of the button when an embed is misconfigured. */
  unavailable: string;
  /** Link to the site's imprint / legal notice. */
  imprint: string;
  /** `<ck-chat-gate>`: the launcher button. */
  chatLauncher: string;
  /** `<ck-chat-gate>`: heading of the notice: `{service}`. */
  chatTitle: string;
  /**
   * `<ck-chat-gate>`: the short notice. `{service}`, `{company}`, `{address}`, `{data}` (what the
   * provider receives), `{purpose}`; `{policyLink}` and `{imprintLink}` become links.
   */
  chatNotice: string;
  /** `<ck-chat-gate>`: what `{purpose}` says when the provider names no purpose of its own. */
  chatPurpose: string;
  /** `<ck-chat-gate>`: the checkbox, never pre-ticked: `{company}`, `{service}`. */
  chatConsent: string;
  /** `<ck-chat-gate>`: the button that starts the chat. */
  chatStart: string;
  /** `<ck-chat-gate>`: closes the notice without deciding. */
  chatLater: string;
  /** `<ck-chat-gate>`: why "Start chat" does not work yet. */
  chatHint: string;
}

/** Every key of {@link Translation}, for checks that must know them without loading English. */
export const TEXT_KEYS = ['load', 'open', 'always', 'provider', 'gpcNote', 'from', 'policy', 'sitePolicy', 'unavailable', 'imprint', 'chatLauncher', 'chatTitle', 'chatNotice', 'chatPurpose', 'chatConsent', 'chatStart', 'chatLater', 'chatHint'] as const satisfies readonly (keyof Translation)[];
// A key added to Translation but not to TEXT_KEYS fails to compile here.
const allKeys: Exclude<keyof Translation, (typeof TEXT_KEYS)[number]> extends never ? true : never = true;
void allKeys;

/** A text, or one per locale (`{ en: '…', de: '…' }`); English is the fallback. */
export type Localized = string | Record<string, string>;

export const LOCALES = ['en', 'de', 'pl', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];

/** The supported locale for a language tag (`de-AT` → `de`); English when unsupported. */
export function resolveLocale(tag: string | null | undefined): Locale {
  const base = (tag ?? '').toLowerCase().split(/[-_]/)[0] as Locale;
  return (LOCALES as readonly string[]).includes(base) ? base : 'en';
}

/** Picks the text for a locale from a {@link Localized} value. */
export function localize(text: Localized, locale: Locale): string {
  return typeof text === 'string' ? text : (text[locale] ?? text.en ?? Object.values(text)[0] ?? '');
}

/** Fills `{name}` placeholders. Unknown placeholders stay as written. The result is plain text. */
export function format(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (Object.hasOwn(values, key) ? values[key]! : whole));
}
