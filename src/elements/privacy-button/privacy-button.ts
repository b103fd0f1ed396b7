import { LitElement, html, nothing } from 'lit';
import { Pending } from '../../controllers/pending.js';
import { TextsController } from '../../controllers/texts-controller.js';
import { styles } from './privacy-button.styles.js';
import { centerTexts } from '../privacy-center/texts.js';
import { afterConfig } from '../../kit/runtime.js';

/**
 * A small, always reachable launcher of the privacy settings: one click from any page back to
 * the visitor's choices. Floating in a bottom corner, or inline (a footer link, say).
 *
 * @tag ck-privacy-button
 * @attr floating - fixed to the bottom corner of the window (start side; chat bubbles take the end side)
 * @attr label - text of the button; default "Privacy settings"
 * @attr lang - locale of the text; default: the nearest `lang` on the page, then the config
 *
 * @csspart button - the button
 *
 * @cssprop --ck-accent - background of the floating button and focus ring (default #1a56db)
 * @cssprop --ck-accent-text - its text (default #fff)
 */
export class CkPrivacyButton extends LitElement {
  /** Waits for the configuration to be checked before the first (and any) update: see afterConfig. */
  protected override scheduleUpdate(): void | Promise<unknown> {
    return afterConfig(() => super.scheduleUpdate());
  }

  static override styles = styles;

  static override properties = {
    floating: { type: Boolean, reflect: true },
    label: {},
    langAttribute: { attribute: 'lang' },
    text: { state: true, attribute: false },
  };

  /** Fixed to the bottom corner of the window. */
  declare floating: boolean;
  /** Text of the button. */
  declare label: string | null;
  /** Mirrors the `lang` attribute. */
  declare langAttribute: string | null;
  declare private text: string | undefined;
  private readonly pending = new Pending();
  private readonly i18n = new TextsController(this, {
    lang: () => this.langAttribute,
    load: centerTexts,
    pending: this.pending,
    arrived: (c) => (this.text = c.button),
  });

  constructor() {
    super();
    this.floating = false;
    this.label = this.langAttribute = null;
  }

  protected override willUpdate(): void {
    this.i18n.pick();
  }

  /** Resolves once the button's text is loaded and shown. */
  protected override getUpdateComplete(): Promise<boolean> {
    return this.pending.settle(() => super.getUpdateComplete());
  }

  /** The center's code is fetched on the first click, not with the button. */
  private openCenter(): void {
    void import('../privacy-center/privacy-center.js').then((m) => m.openPrivacyCenter());
  }

  protected override render() {
    const text = this.label ?? this.text;
    if (!text) return nothing;
    return html`<button part="button" type="button" aria-haspopup="dialog" lang=${this.i18n.locale} @click=${this.openCenter}>${text}</button>`;
  }
}

if (!customElements.get('ck-privacy-button')) customElements.define('ck-privacy-button', CkPrivacyButton);

declare global {
  interface HTMLElementTagNameMap {
    'ck-privacy-button': CkPrivacyButton;
  }
}
