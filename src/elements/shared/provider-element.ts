import { LitElement, html, type PropertyValues } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { textVersion } from '../../core/hash.js';
import { format, localize, type Locale, type Translation } from '../../core/i18n.js';
import { loadTranslation, translation } from '../../i18n/load.js';
import { isHttpsOn } from '../../core/url.js';
import { widgetUrl, type IframeWidget, type Provider, type ProviderMeta, type Widget } from '../../providers/provider.js';
import { getProvider, isBuiltin, loadParamCode, loadProvider, paramCode } from '../../providers/registry.js';
import { afterConfig, getConfig, scriptGrantStarting, withSiteTexts } from '../../kit/runtime.js';
import { noteService } from '../../kit/services.js';
import { addScript } from '../../kit/scripts.js';
import { checkedUrl } from '../../controllers/locale.js';
import { Pending } from '../../controllers/pending.js';
import { ConsentController } from '../../controllers/consent-controller.js';
import { TextsController } from '../../controllers/texts-controller.js';

/**
 * The placeholder depends on the parameters: a generic provider takes company and service from
 * them, some boxes their size (a `box` function that takes them). These are checked before the
 * first rendering; all others with the click.
 */
function checkedEarly(provider: Provider<any>): boolean {
  return !!(provider.serviceId || provider.meta || provider.needs || provider.box.length > 0);
}

/** Attributes every provider element keeps for itself; the rest are the provider's parameters. */
const COMMON_ATTRIBUTES = ['provider', 'lang', 'policy-url', 'class', 'style', 'id', 'slot', 'part', 'hidden', 'tabindex'];

/** Who the visitor deals with, after the site's overrides from the config: fills `{service}`, `{company}`, `{address}`. */
export interface Parties {
  service: string;
  company: string;
  address: string;
  /** The company's privacy policy. */
  privacyUrl: string;
  /** The provider's sentence on what data goes where, in the element's locale (and, for generic providers, from which host). */
  data: string;
}

/**
 * What `<ck-embed>` and `<ck-chat-gate>` share: a provider from the catalogue (fetched on first
 * use), its parameters validated from the element's attributes, texts in the element's locale,
 * and a re-check against the consent store whenever a decision changes, here or in another tab.
 */
export abstract class ProviderElement extends LitElement {
  /** Waits for the configuration to be checked before the first (and any) update: see afterConfig. */
  protected override scheduleUpdate(): void | Promise<unknown> {
    return afterConfig(() => super.scheduleUpdate());
  }

  static override properties = {
    provider: { type: String, reflect: true },
    langAttribute: { attribute: 'lang' },
    policyUrl: { attribute: 'policy-url' },
    texts: { state: true, attribute: false },
    invalid: { state: true, attribute: false },
  };

  /** Attributes of the element itself besides the common ones (not provider parameters). */
  protected static ownAttributes: string[] = [];

  /** Id of a registered provider. */
  declare provider: string;
  /** Mirrors the `lang` attribute, so a change re-renders the texts. */
  declare langAttribute: string | null;
  /** The site's privacy policy for this element; overrides config `policyUrl`. */
  declare policyUrl: string | null;

  /** The loaded texts; undefined until the first locale has arrived. */
  declare protected texts: Translation | undefined;
  /** True when the element cannot work (unknown provider, bad attributes): nothing third-party loads. */
  declare protected invalid: boolean;

  protected source: Provider<any> | undefined;
  protected params: any;
  /** Who receives the data: the provider's metadata, the element's (generic providers) and the config's. */
  protected meta: ProviderMeta | undefined;
  protected serviceId = '';
  /** Why the site uses the service (`embed`, `share`, `chat`, …), as proofs record it. */
  protected purpose = 'embed';
  /** A valid `policy-url` attribute, if any. */
  private ownPolicy: string | undefined;
  /** The locale of the texts on screen. */
  protected get locale(): Locale {
    return this.i18n.locale;
  }

  /** The locale the page asks for, even while its texts are still loading. */
  protected get wantedLocale(): Locale {
    return this.i18n.wanted ?? this.i18n.locale;
  }

  /** Provider modules and locales being fetched; `updateComplete` waits for them. */
  private readonly pending = new Pending();
  /** The element's texts (English at once, other locales fetched): `texts` mirrors them with the site's wording. */
  private readonly i18n = new TextsController<Translation>(this, {
    lang: () => this.langAttribute,
    load: (locale) => translation(locale) ?? loadTranslation(locale),
    pending: this.pending,
    arrived: (texts, locale) => {
      this.texts = withSiteTexts(locale, texts);
      if (this.generic) this.sync(); // a generic provider's grant holds for its exact text: known only now (sameTextAsAgreed)
    },
  });
  private resolving = 0;
  private attributeObserver?: MutationObserver;

