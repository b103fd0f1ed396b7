import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { Decision, SERVICE_ID } from '../../core/decision.js';
import { textVersion } from '../../core/hash.js';
import { format, localize, type Translation } from '../../core/i18n.js';
import { ProofMethod } from '../../core/decision.js';
import { fire } from '../../kit/events.js';
import type { Widget } from '../../providers/provider.js';
import { getProvider, getScript, isBuiltin } from '../../providers/registry.js';
import { afterConfig, allowed, getConfig, getStore, gpcApplies, recordDecision } from '../../kit/runtime.js';
import { noteService, plainService } from '../../kit/services.js';
import { checkedUrl, pageScriptsDone, pageScriptsRan } from '../../controllers/locale.js';
import { pageUrl, ProviderElement, renderIframe } from '../shared/provider-element.js';
import { styles } from './chat-gate.styles.js';

let uid = 0;

/** `ck-chat-open`: the chat was opened (a link, a script's window, an iframe). */
export interface ChatOpenEventDetail {
  service: string;
  /** True when it opened because of an earlier, remembered consent rather than "Start chat". */
  automatic: boolean;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ck-chat-open': CustomEvent<ChatOpenEventDetail>;
  }
  interface HTMLElementTagNameMap {
    'ck-chat-gate': CkChatGate;
  }
}

/**
 * Layered consent before a chat starts: a launcher opens a short notice (who runs the chat, what
 * is processed, why, the legal basis, links to the privacy policy and the imprint) with an
 * unticked checkbox; "Start chat" works only once it is ticked. Then the chat provider from the
 * catalogue is opened or loaded; with consent already given the launcher opens the chat at once.
 * Every attribute that is not the element's own is a parameter of the provider (`page`, `phone`,
 * `username`, `service`, …; see the README's provider table; typed per provider in `consentkit/elements`).
 *
 * @tag ck-chat-gate
 * @attr provider - a chat provider: `facebook-messenger`, `whatsapp`, `telegram`, `script` (a registered chat script) or your own
 * @attr launcher - `inline` (default): a button in the text flow; `floating`: a bubble fixed to the bottom corner
 * @attr launcher-label - text of the launcher; default "Chat with us"
 * @attr policy-url - the site's privacy policy; default: config `policyUrl`
 * @attr imprint-url - the site's imprint; default: config `imprintUrl`
 * @attr notice - the notice template for this element (placeholders as config `texts.chatNotice`)
 * @attr consent-label - the checkbox text for this element
 * @attr extra-label - an optional second checkbox for a purpose of the site's own, never pre-ticked
 * @attr extra-service - the id its decision is stored and proven under (required with `extra-label`)
 * @attr remember - `false`: consent lasts for this page view only (default: remembered)
 * @attr lang - locale of the texts; default: the nearest `lang` on the page, then the config
 *
 * @fires ck-before-load - cancelable; the chat is about to be opened or loaded; detail: {service, automatic}
 * @fires ck-consent - the visitor decided; detail: {service, decision, remembered, version}
 * @fires ck-chat-open - the chat was opened; detail: {service, automatic}
 *
 * @csspart launcher - the button that opens the notice (or the chat)
 * @csspart dialog - the notice dialog
 * @csspart title - the notice's heading
 * @csspart text - the notice
 * @csspart link - links to the site's privacy policy and imprint and the provider's policy
 * @csspart consent - a checkbox with its label
 * @csspart checkbox - the consent checkbox(es)
 * @csspart extra - the second checkbox, for the site's own purpose (`extra-label`)
 * @csspart hint - why "Start chat" does not work yet
 * @csspart button - both buttons
 * @csspart start - the "Start chat" button
 * @csspart later - the "Not now" button
 * @csspart widget - an iframe chat, once started
 *
 * @cssprop --ck-accent - colour of buttons and focus rings (default #1a56db)
 * @cssprop --ck-accent-text - text on accent-coloured buttons (default #fff)
 * @cssprop --ck-bg - dialog background (default #fff)
 * @cssprop --ck-fg - dialog text colour (default #1f2937)
 * @cssprop --ck-radius - corner radius (default 6px)
 * @cssprop --ck-font - font (default: inherited)
 */
export class CkChatGate extends ProviderElement {
  static override styles = styles;

