import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { Decision } from '../../core/decision.js';
import { textVersion } from '../../core/hash.js';
import { format, localize, type Locale } from '../../core/i18n.js';
import { ProofMethod, sha256 } from '../../core/proof.js';
import { PUSH_SERVICE, pushHold, type PushHold, type PushTemplate } from '../../core/push.js';
import { fire } from '../../events.js';
import { announce, pushUnsupported, subscribe, unsubscribePush } from '../../push.js';
import { getConfig, getStore, onConsentChange, recordDecision } from '../../runtime.js';
import { noteService } from '../../services.js';
import { elementLocale, pageScriptsDone } from '../locale.js';
import { Pending } from '../pending.js';
import { tokens } from '../shared.styles.js';
import { pushTexts, type PushTexts } from './texts.js';

const TRIGGERS = ['immediate', 'delay', 'pageviews', 'scroll', 'manual'] as const;
type Trigger = (typeof TRIGGERS)[number];
const VARIANTS = ['banner', 'slide-in', 'bell'] as const;
type Variant = (typeof VARIANTS)[number];
/** Page views so far, for `trigger="pageviews"`; counted once per page load. */
const VIEWS_KEY = 'consentkit:push:views';
let viewCounted: number | undefined;

let uid = 0;

/**
 * A soft prompt for push notifications: the site's own text first, the browser's permission
 * prompt and the Push API subscription only after "Allow". Never shown where push is unsupported,
 * when the browser's permission is already decided, or within the cool-down after "No".
 *
 * @tag ck-push-prompt
 * @attr variant - `banner` (default, in place), `slide-in` (a card in the bottom corner) or `bell` (a bell button that opens it)
 * @attr template - a template id: built-in `default`, `news`, `offers`, or one from config `push.templates`
 * @attr heading, body, allow-label, deny-label - this element's own texts (placeholders `{site}`, `{topics}`)
 * @attr topics - topic ids from config `push.topics`, offered as checkboxes, e.g. `news offers`
 * @attr trigger - `immediate` (default), `delay` (after `delay` seconds), `pageviews` (from the `pageviews`-th page view), `scroll` (after `scroll` % of the page), `manual` (only `show()`)
 * @attr delay - seconds for `trigger="delay"` (default 5)
 * @attr pageviews - page views for `trigger="pageviews"` (default 2)
 * @attr scroll - percent for `trigger="scroll"` (default 50)
 * @attr manage - once notifications are on, show "Turn off notifications" (the bell always does)
 * @attr lang - locale of the texts; default: the nearest `lang` on the page, then the config
 *
 * @fires ck-consent - the visitor allowed or declined; detail: {service: "push", decision, remembered, version}
 * @fires ck-push-subscribed - push is on; detail: {subscription (PushSubscriptionJSON or null), topics}
 * @fires ck-push-unsubscribed - push was turned off (on `document`); detail: {hadSubscription}
 * @fires ck-push-error - turning push on failed; detail: {reason}
 *
 * @csspart prompt - the prompt's box
 * @csspart title - its heading
 * @csspart text - its body
 * @csspart topics - the topic checkboxes' fieldset
 * @csspart checkbox - a topic checkbox
 * @csspart button - every button; also `allow`, `deny`, `turn-off`
 * @csspart bell - the bell button (`variant="bell"`)
 * @csspart status - the outcome ("Notifications are on.")
 *
 * @cssprop --ck-accent - colour of the "Allow" button and focus rings (default #1a56db)
 * @cssprop --ck-bg - background (default #fff)
 * @cssprop --ck-fg - text colour (default #1f2937)
 * @cssprop --ck-radius - corner radius (default 6px)
 */