  constructor() {
    super();
    // Follows consent changes for its service after the decision's own event (ck-consent) has fired.
    new ConsentController(this, ({ service }) => {
      if (service !== null && service !== this.serviceId) return;
      queueMicrotask(() => {
        if (service === null) this.i18n.refresh(); // configuration (locale, the site's texts) may have changed
        this.sync();
        this.requestUpdate();
      });
    });
    this.provider = '';
    this.langAttribute = null;
    this.policyUrl = null;
    this.invalid = false;
  }

  /** Brings the element in line with the consent store (load on a remembered grant, revert on withdrawal). */
  protected abstract sync(): void;
  /** Back to the untouched state, before any decision on this page. */
  protected abstract revert(): void;
  /** True while third-party content (an iframe) is rendered. */
  protected abstract hasLiveWidget(): boolean;
  /** The exact text the visitor agrees to with this element, as it would be hashed; undefined until known. */
  protected abstract agreedText(): string | undefined;

  /** The service id this element gates: the provider id, or the `service` of a generic provider. */
  get service(): string {
    return this.serviceId;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Provider parameters are plain attributes (video-id, url, …): a change means another widget.
    this.attributeObserver = new MutationObserver((records) => {
      if (records.some((r) => this.isParameter(r.attributeName!))) {
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
    this.attributeObserver?.disconnect();
    // A re-inserted iframe loads again at once, before any re-render could check consent; so a
    // detached element keeps no iframe (renderIframe draws none while disconnected).
    if (this.hasLiveWidget()) {
      this.requestUpdate();
      this.performUpdate();
    }
  }

  /** `updateComplete` also waits for `task`. */
  protected settleWith(task: Promise<unknown>): void {
    this.pending.add(task);
  }

  /** Resolves once the element shows what it will show: provider and texts loaded, rendered. */
  protected override getUpdateComplete(): Promise<boolean> {
    return this.pending.settle(() => super.getUpdateComplete());
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('provider')) this.resolve();
    if (changed.has('provider') || changed.has('langAttribute')) this.i18n.pick();
    if (changed.has('policyUrl')) this.ownPolicy = checkedUrl(this, 'policy-url', this.policyUrl);
    if (changed.has('provider')) this.sync();
  }

  /** Attributes that are provider parameters (not the element's own, ARIA or data attributes). */
  private isParameter(name: string): boolean {
    const own = (this.constructor as typeof ProviderElement).ownAttributes;
    return !COMMON_ATTRIBUTES.includes(name) && !own.includes(name) && !name.startsWith('aria-') && !name.startsWith('data-');
  }

  /** True while a built-in provider's module is on its way. */
  protected get loadingProvider(): boolean {
    return !this.source && isBuiltin(this.provider) && !this.invalid;
  }

  /**
   * Looks up the provider, and validates this element's attributes as its parameters now when
   * the placeholder depends on them (see {@link checkedEarly}); otherwise that waits for
   * {@link withParams}: the click, or a remembered grant.
   */
  private resolve(): void {
    const id = this.provider;
    this.source = getProvider(id);
    this.revert();
    this.invalid = false;
    this.meta = undefined;
    this.params = undefined;
    this.serviceId = '';
    const token = ++this.resolving;
    // Built-in providers are fetched on first use.
    if (!this.source && isBuiltin(id)) return this.resolveAfter(loadProvider(id), token, 'its code');
    if (!this.source) return this.fail(`there is no provider "${id}"`);
    const attributes = this.paramAttributes();
    // A frame naming a built-in service borrows that provider's metadata: fetched first.
    const needed = this.source.needs?.(attributes);
    if (needed && isBuiltin(needed) && !getProvider(needed)) return this.resolveAfter(loadProvider(needed), token, `the code of provider "${needed}"`);
    const code = paramCode();
    if (checkedEarly(this.source) || code) {
      if (!code) return this.resolveAfter(loadParamCode(), token, 'the code that checks its attributes');
      const checked = code.checkParams(this.source, attributes);
      if ('reasons' in checked) return this.fail(checked.reasons);
      this.params = checked.data;
    }
    this.serviceId = this.params ? (this.source.serviceId?.(this.params) ?? this.source.id) : this.source.id;
    const { name, company, address, privacyUrl, hosts, data } = this.source;
    this.meta = { name, company, address, privacyUrl, hosts, data, ...(this.params !== undefined ? this.source.meta?.(this.params) : undefined) };
    // A frame of a built-in service (gated markup) has that service's purpose.
    this.purpose = getProvider(this.serviceId)?.purpose ?? this.source.purpose ?? 'embed';
    noteService({ id: this.serviceId, ...this.meta, purpose: this.purpose });
  }

  /** The element's attributes that are provider parameters. */
  private paramAttributes(): Record<string, string> {
    const attributes: Record<string, string> = {};
    for (const name of this.getAttributeNames()) {
      if (this.isParameter(name)) attributes[name] = this.getAttribute(name)!;
    }
    return attributes;
  }

  /**
   * The visitor is about to click (pointer down, focus, an opened panel): the code that checks
   * the attributes starts on its way, so a link the click opens leaves within the click's
   * activation (popup blockers allow a new tab only then).
   */
  protected readonly prefetchCheck = (): void => {
    if (this.params === undefined) void loadParamCode().catch(() => undefined);
  };

  /**
   * Resolves once the parameters are checked: true with `params` set, false when they are
   * invalid (the element then says so, and nothing third-party loads). What the click and a
   * remembered grant wait for; at once when they were checked before the first rendering.
   */
  protected withParams(): Promise<boolean> {
    if (this.params !== undefined) return Promise.resolve(true);
    if (this.invalid || !this.source) return Promise.resolve(false);
    const token = this.resolving;
    const checked = loadParamCode().then(
      (code) => {
        if (token !== this.resolving || this.invalid) return false;
        if (this.params !== undefined) return true;
        const checked = code.checkParams(this.source!, this.paramAttributes());
        if ('reasons' in checked) {
          this.fail(checked.reasons);
          this.requestUpdate();
          return false;
        }
        this.params = checked.data;
        return true;
      },
      (e: unknown) => {
        if (token === this.resolving) {
          this.fail(`the code that checks its attributes could not be loaded (${(e as Error).message})`);
          this.requestUpdate();
        }
        return false;
      },
    );
    this.pending.add(checked); // updateComplete waits for it
    return checked;
  }

  /**
   * True for a generic provider (`iframe`, `script`) naming a service of the site's: company and
   * host come from the markup. A frame of a built-in service is that service, texts included.
   */
  protected get generic(): boolean {
    return !!this.source?.meta && !isBuiltin(this.serviceId);
  }

  /** Waits for `loading` (a provider's module, the parameter check), then resolves again (unless the provider changed meanwhile). */
  private resolveAfter(loading: Promise<unknown>, token: number, what: string): void {
    this.pending.add(
      loading.then(
        () => {
          if (token !== this.resolving) return;
          this.resolve();
          this.sync();
          this.requestUpdate();
        },
        (e: unknown) => {
          if (token !== this.resolving) return;
          this.fail(`${what} could not be loaded (${(e as Error).message})`);
          this.requestUpdate();
        },
      ),
    );
  }

  /** Marks the element unusable and says why in the console. */
  protected fail(reason: string): void {
    this.revert();
    this.invalid = true;
    console.error(`consentkit: <${this.localName} provider="${this.provider}"> cannot load: ${reason}. Nothing third-party is loaded.`, this);
  }

  /**
   * A generic provider (`iframe`, `script`) takes company and host from the markup, so a grant
   * holds only for exactly the text the visitor agreed to, host included: markup that names the
   * same service with another host or company asks again.
   */
  protected sameTextAsAgreed(version: string): boolean {
    if (!this.generic) return true;
    const text = this.agreedText();
    return text !== undefined && textVersion(text) === version;
  }

  /** Who receives what, with the site's overrides from the config applied. */
  protected parties(): Parties {
    const meta = this.meta!;
    const override = getConfig().providers[this.serviceId] ?? {};
    const parties = { service: override.name ?? meta.name, company: override.company ?? meta.company, address: override.address ?? meta.address };
    let data = format(localize(override.data ?? meta.data, this.locale), parties);
    // Generic providers take their host from the markup: the visitor is told which one it is.
    if (this.generic && this.texts) data += ` ${format(this.texts.from, { host: meta.hosts.join(', ') })}`;
    return { ...parties, privacyUrl: override.privacyUrl ?? meta.privacyUrl, data };
  }

  /** The site's privacy policy: the element's `policy-url`, else the config's. */
  protected get sitePolicy(): string | undefined {
    return this.ownPolicy ?? getConfig().policyUrl;
  }

  /**
   * Builds the provider's widget after consent and checks it: its URL must be https on one of
   * the provider's hosts; a script goes into the page. Undefined (and the element marked invalid)
   * when it cannot load.
   */
  protected buildWidget(pageUrl: string): Widget | undefined {
    if (this.params === undefined) throw new Error('consentkit: a widget was built before its parameters were checked (await withParams())');
    const widget = this.source!.build(this.params, { locale: this.wantedLocale, pageUrl });
    const hosts = this.meta!.hosts;
    if (!isHttpsOn(widgetUrl(widget), hosts)) {
      this.fail(`the widget URL is not https on one of the provider's hosts (${hosts.join(', ')})`);
      return undefined;
    }
    if (widget.kind === 'script') scriptGrantStarting(this.serviceId);
    const refused = widget.kind === 'script' ? addScript(widget, this.serviceId) : undefined;
    if (refused) {
      scriptGrantStarting(this.serviceId, false);
      this.fail(refused);
      return undefined;
    }
    return widget;
  }
}

/** A provider's iframe; nothing while the element is detached (see `disconnectedCallback`). */
export function renderIframe(host: HTMLElement, w: IframeWidget) {
  if (!host.isConnected) return undefined;
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
}

/** The page's canonical URL without query or fragment: what a share button shares. */
export function pageUrl(): string {
  const canonical = document.querySelector<HTMLLinkElement>('link[rel="canonical"]')?.href;
  const url = new URL(canonical || location.href);
  return url.origin + url.pathname;
}
