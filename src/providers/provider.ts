import type * as Zod from 'zod/mini';
import type { Locale, Localized } from '../core/i18n.js';

/** The real widget, described as data; the element renders it (never as an HTML string). */
export interface IframeWidget {
  kind: 'iframe';
  /** https URL on one of the provider's declared hosts. */
  src: string;
  /** Accessible name of the frame. */
  title: string;
  allow?: string;
  allowFullscreen?: boolean;
  /** Default `strict-origin-when-cross-origin`: the provider learns the site, not the page URL's query. */
  referrerPolicy?: ReferrerPolicy;
  /** Sandbox tokens, for providers whose embed works sandboxed. */
  sandbox?: string;
}

/** A link to the third party (chat, share): opened in a new tab on the consenting click. */
export interface LinkWidget {
  kind: 'link';
  /** https URL on one of the provider's declared hosts. */
  href: string;
  /** Text of the link once it is live. */
  text: string;
}

/** A third-party script (chat widgets, legacy SDKs), added to the document's head. */
export interface ScriptWidget {
  kind: 'script';
  /** https URL on one of the provider's declared hosts. */
  src: string;
  /** A script registered with `registerScript`: its `init` runs first, its `teardown` on withdrawal. */
  service?: string;
  /** Setup of a built-in provider's script, run once per page just before it is added. */
  setup?: () => void;
  /** Some SDKs look for a marker element: a `<div>` with these attributes is added to `<body>` first. */
  marker?: Record<string, string>;
}

export type Widget = IframeWidget | LinkWidget | ScriptWidget;

/** The URL a widget contacts first. */
export function widgetUrl(widget: Widget): string {
  return widget.kind === 'link' ? widget.href : widget.src;
}

/** Who receives the data; generic providers (`iframe`, `script`) take it from the element's attributes. */
export interface ProviderMeta {
  /** Display name, e.g. `YouTube`. */
  name: string;
  /** Legal name of the company that receives the data. */
  company: string;
  /** The company's postal address line. */
  address: string;
  /** The company's privacy policy (https). */
  privacyUrl: string;
  /** Every host the widget contacts; the widget's own URL must be on one of them. */
  hosts: string[];
  /**
   * Hosts the provider's own frame is loaded from (e.g. `www.youtube-nocookie.com`): a gated
   * `<iframe>` naming this service may load from these only. None: it cannot be a gated frame.
   */
  frameHosts?: string[];
  /** One sentence for the placeholder: what data goes to the company when the visitor loads it. */
  data: Localized;
}

/** The box a widget occupies, so the placeholder can reserve exactly that (no layout shift). */
export interface Box {
  /** CSS width; a number means pixels. Default: the container's width. */
  width?: number | string;
  /** Pixels; ignored when `aspectRatio` is given. */
  height?: number;
  /** CSS aspect ratio such as `16 / 9`. */
  aspectRatio?: string;
}

/** What the element hands to a provider when building the widget. */
export interface BuildContext {
  locale: Locale;
  /** The page's canonical URL, without query or fragment. */
  pageUrl: string;
}

/**
 * A third party that can be embedded behind a two-click placeholder. One file per provider
 * in `src/providers/`; site owners add their own with `registerProvider`.
 */
export interface Provider<P = Record<string, string | undefined>> extends ProviderMeta {
  /** Service id used in the cookie and in proofs, e.g. `youtube`. */
  id: string;
  /** Why a site uses it, recorded in proofs: `embed` (default), `chat`, `share`, … */
  purpose?: string;
  /** The purpose as a phrase for the privacy policy, e.g. "to show videos". */
  purposeText?: Localized;
  /** `load` ("Load YouTube") for embeds, `open` ("Open WhatsApp") for links. Default `load`. */
  verb?: 'load' | 'open';
  /**
   * `box`: the placeholder fills the widget's box (videos, page plugins).
   * `compact`: a small button of the widget's size opens the details in a panel (share buttons).
   */
  layout: 'box' | 'compact';
  /** Text of the compact button, e.g. "Share". */
  label?: Localized;
  /**
   * Validates the element's attributes (kebab-case names) into build parameters: a zod schema, or
   * a function that builds one from the kit it is given (`({ z, param }) => z.object({…})`), so
   * the provider's module needs no zod of its own and a page gets zod only when attributes are
   * checked (with the visitor's click, unless the placeholder depends on them: see `box`).
   */
  params: ParamSchema<P> | ((kit: ParamKit) => ParamSchema<P>);
  /**
   * The widget's box for these parameters. A box that depends on them (`(p) => …`) has them
   * checked before the placeholder renders; one that does not (`() => …`) lets the check wait for
   * the click.
   */
  box(params: P): Box;
  /** A built-in provider whose metadata this one borrows for these attributes: fetched before they are validated. */
  needs?(attributes: Record<string, string | undefined>): string | undefined;
  /** Generic providers: the service id (for consent and proofs) from the element's attributes. */
  serviceId?(params: P): string;
  /** Generic providers: who receives the data, from the element's attributes. */
  meta?(params: P): Partial<ProviderMeta>;
  /** The real widget, built only after consent. */
  build(params: P, context: BuildContext): Widget;
}

/** A schema for a provider's parameters (attributes in, build parameters out). */
export type ParamSchema<P> = Zod.ZodMiniType<P, Record<string, string | undefined>>;

/** The zod/mini functions a provider's `params` function is given. */
export type ParamZod = Pick<typeof Zod, 'array' | 'boolean' | 'enum' | 'literal' | 'maxLength' | 'minLength' | 'number' | 'object' | 'optional' | 'pipe' | 'refine' | 'regex' | 'string' | 'transform' | 'union'>;

/** What a provider's `params` function is given: those zod/mini functions and the shared helpers (see params.ts). */
export interface ParamKit {
  z: ParamZod;
  param: typeof import('./params.js').param;
}

/** Identity helper that infers a provider's parameter type from its `params` schema. */
export function defineProvider<P>(provider: Provider<P>): Provider<P> {
  return provider;
}
