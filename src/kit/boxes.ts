import { HINTS } from '../providers/hints.js';

/**
 * The box each `<ck-embed>` takes, reserved by the document before the element's code has
 * arrived (`:not(:defined)`), so a page does not move when placeholders upgrade: the same box
 * the element gives itself (embed.styles.ts), for a built-in provider's default attributes.
 * Zero specificity (`:where`): any CSS of the site's for the element wins, as it does later.
 * A constructed stylesheet, so a strict `style-src` needs no exception.
 */
export function reserveBoxes(doc: Document): void {
  const Sheet = doc.defaultView?.CSSStyleSheet;
  if (!Sheet || !('adoptedStyleSheets' in doc) || !('replaceSync' in Sheet.prototype)) return;
  const rule = (selector: string, css: string) => `:where(ck-embed${selector}:not(:defined)){${css}}`;
  const rules = [rule('', 'display:block;width:100%;max-width:100%')];
  for (const [id, { layout, box }] of Object.entries(HINTS)) {
    const width = typeof box.width === 'number' ? `${box.width}px` : (box.width ?? (layout === 'box' ? '100%' : 'auto'));
    const size = box.aspectRatio ? `aspect-ratio:${box.aspectRatio}` : box.height ? `height:${box.height}px` : '';
    rules.push(rule(`[provider="${id}"]`, `${layout === 'compact' ? 'display:inline-block;vertical-align:middle;' : ''}width:${width};${size}`));
  }
  const sheet = new Sheet();
  sheet.replaceSync(rules.join(''));
  doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
}
