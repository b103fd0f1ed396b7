import { html, nothing, type PropertyValues } from 'lit';
import { Decision, type ConsentRecord } from '../../core/decision.js';
import { textVersion } from '../../core/hash.js';
import { format, localize, type Translation } from '../../core/i18n.js';
import { fire } from '../../kit/events.js';
import type { Box, Widget } from '../../providers/provider.js';
import { builtinHint } from '../../providers/registry.js';
import { afterConfig, allowed, getStore, gpcApplies, grantedPageWide, recordDecision } from '../../kit/runtime.js';
import { pageScriptsDone, pageScriptsRan } from '../../controllers/locale.js';
import { toUrl } from '../../core/url.js';
import { ProofMethod } from '../../core/decision.js';
import { pageUrl, ProviderElement, renderIframe } from '../shared/provider-element.js';
import { styles } from './embed.styles.js';
import { stopWaiting, whenNear } from './near-viewport.js';

let uid = 0;

/**
 * A two-click placeholder that loads a third-party widget only after the visitor agrees.
 * Before the click nothing in it points to a third-party host; the placeholder occupies the
 * widget's box so the swap causes no layout shift. Every attribute that is not the element's own
 * is a parameter of the provider (`video-id`, `url`, `start`, …; see the README's provider table; typed per provider in `consentkit/elements`).
 *
 * @tag ck-embed
 * @attr provider - id of a registered provider: `youtube`, `facebook-share`, `facebook-page` or your own
 * @attr lang - locale of the texts (`en`, `de`, `pl`, `fr`); default: the nearest `lang` on the page, then the config
 * @attr policy-url - the site's privacy policy, linked in the placeholder; default: config `policyUrl`
 * @attr poster - a picture behind a box placeholder (a video's frame): an image on this site only, relative or
 *   same-origin, e.g. `/posters/youtube/<video id>` from the proof server; a third party's URL is refused (console error)
 *
 * @slot poster - the site's own `<img>` behind a box placeholder, instead of the `poster` attribute
 *
 * @fires ck-before-load - cancelable; the widget is about to load; detail: {service, automatic}
 * @fires ck-consent - the visitor decided; detail: {service, decision, remembered, version}
 * @fires ck-load - the widget was inserted; detail: {service, automatic}
 *
 * @csspart container - the box that holds placeholder and widget
 * @csspart title - the service's name
 * @csspart text - what is transferred to whom
 * @csspart gpc - the Global Privacy Control note (also part `text`), shown while GPC holds the service back
 * @csspart link - links to the provider's and the site's privacy policies
 * @csspart button - the "Load …" button
 * @csspart toggle - the "Always allow …" label, checkbox included
 * @csspart checkbox - the "Always allow …" checkbox
 * @csspart trigger - compact providers (share buttons): the small button that opens the details
 * @csspart panel - compact providers: the details panel
 * @csspart widget - the loaded third-party iframe
 * @csspart poster - the `poster` image
 *
 * @cssprop --ck-accent - colour of buttons and focus rings (default #1a56db)
 * @cssprop --ck-accent-text - text on accent-coloured buttons (default #fff)
 * @cssprop --ck-bg - placeholder background (default #f3f4f6)
 * @cssprop --ck-fg - placeholder text colour (default #1f2937)
 * @cssprop --ck-radius - corner radius (default 6px)
 * @cssprop --ck-font - font of the placeholder (default: inherited)
 */
export class CkEmbed extends ProviderElement {
  static override styles = styles;

  static override properties = {
    ...ProviderElement.properties,
    loadedState: { state: true, attribute: false },
    remember: { state: true, attribute: false },
    open: { state: true, attribute: false },
    poster: {},
    slottedPoster: { state: true, attribute: false },
  };

  protected static override ownAttributes = ['layout', 'poster'];

  /** A first-party picture behind a box placeholder; a third party's URL is refused. */
  declare poster: string | null;
  private posterUrl: string | undefined;
  declare private slottedPoster: boolean;

