import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { Decision } from '../../core/decision.js';
import { textVersion } from '../../core/hash.js';
import { format, localize, type Locale, type Translation } from '../../core/i18n.js';
import { loadTranslation } from '../../i18n/load.js';
import { ProofMethod } from '../../core/decision.js';
import { PUSH_SERVICE } from '../../core/push.js';
import { exportData, erase, listServices, onServicesChange, withdrawAll, type ServiceInfo } from '../../kit/rights.js';
import { afterConfig, allowed, getConfig, getStore, gpcApplies, recordDecision, withdraw, withSiteTexts } from '../../kit/runtime.js';
import { checkedUrl } from '../../controllers/locale.js';
import { styles } from './privacy-center.styles.js';
import { centerTexts, type CenterTexts } from './texts.js';
import { Pending } from '../../controllers/pending.js';
import { ConsentController } from '../../controllers/consent-controller.js';
import { TextsController } from '../../controllers/texts-controller.js';

let uid = 0;

/**
 * The visitor's privacy settings: every service the site uses with its state, when it was
 * decided and on which text, a switch to allow or withdraw it, "Withdraw all", "Download my data"
 * and "Delete my data". A withdrawal takes effect at once, on this page and in other tabs.
 * Inline where it is placed (a privacy page), or as a dialog with the `dialog` attribute
 * (what `<ck-privacy-button>` and `consentkit.open()` use).
 *
 * @tag ck-privacy-center
 * @attr dialog - render as a modal dialog, opened with `show()`
 * @attr lang - locale of the texts; default: the nearest `lang` on the page, then the config
 * @attr policy-url - the site's privacy policy; default: config `policyUrl`
 * @attr imprint-url - the site's imprint; default: config `imprintUrl`
 * @attr heading-level - level of the title, 1–6 (default 2)
 *
 * @fires ck-consent - the visitor allowed or withdrew a service here; detail: {service, decision, remembered, version}
 *
 * @csspart dialog - the dialog (with `dialog`)
 * @csspart center - the inline container (without `dialog`)
 * @csspart title - the heading
 * @csspart text - explanations
 * @csspart list - the list of services
 * @csspart service - one service
 * @csspart name - a service's name
 * @csspart state - a service's state ("Allowed, remembered")
 * @csspart switch - the allow/withdraw switch of a service
 * @csspart link - links to policies and the imprint
 * @csspart button - every button; each also has its own part below
 * @csspart withdraw - "Withdraw" of a consent Global Privacy Control holds back
 * @csspart withdraw-all - "Withdraw all consents"
 * @csspart export - "Download my data"
 * @csspart erase - "Delete my data"
 * @csspart erase-yes - confirms the deletion
 * @csspart erase-no - cancels the deletion
 * @csspart close - "Close" (with `dialog`)
 * @csspart status - the status line (read out by screen readers)
 *
 * @cssprop --ck-accent - colour of buttons, switches and focus rings (default #1a56db)
 * @cssprop --ck-bg - background (default #fff)
 * @cssprop --ck-fg - text colour (default #1f2937)
 * @cssprop --ck-radius - corner radius (default 6px)
 * @cssprop --ck-font - font (default: inherited)
 */
export class CkPrivacyCenter extends LitElement {
  /** Waits for the configuration to be checked before the first (and any) update: see afterConfig. */
  protected override scheduleUpdate(): void | Promise<unknown> {
    return afterConfig(() => super.scheduleUpdate());
  }

  static override styles = styles;

  static override properties = {
    dialog: { type: Boolean, reflect: true },
    langAttribute: { attribute: 'lang' },
    policyUrl: { attribute: 'policy-url' },
    imprintUrl: { attribute: 'imprint-url' },
    headingLevel: { attribute: 'heading-level' },
    services: { state: true, attribute: false },
    listed: { state: true, attribute: false },
    texts: { state: true, attribute: false },
    status: { state: true, attribute: false },
    confirming: { state: true, attribute: false },
  };

