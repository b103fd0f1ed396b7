import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { Decision } from '../../core/decision.js';
import { textVersion } from '../../core/hash.js';
import { format, localize, type Locale } from '../../core/i18n.js';
import { ProofMethod } from '../../core/decision.js';
import { sha256 } from '../../core/hash.js';
import { PUSH_SERVICE, pushHold, type PushHold, type PushTemplate } from '../../core/push.js';
import { fire } from '../../kit/events.js';
import { announce, pushMisconfigured, pushUnsupported, subscribe, SUBSCRIBE_TIMEOUT_MS, unsubscribePush, type PushErrorEventDetail } from '../../push/subscription.js';
import { afterConfig, configChecked, getConfig, getStore, gpcApplies, recordDecision } from '../../kit/runtime.js';
import { noteService, plainService } from '../../kit/services.js';
import { pageScriptsDone } from '../../controllers/locale.js';
import { Pending } from '../../controllers/pending.js';
import { ConsentController } from '../../controllers/consent-controller.js';
import { TextsController } from '../../controllers/texts-controller.js';
import { styles } from './push-prompt.styles.js';
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
 * @attr heading - this element's own title (placeholders `{site}`, `{topics}`)
 * @attr body - this element's own text
 * @attr allow-label - this element's own "Allow" button text
 * @attr deny-label - this element's own "No" button text
 * @attr topics - topic ids from config `push.topics`, offered as unticked checkboxes, e.g. `news offers`
 * @attr trigger - `immediate` (default), `delay` (after `delay` seconds), `pageviews` (from the `pageviews`-th page view), `scroll` (after `scroll` % of the page), `manual` (only `show()`)
 * @attr delay - seconds for `trigger="delay"` (default 5)
 * @attr pageviews - page views for `trigger="pageviews"` (default 2)
 * @attr scroll - percent for `trigger="scroll"` (default 50)
 * @attr manage - once notifications are on, show "Turn off notifications" (the bell always does)
 * @attr subscribe-timeout - seconds "Allow" waits for the browser's push service before saying it cannot be reached (default 15)
 * @attr lang - locale of the texts; default: the nearest `lang` on the page, then the config
 *
 * @fires ck-consent - the visitor allowed or declined; detail: {service: "push", decision, remembered, version}
 * @fires ck-push-subscribed - push is on; detail: {subscription (PushSubscriptionJSON or null), topics}
 * @fires ck-push-unsubscribed - push was turned off (on `document`); detail: {hadSubscription}
 * @fires ck-push-error - turning push on failed; detail: {reason, message}
 *
 * @csspart prompt - the prompt's box
 * @csspart title - its heading
 * @csspart text - its body
 * @csspart topics - the topic checkboxes' fieldset
 * @csspart checkbox - a topic checkbox
 * @csspart button - every button; each also has its own part below
 * @csspart allow - "Yes" (allow notifications)
 * @csspart deny - "No, thanks"
 * @csspart turn-off - "Turn off notifications" (with `manage`, and in the bell)
 * @csspart bell - the bell button (`variant="bell"`)
 * @csspart status - the outcome ("Notifications are on.")
 *
 * @cssprop --ck-accent - colour of the "Allow" button and focus rings (default #1a56db)
 * @cssprop --ck-bg - background (default #fff)
 * @cssprop --ck-fg - text colour (default #1f2937)
 * @cssprop --ck-radius - corner radius (default 6px)
 */
export class CkPushPrompt extends LitElement {
  /** Waits for the configuration to be checked before the first (and any) update: see afterConfig. */
  protected override scheduleUpdate(): void | Promise<unknown> {
    return afterConfig(() => super.scheduleUpdate());
  }

  static override styles = styles;

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
    subscribeTimeout: { attribute: 'subscribe-timeout' },
    langAttribute: { attribute: 'lang' },
    texts: { state: true, attribute: false },
    visible: { state: true, attribute: false },
    open: { state: true, attribute: false },
    busy: { state: true, attribute: false },
    status: { state: true, attribute: false },
    picked: { state: true, attribute: false },
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
  /** Seconds to wait for the browser's push service after "Allow" (attribute `subscribe-timeout`). */
  declare subscribeTimeout: string | null;
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
  private readonly i18n = new TextsController(this, {
    lang: () => this.langAttribute,
    // After the page's own scripts: topics and templates may come from a site script's configure().
    load: (locale) => Promise.all([pushTexts(locale), pageScriptsDone]).then(([p]) => ({ p, locale })),
    pending: this.pending,
    arrived: (texts) => {
      this.texts = texts;
      this.offerTopics();
      noteService(plainService(PUSH_SERVICE, { name: texts.p.name, data: texts.p.data, own: true }));
    },
  });
  /** Cancels the armed trigger (a timer, a scroll listener). */
  private disarm?: () => void;
  private armedFor = '';
  /** Topic ids offered last, to keep the visitor's picks when the offer changes. */
  private offered: string[] = [];
  /** Console messages said already, so a re-render does not repeat them. */
  private readonly said = new Set<string>();

  constructor() {
    super();
    // configure() may bring topics; a push decision elsewhere (another tab, the privacy center) shows here.
    new ConsentController(this, ({ service }) => {
      if (service === null && this.texts) this.offerTopics();
      if (service === null || service === PUSH_SERVICE) this.requestUpdate();
    });
    this.variant = 'banner';
    this.trigger = 'immediate';
    this.template = this.heading = this.body = this.allowLabel = this.denyLabel = this.topics = this.delay = this.pageviews = this.scrollPercent = this.subscribeTimeout = this.langAttribute = null;
    this.manage = false;
    this.visible = this.open = this.busy = false;
    this.status = '';
    this.picked = new Set();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Moved or re-inserted: the trigger is armed again (updated() does it).
    this.armedFor = '';
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.disarm?.();
  }

  protected override getUpdateComplete(): Promise<boolean> {
    return this.pending.settle(() => super.getUpdateComplete());
  }

  /** Shows the prompt now (whatever the trigger), unless push cannot be offered; returns whether it shows. */
  show(): boolean {
    if (configChecked()) {
      void afterConfig(() => this.show()); // the configuration is read once its check has arrived
      return false;
    }
    if (this.hold(true)) return false;
    this.disarm?.();
    this.visible = true;
    if (this.variant === 'bell') this.open = true;
    return true;
  }

  /** Hides the prompt without a decision, and cancels its trigger (a later page may show it again). */
  hide(): void {
    this.disarm?.();
    this.visible = this.open = false;
  }

  /** "Turn off notifications": ends the subscription and withdraws the consent. */
  async unsubscribe(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      await afterConfig(() => undefined);
      await unsubscribePush(getConfig(), ProofMethod.settings);
      if (this.texts) this.showOutcome(this.texts.p.turnedOff);
    } finally {
      this.busy = false;
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.i18n.pick();
    if (changed.has('topics') && this.texts) this.offerTopics();
    if (changed.has('variant') && !(VARIANTS as readonly string[]).includes(this.variant)) {
      this.say('error', `variant="${this.variant}" must be ${VARIANTS.join(', ')}; showing a banner.`);
      this.variant = 'banner';
    }
    if (changed.has('trigger') && !(TRIGGERS as readonly string[]).includes(this.trigger)) {
      this.say('error', `trigger="${this.trigger}" must be ${TRIGGERS.join(', ')}; waiting for show().`);
      this.trigger = 'manual';
    }
  }

  protected override updated(): void {
    // (Re-)arm the trigger once texts are there and whenever it changes.
    const key = [this.trigger, this.delay, this.pageviews, this.scrollPercent, !!this.texts].join('|');
    if (!this.texts || key === this.armedFor || !this.isConnected) return;
    this.armedFor = key;
    // Showing is a change of its own, after this update; updateComplete waits for it.
    this.pending.add(Promise.resolve().then(() => this.arm()));
  }

  /** A console message of this element, said once. */
  private say(level: 'error' | 'info', message: string): void {
    if (this.said.has(message)) return;
    this.said.add(message);
    console[level](`consentkit: <ck-push-prompt> ${message}`);
  }

  /** Why the prompt may not be offered now; `say` tells the console (once). */
  private hold(say = false): PushHold | undefined {
    const config = getConfig();
    const misconfigured = pushMisconfigured(config);
    if (misconfigured) {
      this.say('error', `cannot offer push: ${misconfigured} (it needs the site's service worker and its VAPID public key).`);
      return 'unsupported';
    }
    const unsupported = pushUnsupported();
    const hold = pushHold({
      supported: !unsupported,
      permission: unsupported ? 'default' : Notification.permission,
      record: getStore().get(PUSH_SERVICE),
      now: Date.now(),
      cooldownDays: config.push.cooldownDays ?? 30,
    });
    if (say && hold && hold !== 'subscribed') {
      const why = {
        unsupported,
        denied: 'the visitor blocked notifications in the browser',
        cooldown: `the visitor said no less than ${config.push.cooldownDays ?? 30} days ago`,
      }[hold];
      this.say('info', `is not shown: ${why}.`);
    }
    return hold;
  }

  private arm(): void {
    this.disarm?.();
    this.disarm = undefined;
    if (!this.isConnected || this.hold(true)) return;
    const number = (value: string | null, fallback: number, min: number, max: number, name: string) => {
      if (value === null) return fallback;
      const n = Number(value);
      if (Number.isFinite(n) && n >= min && n <= max) return n;
      this.say('error', `${name}="${value}" must be a number from ${min} to ${max}; using ${fallback}.`);
      return fallback;
    };
    const reveal = () => {
      if (!this.hold()) this.visible = true;
    };
    // Global Privacy Control: a prompt for a service the site lists under `gpc` waits to be asked for.
    if (this.trigger !== 'manual' && gpcApplies(PUSH_SERVICE)) {
      this.say('info', 'is not shown unprompted: the browser sends Global Privacy Control and the site lists push under gpc.services; show() still shows it.');
      return;
    }
    switch (this.trigger) {
      case 'immediate':
        return reveal();
      case 'delay': {
        const timer = setTimeout(reveal, number(this.delay, 5, 0, 3600, 'delay') * 1000);
        this.disarm = () => clearTimeout(timer);
        return;
      }
      case 'pageviews':
        if (countPageView() >= number(this.pageviews, 2, 1, 1000, 'pageviews')) reveal();
        return;
      case 'scroll': {
        const percent = number(this.scrollPercent, 50, 0, 100, 'scroll');
        const check = () => {
          const scrolled = ((scrollY + innerHeight) / Math.max(1, document.documentElement.scrollHeight)) * 100;
          if (scrolled < percent) return;
          this.disarm?.();
          reveal();
        };
        addEventListener('scroll', check, { passive: true });
        this.disarm = () => removeEventListener('scroll', check);
        return check();
      }
      case 'manual':
        return;
    }
  }

  /** The offered topics from the `topics` attribute, each known to config `push.topics`. */
  private offeredTopics(): string[] {
    const configured = getConfig().push.topics ?? {};
    const ids = (this.topics ?? '').split(/[\s,]+/).filter(Boolean);
    const unknown = ids.filter((id) => !Object.hasOwn(configured, id));
    if (unknown.length) this.say('error', `topics="${this.topics}": ${unknown.join(', ')} not in config push.topics; left out.`);
    return ids.filter((id) => Object.hasOwn(configured, id));
  }

  /** Updates the offer; the visitor's picks stay, and no topic comes ticked: the visitor ticks what they want. */
  private offerTopics(): void {
    const next = this.offeredTopics();
    if (next.join(' ') === this.offered.join(' ')) return;
    this.picked = new Set(next.filter((id) => this.picked.has(id)));
    this.offered = next;
  }

  /** The prompt's texts: the element's own, else its template (config, then built-in), with placeholders filled. */
  private compose(p: PushTexts, locale: Locale): PushTemplate & { topicLabels: Record<string, string> } {
    const config = getConfig();
    const id = this.template ?? 'default';
    const own = config.push.templates?.[id];
    const builtIn = Object.hasOwn(p.templates, id) ? p.templates[id as keyof PushTexts['templates']] : undefined;
    if (!own && !builtIn) this.say('error', `template="${id}" names no template; using "default".`);
    const template = (own && (own[locale] ?? own.en ?? Object.values(own)[0])) ?? builtIn ?? p.templates.default;
    const topicLabels = Object.fromEntries(this.offered.map((t) => [t, localize(config.push.topics![t]!, locale)]));
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
   * the subscription. Consent is recorded once the browser granted permission and subscribed.
   */
  private onAllow(): void {
    if (this.busy) return;
    const config = getConfig();
    const { p } = this.texts!;
    const shown = this.compose(p, this.texts!.locale);
    const text = this.decisionText(shown, shown.allow);
    const topics = [...this.picked];
    const asked = Notification.requestPermission(); // nothing awaited before: the click's user activation is needed
    this.busy = true;
    this.status = '';
    void (async () => {
      try {
        const permission = await asked;
        if (permission === 'denied') {
          this.decide(Decision.denied, text);
          return this.fail('denied', 'the visitor blocked notifications at the browser\'s prompt', p.blocked);
        }
        if (permission !== 'granted') {
          this.fail('dismissed', 'the browser\'s prompt was closed without an answer', '');
          return this.hide(); // ask another time
        }
        let subscription: PushSubscription;
        try {
          subscription = await subscribe(config, this.subscribeTimeoutMs());
        } catch (e) {
          const error = e as Error;
          // Chromium says "Registration failed - push service error/not available" when it cannot reach its push service.
          const unreachable = /push service/i.test(error.message);
          console.error(`consentkit: push subscription failed (${error.name}: ${error.message})${unreachable ? ": the browser's push service cannot be reached" : ''}. No consent was recorded.`);
          return this.fail(unreachable ? 'unreachable' : 'failed', error.message, format(p.failed, { reason: unreachable ? p.unreachable : error.message }));
        }
        const subscriptionHash = await sha256(subscription.endpoint);
        this.decide(Decision.granted, text, { topics, ...(subscriptionHash && { subscriptionHash }) });
        const json = subscription.toJSON();
        announce(config, { type: 'subscribe', subscription: json, topics });
        fire(this, 'ck-push-subscribed', { subscription: json, topics });
        this.showOutcome(p.subscribed);
      } finally {
        this.busy = false;
      }
    })();
  }

  /** The `subscribe-timeout` attribute in milliseconds; the default when it is missing or not a number of seconds from 0 to 600. */
  private subscribeTimeoutMs(): number {
    if (this.subscribeTimeout === null) return SUBSCRIBE_TIMEOUT_MS;
    const seconds = Number(this.subscribeTimeout);
    if (Number.isFinite(seconds) && seconds > 0 && seconds <= 600) return seconds * 1000;
    this.say('error', `subscribe-timeout="${this.subscribeTimeout}" must be a number of seconds above 0 and at most 600; using ${SUBSCRIBE_TIMEOUT_MS / 1000}.`);
    return SUBSCRIBE_TIMEOUT_MS;
  }

  private fail(reason: PushErrorEventDetail['reason'], message: string, shown: string): void {
    fire(this, 'ck-push-error', { reason, message });
    if (shown) this.showOutcome(shown);
  }

  /** Shows an outcome in the live region and moves focus there (the button clicked may be gone). */
  private showOutcome(message: string): void {
    this.status = message;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[part="status"]')?.focus());
  }

  /** "No": remembered, so the prompt stays away for the cool-down. */
  private onDeny(): void {
    if (this.busy) return;
    const shown = this.compose(this.texts!.p, this.texts!.locale);
    this.decide(Decision.denied, this.decisionText(shown, shown.deny));
    this.status = '';
    this.hide();
  }

  private toggleTopic(id: string, on: boolean): void {
    const next = new Set(this.picked);
    if (on) next.add(id);
    else next.delete(id);
    this.picked = next;
  }

  private onKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Escape' || this.variant !== 'bell' || !this.open) return;
    this.open = false;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[part~="bell"]')?.focus());
  }

  protected override render() {
    if (!this.texts) return nothing;
    const { p, locale } = this.texts;
    const hold = this.hold();
    const panel = this.renderPanel(p, locale, hold);
    if (this.variant !== 'bell') return panel;
    // The bell: to turn push on where it may be offered, off once it is on, and for outcomes.
    if (hold && hold !== 'subscribed' && !this.status) return nothing;
    return html`<div @keydown=${this.onKeydown}>
      <button part="button bell" type="button" aria-label=${p.bell} aria-expanded=${this.open ? 'true' : 'false'} aria-controls=${this.ids} @click=${() => (this.open = !this.open)} lang=${locale}>🔔</button>
      ${this.open ? panel : nothing}
    </div>`;
  }

  /** The offer (when it may be shown), the live status line, and "Turn off" once push is on. */
  private renderPanel(p: PushTexts, locale: Locale, hold: PushHold | undefined) {
    const offer = !hold && (this.visible || this.variant === 'bell');
    const manage = hold === 'subscribed' && (this.manage || this.variant === 'bell');
    if (!offer && !manage && !this.status) return nothing;
    const id = this.ids;
    const shown = offer ? this.compose(p, locale) : undefined;
    return html`<div part="prompt" class="prompt" id=${id} role="region" aria-labelledby=${offer ? `${id}-title` : nothing} aria-label=${offer ? nothing : p.bell} lang=${locale}>
      ${shown
        ? html`<p part="title" class="title" id="${id}-title">${shown.title}</p>
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
              <button part="button allow" type="button" aria-disabled=${this.busy ? 'true' : 'false'} @click=${this.onAllow}>${shown.allow}</button>
              <button part="button deny" type="button" aria-disabled=${this.busy ? 'true' : 'false'} @click=${this.onDeny}>${shown.deny}</button>
            </div>`
        : nothing}
      <p part="status" class="status" role="status" tabindex="-1">${this.status || (manage ? p.subscribed : '')}</p>
      ${manage ? html`<button part="button turn-off" type="button" aria-disabled=${this.busy ? 'true' : 'false'} @click=${this.unsubscribe}>${p.turnOff}</button>` : nothing}
    </div>`;
  }
}

/**
 * Counts this page load once in `localStorage` (only pages with `trigger="pageviews"` count: the
 * number is kept for nothing else, and "Delete my data" removes it). Returns the count.
 */
function countPageView(): number {
  if (viewCounted !== undefined) return viewCounted;
  try {
    viewCounted = (Number(localStorage.getItem(VIEWS_KEY)) || 0) + 1;
    localStorage.setItem(VIEWS_KEY, String(viewCounted));
  } catch {
    viewCounted = 1;
  }
  return viewCounted;
}

if (!customElements.get('ck-push-prompt')) customElements.define('ck-push-prompt', CkPushPrompt);

declare global {
  interface HTMLElementTagNameMap {
    'ck-push-prompt': CkPushPrompt;
  }
}
