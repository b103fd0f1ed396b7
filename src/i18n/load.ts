/**
 * Loading texts: English travels with every element; other locales are fetched only when a
 * visitor needs them. The lookup itself (locales, `format`, `localize`) is pure, in core/i18n.ts.
 */
import type { Locale, Translation } from '../core/i18n.js';
import { en } from './en.js';

// Locales other than English are fetched only when a visitor needs them.
const loaders: Record<Exclude<Locale, 'en'>, () => Promise<Translation>> = {
  de: () => import('./de.js').then((m) => m.de),
  pl: () => import('./pl.js').then((m) => m.pl),
  fr: () => import('./fr.js').then((m) => m.fr),
};
const loaded = new Map<Locale, Translation>([['en', en]]);

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
