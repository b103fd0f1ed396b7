import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { Decision } from '../../core/decision.js';
import { textVersion } from '../../core/hash.js';
import { format, loadTranslation, localize, translation, type Locale, type Translation } from '../../core/i18n.js';
import { elementLocale } from '../locale.js';
import { SafeUrl } from '../../core/config.js';
import { isHttpsOn } from '../../core/url.js';
import { fire } from '../../events.js';
import { widgetUrl, type Box, type Provider, type ProviderMeta, type Widget } from '../../providers/provider.js';
import { builtinHint, getProvider, isBuiltin, loadProvider } from '../../providers/registry.js';
import { addScript } from './scripts.js';
import { getConfig, getStore, onConsentChange, recordDecision } from '../../runtime.js';
import { ProofMethod } from '../../core/proof.js';
import { styles } from './embed.styles.js';

const Status = { placeholder: 'placeholder', loaded: 'loaded', invalid: 'invalid' } as const;
type Status = (typeof Status)[keyof typeof Status];

/** Attributes of the element itself; every other attribute is a parameter for the provider. */
const OWN_ATTRIBUTES = new Set(['provider', 'layout', 'lang', 'policy-url', 'class', 'style', 'id', 'slot', 'part', 'hidden', 'tabindex']);

let uid = 0;