  /** Render as a modal dialog, opened with `show()`. */
  declare dialog: boolean;
  /** Mirrors the `lang` attribute. */
  declare langAttribute: string | null;
  /** The site's privacy policy; overrides config `policyUrl`. */
  declare policyUrl: string | null;
  /** The site's imprint; overrides config `imprintUrl`. */
  declare imprintUrl: string | null;
  /** Level of the title, 1–6. */
  declare headingLevel: string | null;

  declare private services: ServiceInfo[];
  /** The list of services has been read once: before, the center shows nothing (not "no services", then the list, moving what follows). */
  declare private listed: boolean;
  declare private texts: { c: CenterTexts; t: Translation; locale: Locale } | undefined;
  declare private status: string;
  declare private confirming: boolean;

  private readonly ids = `ck-privacy-${++uid}`;
  private cleanup: Array<() => void> = [];
  private erasureId: string | undefined;
  private ownPolicy: string | undefined;
  private ownImprint: string | undefined;
  /** Where focus was before the dialog opened; it goes back there on close. */
  private opener: HTMLElement | undefined;
  private readonly pending = new Pending();
  private readonly i18n = new TextsController(this, {
    lang: () => this.langAttribute,
    load: (locale) => Promise.all([centerTexts(locale), loadTranslation(locale)]).then(([c, t]) => ({ c, t: withSiteTexts(locale, t), locale })),
    pending: this.pending,
    arrived: (texts) => (this.texts = texts),
  });
  private listing = 0;

  constructor() {
    super();
    // A decision here, in an element or in another tab: states and list follow at once.
    new ConsentController(this, () => {
      this.requestUpdate();
      this.refresh();
    });
    this.dialog = false;
    this.langAttribute = this.policyUrl = this.imprintUrl = this.headingLevel = null;
    this.services = [];
    this.listed = false;
    this.status = '';
    this.confirming = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // A decision here, in an element or in another tab: states and list follow at once.
    const refresh = () => {
      this.requestUpdate();
      this.refresh();
    };
    const onErasure = (e: CustomEvent<{ id: string; status: string; reason?: string }>) => this.onErasure(e.detail);
    document.addEventListener('ck-erasure', onErasure);
    this.cleanup = [onServicesChange(refresh), () => document.removeEventListener('ck-erasure', onErasure)];
    void afterConfig(() => this.isConnected && this.refresh()); // the list reads the configuration (its services)
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.cleanup.forEach((stop) => stop());
  }

  /** Resolves once services and texts are loaded and rendered. */
  protected override getUpdateComplete(): Promise<boolean> {
    return this.pending.settle(() => super.getUpdateComplete());
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.i18n.pick();
    if (changed.has('policyUrl')) this.ownPolicy = checkedUrl(this, 'policy-url', this.policyUrl);
    if (changed.has('imprintUrl')) this.ownImprint = checkedUrl(this, 'imprint-url', this.imprintUrl);
  }

  /** Opens the dialog (with `dialog`) and moves focus into it. */
  async show(): Promise<void> {
    const active = deepActiveElement();
    if (active && !this.shadowRoot?.contains(active)) this.opener = active;
    await this.updateComplete;
    const dialog = this.renderRoot.querySelector('dialog');
    if (dialog && !dialog.open) dialog.showModal();
    // The first choice in it, not Close (first in the dialog).
    this.renderRoot.querySelector<HTMLElement>('[part~="switch"], [part~="button"]:not(:disabled):not([part~="close"])')?.focus();
  }

  /** Closes the dialog. */
  close(): void {
    this.renderRoot.querySelector('dialog')?.close();
  }

  private refresh(): void {
    const token = ++this.listing;
    this.pending.add(
      listServices()
        .then((services) => {
          if (token === this.listing) this.services = services;
        })
        .finally(() => (this.listed = true)),
    );
  }

  private onErasure({ id, status, reason }: { id: string; status: string; reason?: string }): void {
    if (id !== this.erasureId || !this.texts) return;
    const { c } = this.texts;
    if (status === 'sent') this.status = `${c.erased} ${c.erasureSent}`;
    if (status === 'dropped') this.status = `${c.erased} ${format(c.erasureDropped, { reason: reason ?? '' })}`;
  }