  declare private loadedState: boolean;
  declare private remember: boolean;
  declare private open: boolean;

  private widget: Widget | undefined;
  private shown: Shown | undefined;
  private readonly panelId = `ck-embed-panel-${++uid}`;

  constructor() {
    super();
    this.loadedState = false;
    this.remember = false;
    this.open = false;
    this.poster = null;
    this.slottedPoster = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // The box from the start, also while the first update waits (for the configuration's check).
    if (!this.hasUpdated) this.writeBox();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    stopWaiting(this);
    this.nearing = false; // connected again, a grant waits for the viewport anew
    document.removeEventListener('pointerdown', this.onOutsidePointer, true);
  }

  protected hasLiveWidget(): boolean {
    return this.loadedState;
  }

  protected agreedText(): string | undefined {
    return this.texts && this.meta ? Object.values(this.compose(this.texts)).join('\n') : undefined;
  }

  /** True once the third-party widget is on the page. */
  get loaded(): boolean {
    return this.loadedState;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('poster')) this.posterUrl = firstPartyImage(this.poster);
    this.shown = this.source && this.meta && this.texts ? this.compose(this.texts) : undefined;
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('open')) {
      if (this.open) document.addEventListener('pointerdown', this.onOutsidePointer, true);
      else document.removeEventListener('pointerdown', this.onOutsidePointer, true);
    }
    this.writeBox();
  }

  /** The widget's box on the host. Sizes go through CSSOM: a strict CSP blocks style attributes, not style properties. */
  private writeBox(): void {
    // Until a built-in provider's module arrives, its default box is reserved.
    const hint = builtinHint(this.provider);
    // A box that depends on the parameters waits for them (they are checked before the first rendering then).
    const box: Box = this.invalid ? {} : this.source && (this.params !== undefined || this.source.box.length === 0) ? this.source.box(this.params) : (hint?.box ?? {});
    const width = typeof box.width === 'number' ? `${box.width}px` : box.width;
    this.setBoxProperty('--ck-box-width', width);
    this.setBoxProperty('--ck-box-height', box.height && !box.aspectRatio ? `${box.height}px` : undefined);
    this.setBoxProperty('--ck-box-ratio', box.aspectRatio);
    // Compact widgets sit in the text flow (share buttons); the stylesheet keys on this.
    const layout = this.source?.layout ?? hint?.layout;
    if ((layout ?? null) === this.getAttribute('layout')) return;
    if (layout) this.setAttribute('layout', layout);
    else this.removeAttribute('layout');
  }

  /** Writes only what changes: most updates change no box, and a write costs a style recalculation. */
  private setBoxProperty(name: string, value: string | undefined): void {
    if ((value ?? '') === this.style.getPropertyValue(name)) return;
    if (value) this.style.setProperty(name, value);
    else this.style.removeProperty(name);
  }

  /** Brings the element in line with the store: load on a remembered grant, revert on withdrawal. */
  protected sync(): void {
    if (!this.source || !this.meta || this.invalid) return;
    const store = getStore();
    const record = store.get(this.serviceId);
    if (this.loadedState && !allowed(this.serviceId)) {
      const hadFocus = this.matches(':focus-within');
      this.revert();
      if (hadFocus) void this.updateComplete.then(() => this.focusPart('button'));
    } else if (!this.loadedState && (this.rememberedGrant(record) || (grantedPageWide(this.serviceId) && !this.generic))) {
      // A remembered grant loads once the site's own scripts have configured the page (GPC, say).
      // (and once the configuration read then has been checked: blocks further down the page count too).
      if (!pageScriptsRan) return void pageScriptsDone.then(() => afterConfig(() => this.sync()));
      if (this.params === undefined) return void this.withParams().then((ok) => ok && this.isConnected && this.sync());
      // Created as it nears the viewport: one grant may reach hundreds of widgets.
      if (!this.near) return this.awaitNear();
      this.show(true);
    } else if (this.nearing) {
      // Withdrawn (or held back) while it waited for the viewport: the placeholder again.
      stopWaiting(this);
      this.nearing = false;
    }
  }

  /** "Always allow" holds for this element: remembered, not held back by GPC, for the text it shows. */
  private rememberedGrant(record: ConsentRecord | undefined): boolean {
    return !!record && getStore().isAlwaysAllowed(this.serviceId) && !gpcApplies(this.serviceId) && this.sameTextAsAgreed(record.version);
  }

  /** Set once the element has come within a screen of the viewport (see near-viewport.ts). */
  private near = false;
  private nearing = false;

  private awaitNear(): void {
    if (this.nearing || !this.isConnected) return;
    this.nearing = true;
    const { near, observed } = whenNear(this);
    this.settleWith(observed); // updateComplete waits for the first look, not for the scroll
    void near.then(() => {
      this.nearing = false;
      this.near = true;
      this.sync();
      this.requestUpdate();
    });
  }

  /** Back to an untouched placeholder: no widget, details closed, "always allow" unticked. */
  protected revert(): void {
    stopWaiting(this);
    this.nearing = false;
    this.loadedState = false;
    this.widget = undefined;
    this.remember = false;
    this.open = false;
  }

  /** Inserts the widget unless a `ck-before-load` listener vetoes it. */
  private show(automatic: boolean): boolean {
    const service = this.serviceId;
    if (!fire(this, 'ck-before-load', { service, automatic }, true)) return false;
    const widget = this.buildWidget(pageUrl());
    if (!widget) return false;
    this.widget = widget;
    this.loadedState = true;
    this.open = false;
    void this.updateComplete.then(() => fire(this, 'ck-load', { service, automatic }));
    return true;
  }

  /** The visitor clicked "Load": record the decision, then show the widget and move focus into it. */
  private onLoadClick(): void {
    // The attributes are checked with the click (the code that does it arrives with it).
    // Clicked twice while it arrives: the first click acts, once.
    if (this.params === undefined) return void this.withParams().then((ok) => ok && this.isConnected && !this.loadedState && this.onLoadClick());
    // Exactly the strings on screen, in order: their hash is the version the visitor agreed to.
    const text = Object.values(this.shown!).join('\n');
    // While GPC holds the service back a grant is for this visit only (no "always allow" is offered).
    const remembered = this.remember && !gpcApplies(this.serviceId);
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
      purpose: this.purpose,
    });
    void this.updateComplete.then(() => this.focusPart('widget'));
  }

  /** The texts of the placeholder, with the site's overrides applied. */
  private compose(t: Translation): Shown {
    const { data, privacyUrl: _, ...vars } = this.parties();
    const gpc = gpcApplies(this.serviceId);
    return {
      title: vars.service,
      data,
      ...(gpc && { gpc: format(t.gpcNote, vars) }),
      provider: format(t.provider, vars),
      policy: format(t.policy, vars),
      load: format(this.source!.verb === 'open' ? t.open : t.load, vars),
      ...(!gpc && { always: format(t.always, vars) }),
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
    this.prefetchCheck();
    this.open = !this.open;
    if (this.open)
      void this.updateComplete.then(() => {
        this.placePanel();
        this.focusPart('button');
      });
  }

  /**
   * Keeps the open details inside the window: a trigger near the end of a line on a phone would
   * have them run off the screen. Moved by `translate` (CSSOM, so a strict `style-src` allows it).
   */
  private placePanel(): void {
    const panel = this.renderRoot.querySelector<HTMLElement>('[part="panel"]');
    if (!panel) return;
    panel.style.removeProperty('translate');
    const { left, right } = panel.getBoundingClientRect();
    const margin = 8;
    const shift = Math.max(Math.min(0, document.documentElement.clientWidth - margin - right), margin - left);
    if (shift) panel.style.translate = `${shift}px 0`;
  }

  protected override render() {
    const p = this.source;
    const t = this.texts;
    const shown = this.shown;
    if (this.loadedState && this.widget) {
      return html`<div part="container" class="box loaded">${this.renderWidget(this.widget)}</div>`;
    }
    // A granted widget waiting to come near the viewport: its box, without a question already answered.
    if (!t || this.loadingProvider || this.nearing) return html`<div part="container" class="box"></div>`;
    if (!p || !shown || this.invalid) {
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
    // The poster (the site's own picture) behind the texts; a slotted <img> of the site's takes its place.
    const poster = this.slottedPoster || !!this.posterUrl;
    return html`<div part="container" class=${poster ? 'box poster' : 'box'} role="group" aria-label=${shown.title} lang=${this.locale}>
      <slot name="poster" @slotchange=${(e: Event) => (this.slottedPoster = (e.target as HTMLSlotElement).assignedElements().length > 0)}>${this.posterUrl ? html`<img part="poster" src=${this.posterUrl} alt="" />` : nothing}</slot>${this.renderDetails(t, shown)}
    </div>`;
  }

  private renderDetails(t: Translation, shown: Shown) {
    const sitePolicy = this.sitePolicy;
    // The title and the actions keep their place; the texts between them scroll when the box is too small for them.
    return html`
      <p part="title" class="title">${shown.title}</p>
      <div class="body">
        <p part="text" class="text">${shown.data} ${shown.provider}</p>
        <p class="links">
          <a part="link" href=${this.parties().privacyUrl} target="_blank" rel="noopener noreferrer" referrerpolicy="no-referrer">${shown.policy}</a>
          ${sitePolicy ? html`<a part="link" href=${sitePolicy}>${t.sitePolicy}</a>` : nothing}
        </p>
        ${shown.gpc ? html`<p part="text gpc" class="text">${shown.gpc}</p>` : nothing}
      </div>
      <div class="actions">
        <button part="button" type="button" class="load" @pointerdown=${this.prefetchCheck} @focus=${this.prefetchCheck} @click=${this.onLoadClick}>${shown.load}</button>
        ${shown.always
          ? html`<label part="toggle" class="toggle">
              <input part="checkbox" type="checkbox" .checked=${this.remember} @change=${(e: Event) => (this.remember = (e.target as HTMLInputElement).checked)} />
              ${shown.always}
            </label>`
          : nothing}
      </div>
    `;
  }

  private renderWidget(w: Widget) {
    switch (w.kind) {
      case 'iframe':
        return renderIframe(this, w);
      case 'link':
        // Same visible text as the button it replaces (no layout shift); the full name for screen readers.
        return html`<a part="widget" class="link" href=${w.href} target="_blank" rel="noopener noreferrer" aria-label=${w.text}>${this.label()}</a>`;
      case 'script':
        return nothing; // the script draws its own widget (a chat bubble, say)
    }
  }
}

/**
 * The poster's URL when it is an image of this site (relative or same-origin http(s)), absolute;
 * otherwise a console error and undefined, so nothing is requested from a third party for it.
 */
function firstPartyImage(value: string | null): string | undefined {
  if (!value) return undefined;
  const url = toUrl(value, document.baseURI);
  if (url && /^https?:$/.test(url.protocol) && url.origin === location.origin) return url.href;
  console.error(`consentkit: <ck-embed poster="${value}">: a third party's image is never loaded; use one of this site, e.g. /posters/youtube/<id>`);
  return undefined;
}

/** The placeholder's texts as shown, in reading order. */
interface Shown {
  title: string;
  data: string;
  provider: string;
  policy: string;
  /** Only while Global Privacy Control holds the service back. */
  gpc?: string;
  load: string;
  /** Not offered while Global Privacy Control holds the service back. */
  always?: string;
}

if (!customElements.get('ck-embed')) customElements.define('ck-embed', CkEmbed);

declare global {
  interface HTMLElementTagNameMap {
    'ck-embed': CkEmbed;
  }
}
