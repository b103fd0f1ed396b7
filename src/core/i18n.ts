import { en } from '../i18n/en.js';

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

/** A text, or one per locale (`{ en: '…', de: '…' }`); English is the fallback. */
export type Localized = string | Record<string, string>;

export const LOCALES = ['en', 'de', 'pl', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];

// Locales other than English are fetched only when a visitor needs them.
const loaders: Record<Exclude<Locale, 'en'>, () => Promise<Translation>> = {
  de: () => import('../i18n/de.js').then((m) => m.de),
  pl: () => import('../i18n/pl.js').then((m) => m.pl),
  fr: () => import('../i18n/fr.js').then((m) => m.fr),
};
const loaded = new Map<Locale, Translation>([['en', en]]);

/** The supported locale for a language tag (`de-AT` → `de`); English when unsupported. */
export function resolveLocale(tag: string | null | undefined): Locale {
  const base = (tag ?? '').toLowerCase().split(/[-_]/)[0] as Locale;
  return (LOCALES as readonly string[]).includes(base) ? base : 'en';
}

/** The translation if already loaded (English always is), else undefined. */
export function translation(locale: Locale): Translation | undefined {
  return loaded.get(locale);
}

/** Loads a locale once; on failure (e.g. a chunk that cannot be fetched) falls back to English. */
export async function loadTranslation(locale: Locale): Promise<Translation> {
  const ready = loaded.get(locale);
  if (ready) return ready;
  try {
    const t = await loaders[locale as Exclude<Locale, 'en'>]();
    loaded.set(locale, { ...en, ...t });
  } catch (e) {
    console.error(`consentkit: could not load the "${locale}" texts; showing English.`, e);
    loaded.set(locale, en);
  }
  return loaded.get(locale)!;
}

/** Picks the text for a locale from a {@link Localized} value. */
export function localize(text: Localized, locale: Locale): string {
  return typeof text === 'string' ? text : (text[locale] ?? text.en ?? Object.values(text)[0] ?? '');
}

/** Fills `{name}` placeholders. Unknown placeholders stay as written. The result is plain text. */
export function format(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (Object.hasOwn(values, key) ? values[key]! : whole));
}

/**
 * Per-locale text modules fetched on first use, each merged over English so a missing key never
 * shows blank. Shared by the elements whose texts load with them.
 */
export function lazyTexts<T extends object>(modules: Record<Locale, () => Promise<T>>, what: string): (locale: Locale) => Promise<T> {
  const loaded = new Map<Locale, Promise<T>>();
  return (locale) => {
    let texts = loaded.get(locale);
    if (!texts) {
      const own = modules[locale]().catch((e: unknown) => {
        console.error(`consentkit: could not load the "${locale}" ${what} texts; showing English.`, e);
        return {};
      });
      texts = Promise.all([modules.en(), own]).then(([en, t]) => ({ ...en, ...t }) as T);
      loaded.set(locale, texts);
    }
    return texts;
  };
}
