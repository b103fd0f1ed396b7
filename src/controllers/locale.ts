import { resolveLocale, type Locale } from '../core/i18n.js';
import { isSafeLink, normalUrl } from '../core/url.js';
import { getConfig } from '../kit/runtime.js';

/** An element's locale: its own `lang`, else the nearest `lang` around it, else the config's. */
export function elementLocale(el: HTMLElement, own: string | null): Locale {
  return resolveLocale(own || el.parentElement?.closest('[lang]')?.getAttribute('lang') || getConfig().locale);
}

/** A link attribute's value, normalised, when it is http(s) or relative; otherwise a console error and undefined. */
export function checkedUrl(el: HTMLElement, attribute: string, value: string | null): string | undefined {
  if (!value) return undefined;
  if (isSafeLink(value)) return normalUrl(value);
  console.error(`consentkit: <${el.localName} ${attribute}="${value}"> must be an http(s) or relative URL; using the config's link instead.`);
  return undefined;
}

/** When the page's own scripts have run: see page-ready.ts (in the entry, so it hears the event). */
export { pageScriptsDone, pageScriptsRan } from '../kit/page-ready.js';
