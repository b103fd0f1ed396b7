import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import type { Locale } from '../../core/i18n.js';
import { pageScriptsDone } from '../../controllers/locale.js';
import { Pending } from '../../controllers/pending.js';
import { ConsentController } from '../../controllers/consent-controller.js';
import { TextsController } from '../../controllers/texts-controller.js';
import { policySections, type PolicyRun, type PolicySection } from '../../policy/policy.js';
import { afterConfig, getConfig } from '../../kit/runtime.js';

/**
 * The privacy-policy passages for the services a site uses, generated from the providers'
 * metadata and the configuration (cookie name and lifetime, overrides). Renders into the light
 * DOM, so the policy page's own styles apply.
 *
 * @tag ck-policy-text
 * @attr services - provider ids, separated by spaces or commas, e.g. `youtube facebook-share`
 * @attr lang - language of the passage; default: the nearest `lang` on the page, then the config
 * @attr settings-url - the page (or anchor) where visitors change their choices
 * @attr heading-level - 2–6 (default 3)
 */
export class CkPolicyText extends LitElement {
  /** Waits for the configuration to be checked before the first (and any) update: see afterConfig. */
  protected override scheduleUpdate(): void | Promise<unknown> {
    return afterConfig(() => super.scheduleUpdate());
  }

  static override properties = {
    services: { type: String },
    settingsUrl: { attribute: 'settings-url' },
    headingLevel: { attribute: 'heading-level', type: Number },
    langAttribute: { attribute: 'lang' },
    sections: { state: true, attribute: false },
  };

  /** Provider ids, separated by spaces or commas. */
  declare services: string;
  /** Where visitors change their choices. */
  declare settingsUrl: string | null;
  /** Heading level of each service's title. */
  declare headingLevel: number;
  declare langAttribute: string | null;
  declare private sections: PolicySection[];

  constructor() {
    super();
    // configure() may change the cookie lifetime or the overrides the passages quote.
    new ConsentController(this, ({ service }) => service === null && this.i18n.refresh());
    this.services = '';
    this.settingsUrl = null;
    this.headingLevel = 3;
    this.langAttribute = null;
    this.sections = [];
  }

  private readonly pending = new Pending();
  /** The passages in the element's locale; a change of services, link or configuration asks again, and the latest asked wins. */
  private readonly i18n = new TextsController(this, {
    lang: () => this.langAttribute,
    load: (locale) => this.generate(locale),
    pending: this.pending,
    arrived: (sections) => (this.sections = sections),
  });

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('services') || changed.has('settingsUrl')) this.i18n.refresh();
    else this.i18n.pick(); // the same passages, unless the locale changed
  }

  /** Resolves once the passages are written. */
  protected override getUpdateComplete(): Promise<boolean> {
    return this.pending.settle(() => super.getUpdateComplete());
  }

  private async generate(locale: Locale): Promise<PolicySection[]> {
    // The page's own scripts (deferred, like this one) may still configure the services it names.
    await pageScriptsDone;
    const config = getConfig();
    return policySections(this.services.split(/[\s,]+/).filter(Boolean), {
      locale,
      settingsUrl: this.settingsUrl ?? undefined, // policySections refuses anything but http(s) or relative
      cookie: config.cookie,
      overrides: config.providers,
      proofs: !!config.endpoint,
    });
  }

  protected override render() {
    const level = Math.min(6, Math.max(2, Math.round(this.headingLevel) || 3));
    const heading = unsafeStatic(`h${level}`); // a fixed tag name from a clamped number, never text
    return this.sections.map(
      (s) => staticHtml`<section data-service=${s.service}>
        <${heading}>${s.heading}</${heading}>
        ${s.paragraphs.map((p) => html`<p>${p.map(run)}</p>`)}
      </section>`,
    );
  }
}

function run(r: PolicyRun) {
  return typeof r === 'string' ? r : r.href ? html`<a href=${r.href}>${r.text}</a>` : nothing;
}

if (!customElements.get('ck-policy-text')) customElements.define('ck-policy-text', CkPolicyText);

declare global {
  interface HTMLElementTagNameMap {
    'ck-policy-text': CkPolicyText;
  }
}