  static override properties = {
    ...ProviderElement.properties,
    launcher: { reflect: true },
    launcherLabel: { attribute: 'launcher-label' },
    imprintUrl: { attribute: 'imprint-url' },
    notice: {},
    consentLabel: { attribute: 'consent-label' },
    extraLabel: { attribute: 'extra-label' },
    extraService: { attribute: 'extra-service' },
    remember: {},
    agreed: { state: true, attribute: false },
    extraAgreed: { state: true, attribute: false },
    widget: { state: true, attribute: false },
  };

  protected static override ownAttributes = ['launcher', 'launcher-label', 'imprint-url', 'notice', 'consent-label', 'extra-label', 'extra-service', 'remember'];

  /** `inline` or `floating`. */
  declare launcher: 'inline' | 'floating';
  /** Text of the launcher button. */
  declare launcherLabel: string | null;
  /** The site's imprint for this element; overrides config `imprintUrl`. */
  declare imprintUrl: string | null;
  /** The notice template for this element. */
  declare notice: string | null;
  /** The checkbox text for this element. */
  declare consentLabel: string | null;
  /** Text of an optional second checkbox for a purpose of the site's own. */
  declare extraLabel: string | null;
  /** Service id the second checkbox's decision is stored under. */
  declare extraService: string | null;
  /** `false`: consent lasts for this page view only. */
  declare remember: string | null;

  declare private agreed: boolean;
  declare private extraAgreed: boolean;
  /** The chat once started: a link opened in a tab, a script on the page, or an iframe here. */
  declare private widget: Widget | undefined;

  private ownImprint: string | undefined;
  /** Set by "Start chat" until the dialog's close event: focus then goes to the chat. */
  private startedHere = false;
  private extraId: string | undefined;
  private readonly ids = `ck-chat-${++uid}`;

  constructor() {
    super();
    this.launcher = 'inline';
    this.launcherLabel = this.imprintUrl = this.notice = this.consentLabel = this.extraLabel = this.extraService = this.remember = null;
    this.agreed = this.extraAgreed = false;
  }

  /** True once the chat has been started on this page (or loaded on a remembered consent). */
  get started(): boolean {
    return !!this.widget;
  }

  /** Opens the notice, or the chat when consent is already given: what the launcher does. */
  show(): void {
    if (this.invalid || !this.meta) return;
    if (this.widget || this.granted()) {
      // The attributes are checked before the chat opens (the code that does it arrives with this click).
      if (this.params === undefined) return void this.withParams().then((ok) => ok && this.isConnected && this.show());
      return void this.openChat(true, true);
    }
    void this.withParams(); // checked while the visitor reads the notice: "Start chat" need not wait
    this.dialog()?.showModal();
    this.renderRoot.querySelector<HTMLInputElement>('[part~="checkbox"]')?.focus();
  }