/** Attributes that are provider parameters (not the element's own, ARIA or data attributes). */
function isParameter(name: string): boolean {
  return !OWN_ATTRIBUTES.has(name) && !name.startsWith('aria-') && !name.startsWith('data-');
}

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
  private params: any;
  /** Who receives the data: the provider's metadata, the element's (generic providers) and the config's. */
  private meta: ProviderMeta | undefined;
  private serviceId = '';
  /** A provider module or locale being fetched; `updateComplete` waits for it. */
  private pending: Promise<unknown> | undefined;
  private widget: Widget | undefined;
  private locale: Locale = 'en';
  private wantedLocale: Locale = 'en';
  private shown: Shown | undefined;
  private unsubscribe?: () => void;
  private attributeObserver?: MutationObserver;
  private readonly panelId = `ck-embed-panel-${++uid}`;
  private resolving = 0;

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
    // Elements follow consent changes after the decision's own event (ck-consent) has fired.
    this.unsubscribe = onConsentChange(({ service }) => {
      if (service !== null && service !== this.serviceId) return;
      queueMicrotask(() => {
        if (service === null) this.pickLocale(); // configuration may have changed
        this.sync();
        this.requestUpdate();
      });
    });
    // Provider parameters are plain attributes (video-id, url, …): a change means another widget.
    this.attributeObserver = new MutationObserver((records) => {
      if (records.some((r) => isParameter(r.attributeName!))) {
        this.resolve();
        this.sync();
        this.requestUpdate();
      }
    });
    this.attributeObserver.observe(this, { attributes: true });
    // While detached the element heard nothing: a withdrawal may have happened meanwhile.
    if (this.hasUpdated) {
      this.sync();
      this.requestUpdate();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // A re-inserted iframe loads again at once, before any re-render could check consent; so a
    // detached element keeps no iframe (render() draws none while disconnected).
    if (this.status === Status.loaded) {
      this.requestUpdate();
      this.performUpdate();
    }
    this.unsubscribe?.();
    this.attributeObserver?.disconnect();
    document.removeEventListener('pointerdown', this.onOutsidePointer, true);
  }

  /** The service id this element gates: the provider id, or the `service` of a generic provider. */
  get service(): string {
    return this.serviceId;
  }

  /** True once the third-party widget is on the page. */
  get loaded(): boolean {
    return this.status === Status.loaded;
  }

  /** Resolves once the element shows what it will show: provider and texts loaded, rendered. */
  protected override async getUpdateComplete(): Promise<boolean> {
    let done = await super.getUpdateComplete();
    while (this.pending) {
      await this.pending;
      done = await super.getUpdateComplete();
    }
    return done;
  }

  private wait(task: Promise<unknown>): void {
    const all = Promise.all([this.pending, task]).finally(() => {
      if (this.pending === all) this.pending = undefined;
    });
    this.pending = all;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('provider')) this.resolve();
    if (changed.has('provider') || changed.has('langAttribute')) this.pickLocale();
    if (changed.has('policyUrl')) this.sitePolicy = this.checkPolicyUrl();
    if (changed.has('provider')) this.sync();
    this.shown = this.source && this.meta && this.texts ? this.compose(this.source, this.meta, this.texts) : undefined;
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('open')) {
      if (this.open) document.addEventListener('pointerdown', this.onOutsidePointer, true);
      else document.removeEventListener('pointerdown', this.onOutsidePointer, true);
    }
    // Sizes go through CSSOM: a strict CSP blocks style attributes, not style properties.
    // Until a built-in provider's module arrives, its default box is reserved.
    const hint = this.source ? undefined : builtinHint(this.provider);
    const box: Box = this.status === Status.invalid ? {} : this.source && this.params ? this.source.box(this.params) : (hint?.box ?? {});
    const width = typeof box.width === 'number' ? `${box.width}px` : box.width;
    this.setBoxProperty('--ck-box-width', width);
    this.setBoxProperty('--ck-box-height', box.height && !box.aspectRatio ? `${box.height}px` : undefined);
    this.setBoxProperty('--ck-box-ratio', box.aspectRatio);
    // Compact widgets sit in the text flow (share buttons); the stylesheet keys on this.
    const layout = this.source?.layout ?? hint?.layout;
    if (layout) this.setAttribute('layout', layout);
    else this.removeAttribute('layout');
  }

  private setBoxProperty(name: string, value: string | undefined): void {
    if (value) this.style.setProperty(name, value);
    else this.style.removeProperty(name);
  }

  /** Looks up the provider and validates this element's attributes as its parameters. */
  private resolve(): void {
    const id = this.provider;
    this.source = getProvider(id);
    this.revert();
    this.status = Status.placeholder;
    this.meta = undefined;
    this.serviceId = '';
    const token = ++this.resolving;
    if (!this.source && isBuiltin(id)) {
      // Built-in providers are fetched on first use.
      this.wait(
        loadProvider(id).then(
          () => {
            if (token !== this.resolving) return; // the provider changed meanwhile
            this.resolve();
            this.sync();
            this.requestUpdate();
          },
          (e: unknown) => {
            if (token !== this.resolving) return;
            this.fail(`its code could not be loaded (${(e as Error).message})`);
            this.requestUpdate();
          },
        ),
      );
      return;
    }
    if (!this.source) return this.fail(`there is no provider "${id}"`);
    const attributes: Record<string, string> = {};
    for (const name of this.getAttributeNames()) {
      if (isParameter(name)) attributes[name] = this.getAttribute(name)!;
    }
    const result = this.source.params.safeParse(attributes);
    if (!result.success) {
      const reasons = result.error.issues.map((i) => `"${i.path.join('.') || '(attributes)'}" ${i.message === 'Invalid input' ? 'is missing or invalid' : i.message}`);
      return this.fail(reasons.join('; '));
    }
    this.params = result.data;
    this.serviceId = this.source.serviceId?.(this.params) ?? this.source.id;
    const { name, company, address, privacyUrl, hosts, data } = this.source;
    this.meta = { name, company, address, privacyUrl, hosts, data, ...this.source.meta?.(this.params) };
  }

  private fail(reason: string): void {
    this.status = Status.invalid;
    console.error(`consentkit: <ck-embed provider="${this.provider}"> cannot load: ${reason}. Nothing third-party is loaded.`, this);
  }

  /** Switches texts to the wanted locale once they are loaded; until then the current ones stay. */
  private pickLocale(): void {
    const wanted = elementLocale(this, this.langAttribute);
    this.wantedLocale = wanted;
    const ready = translation(wanted);
    if (ready) return this.setTexts(wanted, ready);
    this.wait(
      loadTranslation(wanted).then((t) => {
        if (this.wantedLocale === wanted) this.setTexts(wanted, t);
      }),
    );
  }

  private setTexts(locale: Locale, texts: Translation): void {
    this.locale = locale;
    this.texts = texts;
    if (this.source?.meta) this.sync(); // generic providers wait for their texts (see sync)
  }

  /** Brings the element in line with the store: load on a remembered grant, revert on withdrawal. */
  private sync(): void {
    if (!this.source || !this.meta || this.status === Status.invalid) return;
    const store = getStore();
    const record = store.get(this.serviceId);
    if (this.status === Status.loaded && record?.decision !== Decision.granted) {
      const hadFocus = this.matches(':focus-within');
      this.revert();
      if (hadFocus) void this.updateComplete.then(() => this.focusPart('button'));
    } else if (this.status === Status.placeholder && store.isAlwaysAllowed(this.serviceId) && this.sameTextAsAgreed(record!.version)) {
      this.show(true);
    }
  }

  /**
   * A generic provider (`iframe`, `script`) takes company and host from the markup, so "always
   * allow" holds only for exactly the text the visitor agreed to, host included: markup that
   * names the same service with another host or company asks again.
   */
  private sameTextAsAgreed(version: string): boolean {
    if (!this.source?.meta) return true;
    if (!this.texts || !this.meta) return false;
    return textVersion(Object.values(this.compose(this.source, this.meta, this.texts)).join('\n')) === version;
  }

  /** Back to an untouched placeholder: no widget, details closed, "always allow" unticked. */
  private revert(): void {
    this.status = Status.placeholder;
    this.widget = undefined;
    this.remember = false;
    this.open = false;
  }

  /** Inserts the widget unless a `ck-before-load` listener vetoes it. */
  private show(automatic: boolean): boolean {
    const provider = this.source!;
    const service = this.serviceId;
    if (!fire(this, 'ck-before-load', { service, automatic }, true)) return false;
    // The locale the page asks for, even while its texts are still loading.
    const widget = provider.build(this.params, { locale: this.wantedLocale, pageUrl: pageUrl() });
    if (!isHttpsOn(widgetUrl(widget), this.meta!.hosts)) {
      this.fail(`the widget URL is not https on one of the provider's hosts (${this.meta!.hosts.join(', ')})`);
      return false;
    }
    const refused = widget.kind === 'script' ? addScript(widget, service) : undefined;
    if (refused) {
      this.fail(refused);
      return false;
    }
    this.widget = widget;
    this.status = Status.loaded;
    this.open = false;
    void this.updateComplete.then(() => fire(this, 'ck-load', { service, automatic }));
    return true;
  }

  /** The visitor clicked "Load": record the decision, then show the widget and move focus into it. */
  private onLoadClick(): void {
    const provider = this.source!;
    // Exactly the strings on screen, in order: their hash is the version the visitor agreed to.
    const text = Object.values(this.shown!).join('\n');
    const remembered = this.remember;
    if (!this.show(false)) return;
    // A link (chat, share) opens on the same click that consented to it.
    if (this.widget?.kind === 'link') window.open(this.widget.href, '_blank', 'noopener,noreferrer');
    recordDecision(this, {
      service: this.serviceId,
      decision: Decision.granted,
      remembered,
      text,
      version: textVersion(text),
      locale: this.locale,
      method: ProofMethod.click,
      purpose: provider.purpose ?? 'embed',
    });
    void this.updateComplete.then(() => this.focusPart('widget'));
  }

  /** The texts of the placeholder, with the site's overrides applied. */
  private compose(p: Provider<any>, meta: ProviderMeta, t: Translation): Shown {
    const override = getConfig().providers[this.serviceId] ?? {};
    const vars = { service: override.name ?? meta.name, company: override.company ?? meta.company, address: override.address ?? meta.address };
    return {
      title: vars.service,
      data: format(localize(override.data ?? meta.data, this.locale), vars) + (p.meta ? ` ${format(t.from, { host: meta.hosts.join(', ') })}` : ''),
      provider: format(t.provider, vars),
      policy: format(t.policy, vars),
      load: format(p.verb === 'open' ? t.open : t.load, vars),
      always: format(t.always, vars),
    };
  }

  /** Text of a compact provider's button (and of its link once live). */
  private label(): string {
    const p = this.source!;
    return this.params?.label ?? (p.label ? localize(p.label, this.locale) : (this.shown?.title ?? ''));
  }

  private focusPart(name: string): void {
    this.renderRoot.querySelector<HTMLElement>(`[part="${name}"]`)?.focus();
  }

  private onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape' && this.open) {
      this.open = false;
      void this.updateComplete.then(() => this.focusPart('trigger'));
    }
  }

  /** Tabbing out of the details closes them (clicking outside does too: see `onOutsidePointer`). */
  private onFocusOut(event: FocusEvent): void {
    const next = event.relatedTarget;
    if (this.open && next instanceof Node && !this.contains(next) && !this.renderRoot.contains(next)) this.open = false;
  }

  private readonly onOutsidePointer = (event: PointerEvent): void => {
    if (!event.composedPath().includes(this)) this.open = false;
  };

  private toggleDetails(): void {
    this.open = !this.open;
    if (this.open) void this.updateComplete.then(() => this.focusPart('button'));
  }

  protected override render() {
    const p = this.source;
    const t = this.texts;
    const shown = this.shown;
    if (this.status === Status.loaded && this.widget) {
      return html`<div part="container" class="box loaded">${this.isConnected ? this.renderWidget(this.widget) : nothing}</div>`;
    }
    if (!t || (!p && isBuiltin(this.provider) && this.status !== Status.invalid)) return html`<div part="container" class="box"></div>`;
    if (!p || !shown || this.status === Status.invalid) {
      return html`<div part="container" class="box invalid" role="note" lang=${this.locale}><p part="text">${t.unavailable}</p></div>`;
    }
    if (p.layout === 'compact') {
      return html`<div part="container" class="compact" lang=${this.locale} @keydown=${this.onKeydown} @focusout=${this.onFocusOut}>
        <button part="trigger" type="button" aria-expanded=${this.open ? 'true' : 'false'} aria-controls=${this.panelId} @click=${this.toggleDetails}>
          ${this.label()}
        </button>
        <div part="panel" id=${this.panelId} class="panel" role="group" aria-label=${shown.title} ?hidden=${!this.open}>
          ${this.renderDetails(t, shown)}
        </div>
      </div>`;
    }
    return html`<div part="container" class="box" role="group" aria-label=${shown.title} lang=${this.locale}>${this.renderDetails(t, shown)}</div>`;
  }

  private renderDetails(t: Translation, shown: Shown) {
    const override = getConfig().providers[this.serviceId] ?? {};
    const sitePolicy = this.sitePolicy ?? getConfig().policyUrl;
    return html`
      <p part="title" class="title">${shown.title}</p>
      <p part="text" class="text">${shown.data} ${shown.provider}</p>
      <p class="links">
        <a part="link" href=${override.privacyUrl ?? this.meta!.privacyUrl} target="_blank" rel="noopener noreferrer" referrerpolicy="no-referrer">${shown.policy}</a>
        ${sitePolicy ? html`<a part="link" href=${sitePolicy}>${t.sitePolicy}</a>` : nothing}
      </p>
      <button part="button" type="button" class="load" @click=${this.onLoadClick}>${shown.load}</button>
      <label part="toggle" class="toggle">
        <input part="checkbox" type="checkbox" .checked=${this.remember} @change=${(e: Event) => (this.remember = (e.target as HTMLInputElement).checked)} />
        ${shown.always}
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
    switch (w.kind) {
      case 'iframe':
        return html`<iframe
          part="widget"
          src=${w.src}
          title=${w.title}
          allow=${w.allow ?? ''}
          ?allowfullscreen=${w.allowFullscreen ?? false}
          sandbox=${ifDefined(w.sandbox)}
          referrerpolicy=${w.referrerPolicy ?? 'strict-origin-when-cross-origin'}
          loading="lazy"
        ></iframe>`;
      case 'link':
        // Same visible text as the button it replaces (no layout shift); the full name for screen readers.
        return html`<a part="widget" class="link" href=${w.href} target="_blank" rel="noopener noreferrer" aria-label=${w.text}>${this.label()}</a>`;
      case 'script':
        return nothing; // the script draws its own widget (a chat bubble, say)
    }
  }
}

/** The placeholder's texts as shown, in reading order. */
interface Shown {
  title: string;
  data: string;
  provider: string;
  policy: string;
  load: string;
  always: string;
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
