import { Decision, ProofMethod, SERVICE_ID } from '../core/decision.js';
import { textVersion } from '../core/hash.js';
import { gpcApplies, pageLocale, purposeOf, recordDecision } from './runtime.js';

/** What the site's own control (a "Load all videos" link, its settings page) showed the visitor. */
export interface AllowOptions {
  /**
   * The exact words the visitor agreed to, e.g. the link's text and the sentence beside it. The
   * proof records their hash (or the text, with `proofs.includeText`): a grant without the text
   * it was given for proves nothing, so there is no default.
   */
  text: string;
  /** Keep the grant for later visits, as "Always allow" does. Default: this page only. */
  remember?: boolean;
  /** The language of `text` (`de`, `pt-BR`: the proof keeps `pt`); default: the page's. */
  locale?: string;
}

const MAX_TEXT = 4000;

/**
 * Grants `service` from the site's own interface: every `<ck-embed>` of the service on the page
 * loads (remembered or not; not generic `iframe`/`script` embeds, whose grant holds for the exact
 * host and company they show), `ck-consent` fires on `document`, and the proof says
 * `method: "api"` with the text the site names. Returns false, with a console error naming the
 * field, when the input is not usable; nothing is granted then.
 */
export function allow(service: string, options: AllowOptions): boolean {
  const refuse = (field: string, why: string) => {
    console.error(`consentkit: allow(): ${field} ${why}; nothing was granted.`);
    return false;
  };
  if (typeof service !== 'string' || !SERVICE_ID.test(service)) return refuse('service', `must be a service id (a-z, 0-9, "-"), not ${JSON.stringify(service)}`);
  if (typeof options !== 'object' || options === null) return refuse('options', 'must be an object with the text the visitor agreed to: { text }');
  const { text, remember = false, locale } = options;
  if (typeof text !== 'string' || !text.trim()) return refuse('options.text', 'must be the words the visitor agreed to (the proof needs them)');
  if (text.length > MAX_TEXT) return refuse('options.text', `is longer than ${MAX_TEXT} characters`);
  if (typeof remember !== 'boolean') return refuse('options.remember', 'must be true or false');
  const language = typeof locale === 'string' ? locale.toLowerCase().split(/[-_]/)[0]! : locale;
  if (language !== undefined && !/^[a-z]{2}$/.test(language)) return refuse('options.locale', `must be a language tag such as "de" or "pt-BR", not ${JSON.stringify(locale)}`);
  recordDecision(document, {
    service,
    decision: Decision.granted,
    // Under Global Privacy Control a listed service is not remembered: the grant lasts this visit, as a click's does.
    remembered: remember && !gpcApplies(service),
    text,
    version: textVersion(text),
    locale: language ?? pageLocale(),
    method: ProofMethod.api,
    purpose: purposeOf(service),
  });
  return true;
}
