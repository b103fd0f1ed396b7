import { type Locale } from '../../core/i18n.js';
import { lazyTexts } from '../../i18n/load.js';
import type { PushTemplate } from '../../core/push.js';

/** Texts of `<ck-push-prompt>`, with the built-in templates. */
export interface PushTexts {
  /** Built-in templates by id; placeholders `{site}`, `{topics}`. */
  templates: Record<'default' | 'news' | 'offers', PushTemplate>;
  /** Legend of the topic checkboxes. */
  topicsLegend: string;
  /** Joins the last two topics in `{topics}`. */
  and: string;
  /** `{topics}` when the site offers no topics. */
  everything: string;
  /** The service's name in the privacy center. */
  name: string;
  /** Who receives what, in the privacy center. */
  data: string;
  blocked: string;
  /** `{reason}`. */
  failed: string;
  /** The reason when the browser's push service cannot be reached. */
  unreachable: string;
  subscribed: string;
  turnOff: string;
  turnedOff: string;
  /** Accessible name of the bell button. */
  bell: string;
}

const loaders: Record<Locale, () => Promise<PushTexts>> = {
  en: () => import('../../i18n/push/en.js').then((m) => m.en),
  de: () => import('../../i18n/push/de.js').then((m) => m.de),
  pl: () => import('../../i18n/push/pl.js').then((m) => m.pl),
  fr: () => import('../../i18n/push/fr.js').then((m) => m.fr),
};

/** The push prompt's texts for `locale`, English for missing keys or when the locale cannot be fetched. */
export const pushTexts = lazyTexts(loaders, 'push prompt');
