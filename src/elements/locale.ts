import { resolveLocale, type Locale } from '../core/i18n.js';
import { getConfig } from '../runtime.js';

/** An element's locale: its own `lang`, else the nearest `lang` around it, else the config's. */
export function elementLocale(el: HTMLElement, own: string | null): Locale {
  return resolveLocale(own || el.parentElement?.closest('[lang]')?.getAttribute('lang') || getConfig().locale);
}