  /** Closes the notice without a decision. */
  close(): void {
    this.dialog()?.close();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('imprintUrl')) this.ownImprint = checkedUrl(this, 'imprint-url', this.imprintUrl);
    if (changed.has('extraLabel') || changed.has('extraService') || changed.has('provider')) this.extraId = this.checkExtra();
    if (changed.has('remember') && this.remember !== null && this.remember !== 'true' && this.remember !== 'false') {
      console.error(`consentkit: <ck-chat-gate remember="${this.remember}"> must be "true" or "false"; the consent will last for this page view only.`);
    }
    if (changed.has('launcher') && this.launcher !== 'inline' && this.launcher !== 'floating') {
      console.error(`consentkit: <ck-chat-gate launcher="${this.launcher}"> must be "inline" or "floating"; showing it inline.`);
    }
  }

  /** Given for this service, on the text this element shows (see `sameTextAsAgreed`). */
  private granted(): boolean {
    const record = getStore().get(this.serviceId);
    return allowed(this.serviceId) && this.sameTextAsAgreed(record!.version);
  }

  protected hasLiveWidget(): boolean {
    return this.widget?.kind === 'iframe';
  }

  protected agreedText(): string | undefined {
    if (!this.texts || !this.meta) return undefined;
    const shown = this.compose(this.texts);
    return [shown.title, shown.notice, shown.consent, shown.start].join('\n');
  }

  protected override firstUpdated(): void {
    if (!this.sitePolicy && !this.invalid) {
      console.warn(`consentkit: <ck-chat-gate provider="${this.provider}"> has no link to the privacy policy; set policy-url or config policyUrl.`);
    }
  }

  private checkExtra(): string | undefined {
    if (!this.extraLabel) return undefined;
    const id = this.extraService ?? '';
    // The site's own purpose: never a third party's id, or ticking it would allow that third party.
    const taken = isBuiltin(id) || !!getProvider(id) || !!getScript(id) || id === this.provider || id === this.getAttribute('service');
    if (SERVICE_ID.test(id) && !taken) {
      // A purpose of the site's own: the privacy center lists it under the checkbox's words.
      noteService(plainService(id, { name: this.extraLabel, own: true }));
      return id;
    }
    console.error(`consentkit: <ck-chat-gate extra-label="…"> needs extra-service, an id of the site's own purpose (lower-case letters, digits, dashes) that names no provider or registered script; the extra checkbox is left out.`);
    return undefined;
  }

  private dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog');
  }

  /** A script chat the visitor allowed before loads with the page; link and iframe chats wait for the launcher. */
  protected sync(): void {
    if (!this.source || !this.meta || this.invalid) return;
    if (this.widget && !allowed(this.serviceId)) {
      this.revert();
    } else if (!this.widget && this.granted()) {
      if (this.params === undefined) return void this.withParams().then((ok) => ok && this.isConnected && this.sync());
      if (this.source.build(this.params, { locale: this.wantedLocale, pageUrl: pageUrl() }).kind !== 'script') return;
      // After the site's own scripts have configured the page (GPC, say).
      if (pageScriptsRan) this.openChat(true, false);
      else void pageScriptsDone.then(() => afterConfig(() => this.sync()));
    }
  }

  protected revert(): void {
    this.widget = undefined;
    this.agreed = this.extraAgreed = false;
  }

  /** Opens the chat (see {@link showChat}) and announces it with `ck-chat-open`. */
  private openChat(automatic: boolean, byVisitor: boolean): boolean {
    if (!this.showChat(automatic, byVisitor)) return false;
    if (byVisitor) fire(this, 'ck-chat-open', { service: this.serviceId, automatic });
    return true;
  }

  /**
   * Shows the chat: a link in a new tab (on the visitor's click), a script added to the page and
   * told to open, or an iframe shown here. `ck-before-load` may veto it. Fires no `ck-chat-open`.
   */
  private showChat(automatic: boolean, byVisitor: boolean): boolean {
    const service = this.serviceId;
    if (!this.widget) {
      if (!fire(this, 'ck-before-load', { service, automatic }, true)) return false;
      const widget = this.buildWidget(pageUrl());
      if (!widget) return false;
      this.widget = widget;
    }
    if (!byVisitor) return true;
    const widget = this.widget;
    if (widget.kind === 'link') window.open(widget.href, '_blank', 'noopener,noreferrer');
    if (widget.kind === 'script' && widget.service) getScript(widget.service)?.open?.();
    if (widget.kind === 'iframe' && !this.startedHere) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[part="widget"]')?.focus());
    return true;
  }

  /** "Start chat": only with the box ticked. Records consent (and the extra purpose), then opens the chat. */
  private onStart(): void {
    if (this.params === undefined) return void this.withParams().then((ok) => ok && this.isConnected && !this.widget && this.onStart());
    if (!this.agreed) {
      this.renderRoot.querySelector<HTMLInputElement>('[part~="checkbox"]')?.focus();
      return;
    }
    const t = this.texts!;
    const shown = this.compose(t);
    // While Global Privacy Control holds the service back, a consent lasts for this visit.
    const remembered = (this.remember === null || this.remember === 'true') && !gpcApplies(this.serviceId);
    const extra = this.extraId && this.extraAgreed ? this.extraId : undefined;
    this.startedHere = true;
    this.dialog()?.close();
    // The tab opens within the click (a popup needs its user activation); the events follow in
    // the order of what happened: the consent (ck-consent), then the chat (ck-chat-open).
    if (!this.showChat(false, true)) return;
    const decide = (service: string, label: string, purpose: string) => {
      const text = [shown.title, shown.notice, label, shown.start].join('\n');
      recordDecision(this, { service, decision: Decision.granted, remembered, text, version: textVersion(text), locale: this.locale, method: ProofMethod.checkbox, purpose });
    };
    decide(this.serviceId, shown.consent, this.source!.purpose ?? 'chat');
    if (extra) decide(extra, this.extraLabel!, extra);
    fire(this, 'ck-chat-open', { service: this.serviceId, automatic: false });
  }

  /** The dialog closed (Start, Not now, Escape): focus goes to the chat just started, else back to the launcher. */
  private onClose(): void {
    const started = this.startedHere;
    this.startedHere = false;
    if (!started) this.agreed = this.extraAgreed = false; // reopened, the boxes are unticked again
    const chat = started ? this.renderRoot.querySelector<HTMLElement>('[part="widget"]') : null;
    (chat ?? this.renderRoot.querySelector<HTMLElement>('[part="launcher"]'))?.focus();
  }

  /** The notice's texts as shown, with the site's wording applied; `notice` keeps its link markers. */
  private compose(t: Translation) {
    const { data, privacyUrl: _, ...parties } = this.parties();
    const purpose = this.source!.purposeText ? localize(this.source!.purposeText, this.locale) : t.chatPurpose;
    const vars = { ...parties, data, purpose };
    const noticeTemplate = format(this.notice ?? t.chatNotice, vars);
    return {
      title: format(t.chatTitle, vars),
      noticeTemplate,
      notice: format(noticeTemplate, { policyLink: t.sitePolicy, imprintLink: t.imprint }),
      consent: format(this.consentLabel ?? t.chatConsent, vars),
      start: t.chatStart,
    };
  }

  /** The site's own links, by placeholder name: href (when configured) and text. */
  private siteLinks(t: Translation): Record<string, [string | undefined, string]> {
    return {
      policyLink: [this.sitePolicy, t.sitePolicy],
      imprintLink: [this.ownImprint ?? getConfig().imprintUrl, t.imprint],
    };
  }

  /** The notice with `{policyLink}` and `{imprintLink}` as links; everything else is text. */
  private renderNotice(template: string, t: Translation): Array<string | TemplateResult> {
    const links = this.siteLinks(t);
    return template.split(/(\{policyLink\}|\{imprintLink\})/).map((part) => {
      const link = part.startsWith('{') ? links[part.slice(1, -1)] : undefined;
      if (!link) return part;
      const [href, text] = link;
      return href ? html`<a part="link" href=${href}>${text}</a>` : text;
    });
  }

  /** Policy and imprint stay one click away even when the site's own notice leaves them out. */
  private missingLinks(template: string, t: Translation) {
    return Object.entries(this.siteLinks(t)).map(([name, [href, text]]) =>
      href && !template.includes(`{${name}}`) ? html`<a part="link" href=${href}>${text}</a>` : nothing,
    );
  }

  protected override render() {
    const t = this.texts;
    if (!t || this.loadingProvider) return nothing;
    const label = this.launcherLabel ?? t.chatLauncher;
    if (this.invalid || !this.meta) {
      return html`<button part="launcher" type="button" class="launcher" aria-disabled="true" title=${t.unavailable} lang=${this.locale}>${label}</button>`;
    }
    const shown = this.compose(t);
    const { privacyUrl, company } = this.parties();
    const id = this.ids;
    return html`
      <button part="launcher" type="button" class="launcher" aria-haspopup="dialog" lang=${this.locale} @click=${this.show}>${label}</button>
      ${this.widget?.kind === 'iframe' ? renderIframe(this, this.widget) : nothing}
      <dialog part="dialog" aria-labelledby="${id}-title" aria-describedby="${id}-text" lang=${this.locale} @close=${this.onClose}>
        <h2 part="title" id="${id}-title">${shown.title}</h2>
        <p part="text" id="${id}-text">${this.renderNotice(shown.noticeTemplate, t)}</p>
        <p class="links">
          ${this.missingLinks(shown.noticeTemplate, t)}
          <a part="link" href=${privacyUrl} target="_blank" rel="noopener noreferrer" referrerpolicy="no-referrer">${format(t.policy, { company })}</a>
        </p>
        <label part="consent">
          <input part="checkbox" type="checkbox" .checked=${this.agreed} @change=${(e: Event) => (this.agreed = (e.target as HTMLInputElement).checked)} />
          <span>${shown.consent}</span>
        </label>
        ${this.extraId
          ? html`<label part="consent">
              <input part="checkbox extra" type="checkbox" .checked=${this.extraAgreed} @change=${(e: Event) => (this.extraAgreed = (e.target as HTMLInputElement).checked)} />
              <span>${this.extraLabel}</span>
            </label>`
          : nothing}
        <p part="hint" id="${id}-hint" class="hint">${this.agreed ? '' : t.chatHint}</p>
        <div class="buttons">
          <button part="button start" type="button" aria-disabled=${this.agreed ? 'false' : 'true'} aria-describedby="${id}-hint" @click=${this.onStart}>${shown.start}</button>
          <button part="button later" type="button" @click=${this.close}>${t.chatLater}</button>
        </div>
      </dialog>
    `;
  }
}

if (!customElements.get('ck-chat-gate')) customElements.define('ck-chat-gate', CkChatGate);
