import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Locale } from '../core/i18n.js';
import { elementLocale } from './locale.js';
import type { Pending } from './pending.js';

export interface TextsOptions<T> {
  /** The element's own `lang` attribute. */
  lang: () => string | null;
  /** The texts for a locale: at once when they are in the bundle (English), else a promise. */
  load: (locale: Locale) => T | Promise<T>;
  /** The host's pending work: its `updateComplete` waits for texts on their way. */
  pending: Pending;
  /** Called when texts for the wanted locale arrive, before the render that shows them. */
  arrived?: (texts: T, locale: Locale) => void;
}

/**
 * An element's texts in its locale: its own `lang`, else the nearest `lang` around it, else the
 * config's. The latest locale asked for wins: texts of an earlier one that arrive later are
 * dropped. Texts already in the bundle are taken in the same update (no second render of every
 * placeholder), which is why this is not `@lit/task`: a task's result always comes a microtask later.
 */
export class TextsController<T> implements ReactiveController {
  /** The texts on screen; undefined until the first arrive. */
  value: T | undefined;
  /** The locale of {@link value}. */
  locale: Locale = 'en';
  /** The locale asked for last, even while its texts are on their way. */
  wanted: Locale | undefined;
  /** Counts requests: only the latest one's texts are shown. */
  private asked = 0;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: TextsOptions<T>,
  ) {
    host.addController(this);
  }

  /** Moved into another part of the page: the nearest `lang` may be another one. */
  hostConnected(): void {
    if (this.wanted) this.pick();
  }

  /**
   * Asks for the texts of the element's locale unless that locale is already asked for. Call it
   * from `willUpdate`, so the update that follows a `lang` change already has what is ready.
   */
  pick(): void {
    const locale = elementLocale(this.host, this.options.lang());
    if (locale === this.wanted) return;
    this.wanted = locale;
    const request = ++this.asked;
    const texts = this.options.load(locale);
    if (!(texts instanceof Promise)) return this.show(texts, locale);
    this.options.pending.add(
      texts.then((t) => {
        if (request !== this.asked) return; // a later request wins
        this.show(t, locale);
        this.host.requestUpdate();
      }),
    );
  }

  /** Asks again, even for the same locale: what the texts are made of (configuration, attributes) changed. */
  refresh(): void {
    this.wanted = undefined;
    this.pick();
  }

  private show(texts: T, locale: Locale): void {
    this.value = texts;
    this.locale = locale;
    this.options.arrived?.(texts, locale);
  }
}
