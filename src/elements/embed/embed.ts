import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { Decision } from '../../core/decision.js';
import { textVersion } from '../../core/hash.js';
import { format, loadTranslation, localize, resolveLocale, translation, type Locale, type Translation } from '../../core/i18n.js';
import { SafeUrl } from '../../core/config.js';
import { isHttpsOn } from '../../core/url.js';
import { fire } from '../../events.js';
import type { Box, Provider, Widget } from '../../providers/provider.js';
import { getProvider } from '../../providers/registry.js';
import { getConfig, getStore, onConsentChange, recordDecision } from '../../runtime.js';
import { ProofMethod } from '../../core/proof.js';
import { styles } from './embed.styles.js';

const Status = { placeholder: 'placeholder', loaded: 'loaded', invalid: 'invalid' } as const;
type Status = (typeof Status)[keyof typeof Status];

/** Attributes of the element itself; every other attribute is a parameter for the provider. */
const OWN_ATTRIBUTES = new Set(['provider', 'layout', 'lang', 'policy-url', 'class', 'style', 'id', 'slot', 'part', 'hidden', 'tabindex']);

let uid = 0;

/**
 * A two-click placeholder that loads a third-party widget only after the visitor agrees.
 * Before the click nothing in it points to a third-party host; the placeholder occupies the
 * widget's box so the swap causes no layout shift.
 *
 * @tag ck-embed
 * @attr provider - id of a registered provider: `youtube`, `facebook-share`, `facebook-page` or your own
 * @attr lang - locale of the texts (`en`, `de`, `pl`, `fr`); default: the nearest `lang` on the page, then the config
 * @attr policy-url - the site's privacy policy, linked in the placeholder; default: config `policyUrl`
 * @attr video-id, url, start, title, tabs, width, height, … - the provider's parameters (see its file in `src/providers/`)
 *
 * @fires ck-before-load - cancelable; the widget is about to load; detail: {service, automatic}
 * @fires ck-consent - the visitor decided; detail: {service, decision, remembered, version}
 * @fires ck-load - the widget was inserted; detail: {service, automatic}
 *
 * @csspart container - the box that holds placeholder and widget
 * @csspart title - the service's name
 * @csspart text - what is transferred to whom
 * @csspart link - links to the provider's and the site's privacy policies
 * @csspart button - the "Load …" button
 * @csspart toggle - the "Always allow …" label, checkbox included
 * @csspart checkbox - the "Always allow …" checkbox
 * @csspart trigger - compact providers (share buttons): the small button that opens the details
 * @csspart panel - compact providers: the details panel
 * @csspart widget - the loaded third-party iframe
 *
 * @cssprop --ck-accent - colour of buttons and focus rings (default #1a56db)
 * @cssprop --ck-accent-text - text on accent-coloured buttons (default #fff)
 * @cssprop --ck-bg - placeholder background (default #f3f4f6)
 * @cssprop --ck-fg - placeholder text colour (default #1f2937)
 * @cssprop --ck-radius - corner radius (default 6px)
 * @cssprop --ck-font - font of the placeholder (default: inherited)
 */
export class CkEmbed extends LitElement {
  static override styles = styles;

  static override properties = {
    provider: { type: String, reflect: true },
    langAttribute: { attribute: 'lang' },
    policyUrl: { attribute: 'policy-url' },
    status: { state: true },
    remember: { state: true },
    open: { state: true },
    texts: { state: true },
  };

  /** Id of a registered provider. */
  declare provider: string;
  /** Mirrors the `lang` attribute, so a change re-renders the texts. */
  declare langAttribute: string | null;
  /** The site's privacy policy for this element; overrides config `policyUrl`. */
  declare policyUrl: string | null;

  declare private status: Status;
  declare private remember: boolean;
  declare private open: boolean;
  declare private texts: Translation | undefined;
  private sitePolicy: string | undefined;

  private source: Provider<any> | undefined;
  private params: unknown;
  private widget: Widget | undefined;
  private locale: Locale = 'en';
  private wantedLocale: Locale = 'en';
  private unsubscribe?: () => void;
  private readonly panelId = `ck-embed-panel-${++uid}`;

