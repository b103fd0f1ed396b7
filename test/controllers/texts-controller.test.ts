import { expect, fixture, fixtureCleanup, html, waitUntil } from '@open-wc/testing';
import { LitElement } from 'lit';
import { Pending } from '../../src/controllers/pending.js';
import { TextsController } from '../../src/controllers/texts-controller.js';
import type { Locale } from '../../src/core/i18n.js';

/** Texts that arrive when the test says so. */
class Arrivals {
  private readonly waiting = new Map<Locale, Array<(texts: string) => void>>();
  asked: Locale[] = [];
  load = (locale: Locale): string | Promise<string> => {
    this.asked.push(locale);
    if (locale === 'en') return 'English'; // in the bundle: at once
    return new Promise((resolve) => this.waiting.set(locale, [...(this.waiting.get(locale) ?? []), resolve]));
  };
  /** Answers the oldest request still open for `locale`, or the newest. */
  arrive(locale: Locale, texts: string, which: 'oldest' | 'newest' = 'oldest'): void {
    const open = this.waiting.get(locale)!;
    (which === 'oldest' ? open.shift() : open.pop())!(texts);
  }
}

const arrivals = new Arrivals();

/** Resolves once the element has asked for `locale` (in its next update). */
const askedFor = (locale: Locale) => waitUntil(() => arrivals.asked.at(-1) === locale, `${locale} asked for`);

/** A host in the page, not waited for (its texts may be on their way). */
function place(lang: string): TextsHost {
  const el = document.createElement('texts-host') as TextsHost;
  el.setAttribute('lang', lang);
  document.body.append(el);
  return el;
}

class TextsHost extends LitElement {
  static override properties = { langAttribute: { attribute: 'lang' } };
  declare langAttribute: string | null;
  readonly pending = new Pending();
  renders = 0;
  readonly texts = new TextsController(this, { lang: () => this.langAttribute, load: arrivals.load, pending: this.pending });
  constructor() {
    super();
    this.langAttribute = null;
  }
  protected override willUpdate(): void {
    this.texts.pick();
  }
  protected override getUpdateComplete(): Promise<boolean> {
    return this.pending.settle(() => super.getUpdateComplete());
  }
  protected override render() {
    this.renders++;
    return html`<p>${this.texts.value}</p>`;
  }
}
customElements.define('texts-host', TextsHost);

describe('TextsController: an element\'s texts in its locale, the latest request winning', () => {
  it('takes texts in the bundle in the first render: one render, no second pass', async () => {
    const el = await fixture<TextsHost>(html`<texts-host lang="en"></texts-host>`);
    expect(el.renderRoot.textContent).to.contain('English');
    expect(el.renders).to.equal(1);
  });

  it('follows the nearest lang around the element when it has none', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div lang="de-CH"><texts-host></texts-host></div>`);
    const el = wrapper.querySelector<TextsHost>('texts-host')!;
    expect(arrivals.asked.at(-1)).to.equal('de');
    arrivals.arrive('de', 'Deutsch');
    await el.updateComplete;
    expect(el.renderRoot.textContent).to.contain('Deutsch');
    expect(el.texts.locale).to.equal('de');
  });

  afterEach(() => {
    fixtureCleanup();
    document.querySelectorAll('texts-host').forEach((el) => el.remove());
  });

  it('shows the locale asked for last when an earlier one arrives later', async () => {
    const el = place('pl');
    await askedFor('pl');
    el.setAttribute('lang', 'fr');
    await askedFor('fr');
    arrivals.arrive('fr', 'Français');
    arrivals.arrive('pl', 'Polski'); // late: dropped
    await el.updateComplete; // waits for everything asked so far, the slower pl included
    expect(el.renderRoot.textContent).to.contain('Français');
    expect(el.texts.locale).to.equal('fr');
  });

  it('asks again on refresh(), and a late answer to the earlier request for the same locale does not win', async () => {
    const el = place('pl');
    await askedFor('pl');
    el.texts.refresh(); // e.g. configure() brought other texts while the first pl texts were on their way
    arrivals.arrive('pl', 'Polski (new)', 'newest');
    arrivals.arrive('pl', 'Polski (old)'); // late: dropped
    await el.updateComplete;
    expect(el.renderRoot.textContent).to.contain('Polski (new)');
  });
});