export class CkPushPrompt extends LitElement {
  static override styles = [
    tokens,
    css`
      :host {
        --_bg: var(--ck-bg, #fff);
        display: block;
      }
      :host([variant='bell']) {
        display: inline-block;
        position: relative;
      }
      .prompt {
        box-sizing: border-box;
        padding: 1em;
        border-radius: var(--_radius);
        background: var(--_bg);
        color: var(--_fg);
        box-shadow: 0 4px 16px rgb(0 0 0 / 0.2);
        line-height: 1.45;
        font-size: 0.9375rem;
      }
      :host([variant='slide-in']) .prompt {
        position: fixed;
        z-index: 2147483000;
        inset-block-end: 1rem;
        inset-inline-end: 1rem;
        width: min(24rem, calc(100vw - 2rem));
        animation: slide-in 0.25s ease-out;
      }
      :host([variant='bell']) .prompt {
        position: absolute;
        z-index: 10;
        inset-block-start: calc(100% + 4px);
        inset-inline-end: 0;
        width: min(22rem, calc(100vw - 2rem));
      }
      @keyframes slide-in {
        from {
          transform: translateY(1rem);
          opacity: 0;
        }
      }
      @media (prefers-reduced-motion: reduce) {
        .prompt {
          animation: none !important;
        }
      }
      .title {
        font-weight: 700;
        margin: 0 0 0.4em;
      }
      p {
        margin: 0 0 0.75em;
      }
      fieldset {
        border: 0;
        margin: 0 0 0.75em;
        padding: 0;
        display: flex;
        flex-wrap: wrap;
        gap: 0.25em 1em;
      }
      legend {
        padding: 0;
        margin-block-end: 0.25em;
      }
      label {
        display: inline-flex;
        gap: 0.35em;
        align-items: center;
      }
      input {
        accent-color: var(--_accent);
      }
      .buttons {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5em;
      }
      button {
        font: inherit;
        cursor: pointer;
        border-radius: var(--_radius);
        padding: 0.45em 1em;
        border: 1px solid currentColor;
        background: transparent;
        color: inherit;
      }
      [part~='allow'] {
        background: var(--_accent);
        border-color: var(--_accent);
        color: var(--_accent-text);
        font-weight: 600;
      }
      [part~='bell'] {
        padding: 0.35em 0.6em;
        line-height: 1;
      }
      .status:empty {
        display: none;
      }
    `,
  ];

  static override properties = {
    variant: { reflect: true },
    template: {},
    heading: {},
    body: {},
    allowLabel: { attribute: 'allow-label' },
    denyLabel: { attribute: 'deny-label' },
    topics: {},
    trigger: {},
    delay: {},
    pageviews: {},
    scrollPercent: { attribute: 'scroll' },
    manage: { type: Boolean },
    langAttribute: { attribute: 'lang' },
    texts: { state: true },
    visible: { state: true },
    open: { state: true },
    busy: { state: true },
    status: { state: true },
    picked: { state: true },
  };

  /** `banner`, `slide-in` or `bell`. */
  declare variant: Variant;
  /** Template id. */
  declare template: string | null;
  /** This element's heading text. */
  declare heading: string | null;
  /** This element's body text. */
  declare body: string | null;
  /** Text of the "Allow" button. */
  declare allowLabel: string | null;
  /** Text of the "No" button. */
  declare denyLabel: string | null;
  /** Topic ids offered, separated by spaces. */
  declare topics: string | null;
  /** When the prompt appears. */
  declare trigger: Trigger;
  /** Seconds for `trigger="delay"`. */
  declare delay: string | null;
  /** Page views for `trigger="pageviews"`. */
  declare pageviews: string | null;
  /** Percent scrolled for `trigger="scroll"` (attribute `scroll`). */
  declare scrollPercent: string | null;
  /** Show "Turn off notifications" once they are on. */
  declare manage: boolean;
  /** Mirrors the `lang` attribute. */
  declare langAttribute: string | null;

  declare private texts: { p: PushTexts; locale: Locale } | undefined;
  declare private visible: boolean;
  /** The bell's panel is open. */
  declare private open: boolean;
  declare private busy: boolean;
  declare private status: string;
  declare private picked: Set<string>;

  private readonly ids = `ck-push-${++uid}`;
  private readonly pending = new Pending();
  private disarm: Array<() => void> = [];
  private armedFor = '';

  constructor() {
    super();
    this.variant = 'banner';
    this.trigger = 'immediate';
    this.template = this.heading = this.body = this.allowLabel = this.denyLabel = this.topics = this.delay = this.pageviews = this.scrollPercent = this.langAttribute = null;
    this.manage = false;
    this.visible = this.open = this.busy = false;
    this.status = '';
    this.picked = new Set();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    countPageView();
    const stop = onConsentChange(({ service }) => {
      if (service === null && this.texts) this.picked = new Set(this.offeredTopics()); // configure() may bring topics
      if (service === null || service === PUSH_SERVICE) this.requestUpdate();
    });
    this.disarm.push(stop);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.disarm.splice(0).forEach((stop) => stop());
    this.armedFor = '';
  }

