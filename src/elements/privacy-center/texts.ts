import { type Locale } from '../../core/i18n.js';
import { lazyTexts } from '../../i18n/load.js';

/** Texts of `<ck-privacy-center>` and `<ck-privacy-button>`; placeholders in `{braces}`. */
export interface CenterTexts {
  title: string;
  intro: string;
  /** No service to list. */
  none: string;
  allowedRemembered: string;
  allowedOnce: string;
  notAllowed: string;
  /** A remembered grant that Global Privacy Control holds back (see config `gpc`). */
  gpcHeld: string;
  /** Withdraws a consent Global Privacy Control holds back: `{service}`. */
  gpcWithdraw: string;
  /** `{date}`, `{version}`. */
  decided: string;
  /** The switch of a service: `{service}`. */
  allow: string;
  /** Why a service named only on the page (a generic iframe or script) cannot be allowed here. */
  allowWhereShown: string;
  /** Push notifications, on a page without `<ck-push-prompt>`: name, what happens, where to turn them on. */
  pushName: string;
  pushData: string;
  pushWhereShown: string;
  /** In place of the company, for a purpose of the site's own (a chat's extra checkbox). */
  ownPurpose: string;
  withdrawAll: string;
  dataTitle: string;
  dataText: string;
  exportData: string;
  erase: string;
  eraseConfirm: string;
  /** Added to `eraseConfirm` when a `deletionEndpoint` is configured. */
  eraseRemote: string;
  eraseYes: string;
  eraseNo: string;
  erased: string;
  erasureQueued: string;
  erasureSent: string;
  /** `{reason}`. */
  erasureDropped: string;
  /** Status lines: `{service}`. */
  allowed: string;
  withdrawn: string;
  allWithdrawn: string;
  /** `{file}`. */
  exported: string;
  close: string;
  /** Text of `<ck-privacy-button>`. */
  button: string;
}

// Fetched with the element, one locale at a time.
const loaders: Record<Locale, () => Promise<CenterTexts>> = {
  en: () => import('../../i18n/center/en.js').then((m) => m.en),
  de: () => import('../../i18n/center/de.js').then((m) => m.de),
  pl: () => import('../../i18n/center/pl.js').then((m) => m.pl),
  fr: () => import('../../i18n/center/fr.js').then((m) => m.fr),
};
/** The center's texts for `locale`, English for any missing key or when the locale cannot be fetched. */
export const centerTexts = lazyTexts(loaders, 'privacy-center');
