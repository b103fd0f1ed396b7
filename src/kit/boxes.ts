import { HINTS } from '../providers/hints.js';

/**
 * The box each element takes, reserved by the document before the element's code has arrived
 * (`:not(:defined)`), so a page does not move when elements upgrade: the same box the element
 * gives itself, with default attributes. `<ck-embed>`: its provider's box (embed.styles.ts).
 * An inline chat launcher: its button, one line plus 1em of padding (chat-gate.styles.ts); the
 * push bell: its button (push-prompt.ts); both centred on the line as the elements are. Floating
 * launchers and buttons, a push prompt before it shows, take no room in the page either way.
 * Zero specificity (`:where`): any CSS of the site's for the element wins, as it does later.
 * A constructed stylesheet, so a strict `style-src` needs no exception.
 */
export function boxRules(): string {
  const rule = (selector: string, css: string, tag = 'ck-embed') => `:where(${tag}${selector}:not(:defined)){${css}}`;
  const line = 'display:inline-block;vertical-align:middle;min-height:';
  const rules = [
    rule('', 'display:block;width:100%;max-width:100%'),
    rule(':not([launcher=floating])', `${line}calc(1lh + 1em)`, 'ck-chat-gate'),
    rule('[variant=bell]', `${line}calc(1.7em + 2px)`, 'ck-push-prompt'),
  ];
  for (const [id, { layout, box }] of Object.entries(HINTS)) {
    const width = typeof box.width === 'number' ? `${box.width}px` : (box.width ?? (layout === 'box' ? '100%' : 'auto'));
    const size = box.aspectRatio ? `aspect-ratio:${box.aspectRatio}` : box.height ? `height:${box.height}px` : '';
    rules.push(rule(`[provider="${id}"]`, `${layout === 'compact' ? 'display:inline-block;vertical-align:middle;' : ''}width:${width};${size}`));
  }
  return rules.join('');
}

/** The same rules, written into the drop-in by the build (vite.config.ts); undefined in every other build and from source. */
declare const __CK_BOX_RULES__: string | undefined;

/** Adopts {@link boxRules} into `doc`, unless the drop-in has already done so before the first paint. */
export function reserveBoxes(doc: Document): void {
  if (typeof __CK_BOX_RULES__ === 'string') return; // the drop-in's build: it adopted them (and this code goes)
  const Sheet = doc.defaultView?.CSSStyleSheet;
  if (!Sheet || !('adoptedStyleSheets' in doc) || !('replaceSync' in Sheet.prototype)) return;
  const sheet = new Sheet();
  sheet.replaceSync(boxRules());
  doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
}