  /** The visitor flipped a service's switch: allow (remembered, proven as `settings`) or withdraw. */
  private onSwitch(service: ServiceInfo, on: boolean): void {
    const { c, locale } = this.texts!;
    if (!on) {
      withdraw(service.id, ProofMethod.settings);
      this.status = format(c.withdrawn, { service: service.name });
      return;
    }
    // The row's texts are what the visitor agreed to here.
    const text = [service.name, this.who(service), localize(service.data, locale), format(c.allow, { service: service.name })].join('\n');
    // While Global Privacy Control holds the service back, allowing lasts for this visit.
    recordDecision(this, { service: service.id, decision: Decision.granted, remembered: !gpcApplies(service.id), text, version: textVersion(text), locale, method: ProofMethod.settings, purpose: service.purpose });
    this.status = format(c.allowed, { service: service.name });
  }

  private onWithdrawAll(): void {
    withdrawAll(ProofMethod.settings);
    this.status = this.texts!.c.allWithdrawn;
    // The button is disabled now: focus stays in the center, on the first service.
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[part~="switch"]')?.focus());
  }

  /** "Download my data": the export as a JSON file. */
  private onExport(): void {
    const file = `consentkit-${location.hostname || 'site'}-${new Date().toISOString().slice(0, 10)}.json`;
    const url = URL.createObjectURL(new Blob([JSON.stringify(exportData(), null, 2)], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = file;
    link.hidden = true;
    this.renderRoot.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    this.status = format(this.texts!.c.exported, { file });
  }

  private onEraseConfirmed(): void {
    const { c } = this.texts!;
    const { requestId } = erase();
    this.erasureId = requestId;
    this.confirming = false;
    this.status = requestId ? `${c.erased} ${c.erasureQueued}` : c.erased;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[part~="erase"]')?.focus());
  }

  private who(service: ServiceInfo): string {
    if (service.company) return format(this.texts!.t.provider, { company: service.company, address: service.address });
    return service.own ? this.texts!.c.ownPurpose : '';
  }

  private onClose(): void {
    this.confirming = false;
    const opener = this.opener;
    this.opener = undefined;
    if (opener?.isConnected) opener.focus();
  }

  private renderService(listed: ServiceInfo) {
    const { c, t, locale } = this.texts!;
    const push = listed.id === PUSH_SERVICE;
    const service = push && !listed.name ? { ...listed, name: c.pushName, data: c.pushData } : listed;
    const record = getStore().get(service.id);
    const granted = allowed(service.id);
    const held = record?.decision === Decision.granted && !granted; // a remembered grant GPC holds back
    const state = granted ? (record!.remembered ? c.allowedRemembered : c.allowedOnce) : held ? c.gpcHeld : c.notAllowed;
    const id = `${this.ids}-${service.id}`;
    const date = record ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(record.at) : '';
    return html`<li part="service" class="service">
      <div class="about">
        <p class="head"><span part="name" class="name">${service.name}</span> <span part="state" class="state ${granted ? 'on' : ''}">${state}</span></p>
        <p part="text" id="${id}-details" class="details">
          ${this.who(service)} ${localize(service.data, locale)} ${record ? format(c.decided, { date, version: record.version || '–' }) : ''}
          ${!granted && !service.allowable ? (push ? c.pushWhereShown : c.allowWhereShown) : ''}
        </p>
        ${held ? html`<button part="button withdraw" type="button" @click=${() => this.onSwitch(service, false)}>${format(c.gpcWithdraw, { service: service.name })}</button>` : nothing}
        ${service.privacyUrl
          ? html`<a part="link" href=${service.privacyUrl} target="_blank" rel="noopener noreferrer" referrerpolicy="no-referrer">${format(t.policy, { company: service.company || service.name })}</a>`
          : nothing}
      </div>
      <label class="switch">
        <input part="switch" type="checkbox" role="switch" .checked=${granted} ?disabled=${!granted && !service.allowable} aria-describedby="${id}-details" @change=${(e: Event) => this.onSwitch(service, (e.target as HTMLInputElement).checked)} />
        <span>${format(c.allow, { service: service.name })}</span>
      </label>
    </li>`;
  }

  protected override render() {
    if (!this.texts || !this.listed) return nothing;
    const { c, t, locale } = this.texts;
    const config = getConfig();
    const policy = this.ownPolicy ?? config.policyUrl;
    const imprint = this.ownImprint ?? config.imprintUrl;
    const anyGranted = getStore().list().some((r) => r.decision === Decision.granted);
    const level = Math.min(6, Math.max(1, Number(this.headingLevel) || 2));
    const title = html`<div role="heading" aria-level=${level} part="title" class="title" id="${this.ids}-title">${c.title}</div>`;
    const services = html`
      <p part="text">${c.intro}</p>
      ${this.services.length ? html`<ul part="list" class="list">${this.services.map((s) => this.renderService(s))}</ul>` : html`<p part="text">${c.none}</p>`}
    `;
    const withdrawAll = html`<button part="button withdraw-all" type="button" ?disabled=${!anyGranted} @click=${this.onWithdrawAll}>${c.withdrawAll}</button>`;
    const data = html`
      <div role="heading" aria-level=${Math.min(6, level + 1)} part="title" class="subtitle">${c.dataTitle}</div>
      <p part="text">${c.dataText}</p>
    `;
    const dataButtons = html`
      <button part="button export" type="button" @click=${this.onExport}>${c.exportData}</button>
      <button part="button erase" type="button" aria-expanded=${this.confirming ? 'true' : 'false'} aria-controls="${this.ids}-confirm" @click=${() => (this.confirming = !this.confirming)}>${c.erase}</button>
    `;
    const after = html`
      <div id="${this.ids}-confirm" class="confirm" role="group" aria-label=${c.erase} ?hidden=${!this.confirming}>
        <p part="text">${c.eraseConfirm} ${config.deletionEndpoint ? c.eraseRemote : ''}</p>
        <button part="button erase-yes" type="button" @click=${this.onEraseConfirmed}>${c.eraseYes}</button>
        <button part="button erase-no" type="button" @click=${() => (this.confirming = false)}>${c.eraseNo}</button>
      </div>
      <p part="status" class="status" role="status">${this.status}</p>
      <p class="links">
        ${policy ? html`<a part="link" href=${policy}>${t.sitePolicy}</a>` : nothing}
        ${imprint ? html`<a part="link" href=${imprint}>${t.imprint}</a>` : nothing}
      </p>
    `;
    if (!this.dialog) {
      return html`<section part="center" aria-labelledby="${this.ids}-title" lang=${locale}>
        ${title} ${services}
        <div class="actions">${withdrawAll}</div>
        ${data}
        <div class="actions">${dataButtons}</div>
        ${after}
      </section>`;
    }
    // As a dialog over many services: Close at the top, the list scrolls between, and the actions
    // stay in view below it, so none of them is a long scroll away.
    return html`<dialog part="dialog" class="framed" aria-labelledby="${this.ids}-title" lang=${locale} @close=${this.onClose}>
      <div class="top">${title}<button part="button close" type="button" class="close" @click=${this.close}>${c.close}</button></div>
      <div class="scroll">${services} ${data}</div>
      <div class="bottom">
        <div class="actions">${withdrawAll} ${dataButtons}</div>
        ${after}
      </div>
    </dialog>`;
  }
}

/** The focused element, looking into shadow roots. */
function deepActiveElement(): HTMLElement | undefined {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement && active !== document.body ? active : undefined;
}

/**
 * Opens the privacy settings as a dialog: the page's `<ck-privacy-center dialog>`, or one added
 * to the page for the purpose. What `<ck-privacy-button>` and `consentkit.open()` do.
 */
export async function openPrivacyCenter(): Promise<CkPrivacyCenter> {
  let center = document.querySelector<CkPrivacyCenter>('ck-privacy-center[dialog]');
  if (!center) {
    center = document.createElement('ck-privacy-center');
    center.dialog = true;
    document.body.append(center);
  }
  await center.show();
  return center;
}

if (!customElements.get('ck-privacy-center')) customElements.define('ck-privacy-center', CkPrivacyCenter);

declare global {
  interface HTMLElementTagNameMap {
    'ck-privacy-center': CkPrivacyCenter;
  }
}