  constructor() {
    super();
    this.provider = '';
    this.langAttribute = null;
    this.policyUrl = null;
    this.status = Status.placeholder;
    this.remember = false;
    this.open = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.unsubscribe = onConsentChange(({ service }) => {
      if (service === null || service === this.source?.id) this.sync();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe?.();
  }

  /** The service id this element gates (the provider id). */
  get service(): string {
    return this.source?.id ?? '';
  }

  /** True once the third-party widget is on the page. */
  get loaded(): boolean {
    return this.status === Status.loaded;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('provider')) this.resolve();
    if (changed.has('provider') || changed.has('langAttribute')) this.pickLocale();
    if (changed.has('policyUrl')) this.sitePolicy = this.checkPolicyUrl();
    if (changed.has('provider')) this.sync();
  }

  protected override updated(): void {
    // Sizes go through CSSOM: a strict CSP blocks style attributes, not style properties.
    const box: Box = this.source && this.status !== Status.invalid ? this.source.box(this.params) : {};
    const width = typeof box.width === 'number' ? `${box.width}px` : box.width;
    this.setBoxProperty('--ck-box-width', width);
    this.setBoxProperty('--ck-box-height', box.height && !box.aspectRatio ? `${box.height}px` : undefined);
    this.setBoxProperty('--ck-box-ratio', box.aspectRatio);
    // Compact widgets sit in the text flow (share buttons); the stylesheet keys on this.
    if (this.source) this.setAttribute('layout', this.source.layout);
    else this.removeAttribute('layout');
  }

  private setBoxProperty(name: string, value: string | undefined): void {
    if (value) this.style.setProperty(name, value);
    else this.style.removeProperty(name);
  }

  /** Looks up the provider and validates this element's attributes as its parameters. */
  private resolve(): void {
    this.source = getProvider(this.provider);
    this.widget = undefined;
    this.status = Status.placeholder;
    if (!this.source) {
      return this.fail(`there is no provider "${this.provider}"`);
    }
    const attributes: Record<string, string> = {};
    for (const name of this.getAttributeNames()) {
      if (!OWN_ATTRIBUTES.has(name) && !name.startsWith('aria-') && !name.startsWith('data-')) attributes[name] = this.getAttribute(name)!;
    }
    const result = this.source.params.safeParse(attributes);
    if (!result.success) {
      const reasons = result.error.issues.map((i) => `"${i.path.join('.')}" ${i.message === 'Invalid input' ? 'is missing or invalid' : i.message}`);
      return this.fail(reasons.join('; '));
    }
    this.params = result.data;
  }

  private fail(reason: string): void {
    this.status = Status.invalid;
    console.error(`consentkit: <ck-embed provider="${this.provider}"> cannot load: ${reason}. Nothing third-party is loaded.`, this);
  }

  /** Switches texts to the wanted locale once they are loaded; until then the current ones stay. */
  private pickLocale(): void {
    const tag = this.langAttribute || this.parentElement?.closest('[lang]')?.getAttribute('lang') || getConfig().locale;
    const wanted = resolveLocale(tag);
    this.wantedLocale = wanted;
    const ready = translation(wanted);
    if (ready) return this.setTexts(wanted, ready);
    void loadTranslation(wanted).then((t) => {
      if (this.wantedLocale === wanted) this.setTexts(wanted, t);
    });
  }

  private setTexts(locale: Locale, texts: Translation): void {
    this.locale = locale;
    this.texts = texts;
  }

  /** Brings the element in line with the store: load on a remembered grant, revert on withdrawal. */
  private sync(): void {
    if (!this.source || this.status === Status.invalid) return;
    const store = getStore();
    const record = store.get(this.source.id);
    if (this.status === Status.loaded && record?.decision !== Decision.granted) {
      this.status = Status.placeholder;
      this.widget = undefined;
    } else if (this.status === Status.placeholder && store.isAlwaysAllowed(this.source.id)) {
      this.show(true);
    }
  }

  /** Inserts the widget unless a `ck-before-load` listener vetoes it. */
  private show(automatic: boolean): boolean {
    const provider = this.source!;
    if (!fire(this, 'ck-before-load', { service: provider.id, automatic }, true)) return false;
    const widget = provider.build(this.params, { locale: this.locale, pageUrl: pageUrl() });
    if (!isHttpsOn(widget.src, provider.hosts)) {
      this.fail(`the widget URL is not https on one of the provider's hosts (${provider.hosts.join(', ')})`);
      return false;
    }
    this.widget = widget;
    this.status = Status.loaded;
    this.open = false;
    void this.updateComplete.then(() => fire(this, 'ck-load', { service: provider.id, automatic }));
    return true;
  }

  /** The visitor clicked "Load": record the decision, then show the widget and move focus into it. */
  private onLoadClick(): void {
    const provider = this.source!;
    const text = this.placeholderText();
    const version = textVersion(text);
    if (!this.show(false)) return;
    // The store announces the change at once; other elements of the service follow if remembered.
    recordDecision(this, {
      service: provider.id,
      decision: Decision.granted,
      remembered: this.remember,
      text,
      version,
      locale: this.locale,
      method: ProofMethod.click,
      purpose: provider.purpose ?? 'embed',
    });
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[part="widget"]')?.focus());
  }

  /** Every text the visitor sees before deciding, in order; its hash is the text version. */
  private placeholderText(): string {
    const t = this.texts!;
    const p = this.source!;
    const vars = this.vars();
    return [p.name, localize(p.data, this.locale), format(t.provider, vars), format(t.policy, vars), format(t.load, vars), format(t.always, vars)].join('\n');
  }

  private vars(): Record<string, string> {
    const p = this.source!;
    const override = getConfig().providers[p.id] ?? {};
    return { service: override.name ?? p.name, company: override.company ?? p.company, address: override.address ?? p.address };
  }

  private onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape' && this.open) {
      this.open = false;
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[part="trigger"]')?.focus());
    }
  }

  /** Clicking or tabbing anywhere outside closes the details, as a disclosure should. */
  private onFocusOut(event: FocusEvent): void {
    if (this.open && !this.contains(event.relatedTarget as Node | null) && !this.renderRoot.contains(event.relatedTarget as Node | null)) {
      this.open = false;
    }
  }

  private toggleDetails(): void {
    this.open = !this.open;
    if (this.open) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[part="button"]')?.focus());
  }

  protected override render() {
    const p = this.source;
    const t = this.texts;
    if (this.status === Status.loaded && this.widget) {
      return html`<div part="container" class="box loaded">${this.renderWidget(this.widget)}</div>`;
    }
    if (!t) return html`<div part="container" class="box"></div>`;
    if (!p || this.status === Status.invalid) {
      return html`<div part="container" class="box invalid" role="note"><p part="text">${t.unavailable}</p></div>`;
    }
    if (p.layout === 'compact') {
      return html`<div part="container" class="compact" @keydown=${this.onKeydown} @focusout=${this.onFocusOut}>
        <button part="trigger" type="button" aria-expanded=${this.open ? 'true' : 'false'} aria-controls=${this.panelId} @click=${this.toggleDetails}>
          ${p.label ? localize(p.label, this.locale) : this.vars().service}
        </button>
        <div part="panel" id=${this.panelId} class="panel" role="group" aria-label=${this.vars().service} ?hidden=${!this.open}>
          ${this.renderDetails(p, t)}
        </div>
      </div>`;
    }
    return html`<div part="container" class="box" role="group" aria-label=${this.vars().service}>${this.renderDetails(p, t)}</div>`;
  }

  private renderDetails(p: Provider<any>, t: Translation) {
    const vars = this.vars();
    const override = getConfig().providers[p.id] ?? {};
    const sitePolicy = this.sitePolicy ?? getConfig().policyUrl;
    return html`
      <p part="title" class="title">${vars.service}</p>
      <p part="text" class="text">
        ${override.data ? localize(override.data, this.locale) : localize(p.data, this.locale)}
        ${format(t.provider, vars)}
      </p>
      <p class="links">
        <a part="link" href=${override.privacyUrl ?? p.privacyUrl} target="_blank" rel="noopener noreferrer" referrerpolicy="no-referrer">${format(t.policy, vars)}</a>
        ${sitePolicy ? html`<a part="link" href=${sitePolicy}>${t.sitePolicy}</a>` : nothing}
      </p>
      <button part="button" type="button" class="load" @click=${this.onLoadClick}>${format(t.load, vars)}</button>
      <label part="toggle" class="toggle">
        <input part="checkbox" type="checkbox" .checked=${this.remember} @change=${(e: Event) => (this.remember = (e.target as HTMLInputElement).checked)} />
        ${format(t.always, vars)}
      </label>
    `;
  }

  private checkPolicyUrl(): string | undefined {
    if (!this.policyUrl) return undefined;
    if (SafeUrl.safeParse(this.policyUrl).success) return this.policyUrl;
    console.error(`consentkit: <ck-embed policy-url="${this.policyUrl}"> must be an http(s) or relative URL; using the config's policyUrl.`);
    return undefined;
  }

  private renderWidget(w: Widget) {
    return html`<iframe
      part="widget"
      src=${w.src}
      title=${w.title}
      allow=${w.allow ?? ''}
      ?allowfullscreen=${w.allowFullscreen ?? false}
      referrerpolicy=${w.referrerPolicy ?? 'strict-origin-when-cross-origin'}
      loading="lazy"
    ></iframe>`;
  }
}

/** The page's canonical URL without query or fragment: what a share button shares. */
function pageUrl(): string {
  const canonical = document.querySelector<HTMLLinkElement>('link[rel="canonical"]')?.href;
  const url = new URL(canonical || location.href);
  return url.origin + url.pathname;
}

if (!customElements.get('ck-embed')) customElements.define('ck-embed', CkEmbed);

declare global {
  interface HTMLElementTagNameMap {
    'ck-embed': CkEmbed;
  }
}
