import type { Locale } from '../core/i18n.js';

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