  protected override getUpdateComplete(): Promise<boolean> {
    return this.pending.settle(() => super.getUpdateComplete());
  }

  /** Shows the prompt now (whatever the trigger), unless push cannot be offered; returns whether it shows. */
  show(): boolean {
    if (this.hold(true)) return false;
    this.visible = true;
    if (this.variant === 'bell') this.open = true;
    return true;
  }

  /** Hides the prompt without a decision (it may show again on a later page). */
  hide(): void {
    this.visible = this.open = false;
  }

  /** "Turn off notifications": ends the subscription and withdraws the consent. */
  async unsubscribe(): Promise<void> {
    await unsubscribePush(getConfig(), ProofMethod.settings);
    if (this.texts) this.status = this.texts.p.turnedOff;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('langAttribute') || !this.texts) this.loadTexts();
    if (changed.has('topics') && this.texts) this.picked = new Set(this.offeredTopics());
    if (changed.has('variant') && !(VARIANTS as readonly string[]).includes(this.variant)) {
      console.error(`consentkit: <ck-push-prompt variant="${this.variant}"> must be ${VARIANTS.join(', ')}; showing a banner.`);
      this.variant = 'banner';
    }
    if (changed.has('trigger') && !(TRIGGERS as readonly string[]).includes(this.trigger)) {
      console.error(`consentkit: <ck-push-prompt trigger="${this.trigger}"> must be ${TRIGGERS.join(', ')}; waiting for show().`);
      this.trigger = 'manual';
    }
  }

  protected override updated(): void {
    // (Re-)arm the trigger once texts are there and whenever it changes.
    const key = [this.trigger, this.delay, this.pageviews, this.scrollPercent, !!this.texts].join('|');
    if (!this.texts || key === this.armedFor || !this.isConnected) return;
    this.armedFor = key;
    queueMicrotask(() => this.arm()); // showing is a change of its own, after this update
  }

  private loadTexts(): void {
    const locale = elementLocale(this, this.langAttribute);
    // After the page's own scripts: topics and templates may come from a site script's configure().
    this.pending.add(
      Promise.all([pushTexts(locale), pageScriptsDone]).then(([p]) => {
        if (!this.texts) this.picked = new Set(this.offeredTopics());
        this.texts = { p, locale };
        noteService({ id: PUSH_SERVICE, name: p.name, company: '', address: '', privacyUrl: '', data: p.data, purpose: PUSH_SERVICE, own: true });
      }),
    );
  }

  /** Why the prompt may not be offered now; logs it (once per reason) when `say` is set. */
  private hold(say = false): PushHold | undefined {
    const config = getConfig();
    const unsupported = pushUnsupported(config);
    const hold = pushHold({
      supported: !unsupported,
      permission: unsupported ? 'default' : Notification.permission,
      record: getStore().get(PUSH_SERVICE),
      now: Date.now(),
      cooldownDays: config.push.cooldownDays ?? 30,
    });
    if (say && hold) {
      const why = {
        unsupported: unsupported,
        granted: 'the browser already allows notifications for this site',
        subscribed: 'notifications are already on',
        denied: 'the visitor blocked notifications in the browser',
        cooldown: `the visitor said no less than ${config.push.cooldownDays ?? 30} days ago`,
      }[hold];
      console.info(`consentkit: <ck-push-prompt> is not shown: ${why}.`);
    }
    return hold;
  }

  private arm(): void {
    this.disarm.splice(1).forEach((stop) => stop()); // keep the consent subscription (index 0)
    if (this.hold(true)) return;
    const number = (value: string | null, fallback: number, min: number, max: number, name: string) => {
      if (value === null) return fallback;
      const n = Number(value);
      if (Number.isFinite(n) && n >= min && n <= max) return n;
      console.error(`consentkit: <ck-push-prompt ${name}="${value}"> must be a number from ${min} to ${max}; using ${fallback}.`);
      return fallback;
    };
    const reveal = () => {
      if (!this.hold()) this.visible = true;
    };
    switch (this.trigger) {
      case 'immediate':
        return reveal();
      case 'delay': {
        const timer = setTimeout(reveal, number(this.delay, 5, 0, 3600, 'delay') * 1000);
        this.disarm.push(() => clearTimeout(timer));
        return;
      }
      case 'pageviews':
        if ((viewCounted ?? 0) >= number(this.pageviews, 2, 1, 1000, 'pageviews')) reveal();
        return;
      case 'scroll': {
        const percent = number(this.scrollPercent, 50, 0, 100, 'scroll');
        const check = () => {
          const scrolled = ((scrollY + innerHeight) / Math.max(1, document.documentElement.scrollHeight)) * 100;
          if (scrolled >= percent) {
            removeEventListener('scroll', check);
            reveal();
          }
        };
        addEventListener('scroll', check, { passive: true });
        this.disarm.push(() => removeEventListener('scroll', check));
        return check();
      }
      case 'manual':
        return;
    }
  }

  private offeredTopics(): string[] {
    const configured = getConfig().push.topics ?? {};
    const ids = (this.topics ?? '').split(/[\s,]+/).filter(Boolean);
    const unknown = ids.filter((id) => !Object.hasOwn(configured, id));
    if (unknown.length) console.error(`consentkit: <ck-push-prompt topics="${this.topics}">: ${unknown.join(', ')} not in config push.topics; left out.`);
    return ids.filter((id) => Object.hasOwn(configured, id));
  }

  /** The prompt's texts: the element's own, else its template (config, then built-in), with placeholders filled. */
  private compose(p: PushTexts, locale: Locale): PushTemplate & { topicLabels: Record<string, string> } {
    const config = getConfig();
    const id = this.template ?? 'default';
    const own = config.push.templates?.[id];
    const builtIn = p.templates[id as keyof PushTexts['templates']];
    if (!own && !builtIn) console.error(`consentkit: <ck-push-prompt template="${id}"> names no template; using "default".`);
    const template = (own && (own[locale] ?? own.en ?? Object.values(own)[0])) ?? builtIn ?? p.templates.default;
    const topicLabels = Object.fromEntries(this.offeredTopics().map((t) => [t, localize(config.push.topics![t]!, locale)]));
    const labels = Object.values(topicLabels);
    const topics = labels.length ? (labels.length === 1 ? labels[0]! : `${labels.slice(0, -1).join(', ')} ${p.and} ${labels.at(-1)}`) : p.everything;
    const vars = { site: config.push.site ?? location.hostname, topics };
    return {
      title: format(this.heading ?? template.title, vars),
      body: format(this.body ?? template.body, vars),
      allow: format(this.allowLabel ?? template.allow, vars),
      deny: format(this.denyLabel ?? template.deny, vars),
      topicLabels,
    };
  }

  /** The exact text the visitor decides on, as hashed into the proof. */
  private decisionText(shown: ReturnType<CkPushPrompt['compose']>, button: string): string {
    const topics = Object.entries(shown.topicLabels)
      .filter(([id]) => this.picked.has(id))
      .map(([, label]) => label);
    return [shown.title, shown.body, ...(topics.length ? [`${this.texts!.p.topicsLegend}: ${topics.join(', ')}`] : []), button].join('\n');
  }

  private decide(decision: Decision, text: string, extra: { topics?: string[]; subscriptionHash?: string } = {}): void {
    recordDecision(this, { service: PUSH_SERVICE, decision, remembered: true, text, version: textVersion(text), locale: this.texts!.locale, method: ProofMethod.prompt, purpose: PUSH_SERVICE, ...extra });
  }

  /**
   * "Allow": the browser's permission prompt, called right in the click (a user gesture), then
   * the subscription. Consent is recorded once the browser granted permission and, where one is
   * configured, the subscription exists.
   */
  private onAllow(): void {
    const config = getConfig();
    const { p } = this.texts!;
    const shown = this.compose(p, this.texts!.locale);
    const text = this.decisionText(shown, shown.allow);
    const topics = [...this.picked];
    const asked = Notification.requestPermission();
    this.busy = true;
    void (async () => {
      try {
        const permission = await asked;
        if (permission === 'denied') {
          this.decide(Decision.denied, text);
          this.fail('denied', p.blocked);
          return;
        }
        if (permission !== 'granted') return this.hide(); // the browser's prompt was dismissed: ask another time
        let subscription: PushSubscription | null;
        try {
          subscription = await subscribe(config);
        } catch (e) {
          const error = e as Error;
          // Chromium says "Registration failed - push service error/not available" when it cannot reach its push service.
          const unreachable = /push service/i.test(error.message);
          console.error(`consentkit: push subscription failed (${error.name}: ${error.message})${unreachable ? ': the browser\'s push service cannot be reached' : ''}. No consent was recorded.`);
          this.fail(error.message, format(p.failed, { reason: unreachable ? p.unreachable : error.message }));
          return;
        }
        const subscriptionHash = subscription ? await sha256(subscription.endpoint) : undefined;
        this.decide(Decision.granted, text, { topics, ...(subscriptionHash && { subscriptionHash }) });
        const json = subscription?.toJSON() ?? null;
        if (json) announce(config, { type: 'subscribe', subscription: json, topics });
        fire(this, 'ck-push-subscribed', { subscription: json, topics });
        this.status = p.subscribed;
      } finally {
        this.busy = false;
      }
    })();
  }

  private fail(reason: string, message: string): void {
    fire(this, 'ck-push-error', { reason });
    this.status = message;
  }

  /** "No": remembered, so the prompt stays away for the cool-down. */
  private onDeny(): void {
    const shown = this.compose(this.texts!.p, this.texts!.locale);
    this.decide(Decision.denied, this.decisionText(shown, shown.deny));
    this.hide();
  }

  private toggleTopic(id: string, on: boolean): void {
    const next = new Set(this.picked);
    if (on) next.add(id);
    else next.delete(id);
    this.picked = next;
  }

  protected override render() {
    if (!this.texts) return nothing;
    const { p, locale } = this.texts;
    const hold = this.hold();
    const on = hold === 'subscribed';
    const bell = this.variant === 'bell';
    if (bell && (!hold || on || this.status)) {
      return html`<button part="button bell" type="button" aria-label=${p.bell} aria-expanded=${this.open ? 'true' : 'false'} aria-controls=${this.ids} @click=${() => (this.open = !this.open)} lang=${locale}>🔔</button>
        ${this.open ? this.renderPanel(p, locale, on) : nothing}`;
    }
    if (this.status) return html`<p part="status" class="status" role="status" lang=${locale}>${this.status}</p>`;
    if (on && this.manage) return this.renderPanel(p, locale, true);
    return this.visible && !hold ? this.renderPanel(p, locale, false) : nothing;
  }

  private renderPanel(p: PushTexts, locale: Locale, on: boolean) {
    const id = this.ids;
    if (on || this.status) {
      return html`<div part="prompt" class="prompt" id=${id} role="region" aria-label=${p.bell} lang=${locale}>
        <p part="status" class="status" role="status">${this.status || p.subscribed}</p>
        ${on ? html`<button part="button turn-off" type="button" @click=${this.unsubscribe}>${p.turnOff}</button>` : nothing}
      </div>`;
    }
    const shown = this.compose(p, locale);
    return html`<div part="prompt" class="prompt" id=${id} role="region" aria-labelledby="${id}-title" lang=${locale}>
      <p part="title" class="title" id="${id}-title">${shown.title}</p>
      <p part="text">${shown.body}</p>
      ${Object.keys(shown.topicLabels).length
        ? html`<fieldset part="topics">
            <legend>${p.topicsLegend}</legend>
            ${Object.entries(shown.topicLabels).map(
              ([topic, label]) => html`<label><input part="checkbox" type="checkbox" .checked=${this.picked.has(topic)} @change=${(e: Event) => this.toggleTopic(topic, (e.target as HTMLInputElement).checked)} />${label}</label>`,
            )}
          </fieldset>`
        : nothing}
      <div class="buttons">
        <button part="button allow" type="button" ?disabled=${this.busy} @click=${this.onAllow}>${shown.allow}</button>
        <button part="button deny" type="button" ?disabled=${this.busy} @click=${this.onDeny}>${shown.deny}</button>
      </div>
    </div>`;
  }
}

/** Counts this page load once in `localStorage` (for `trigger="pageviews"`). */
function countPageView(): void {
  if (viewCounted !== undefined) return;
  try {
    viewCounted = (Number(localStorage.getItem(VIEWS_KEY)) || 0) + 1;
    localStorage.setItem(VIEWS_KEY, String(viewCounted));
  } catch {
    viewCounted = 1;
  }
}

if (!customElements.get('ck-push-prompt')) customElements.define('ck-push-prompt', CkPushPrompt);

declare global {
  interface HTMLElementTagNameMap {
    'ck-push-prompt': CkPushPrompt;
  }
}
