import { expect } from '@open-wc/testing';
import { LOCALES } from '../src/core/i18n.js';
import { lazyTexts, loadTranslation } from '../src/i18n/load.js';
import { centerTexts } from '../src/elements/privacy-center/texts.js';
import { pushTexts } from '../src/elements/push-prompt/texts.js';

/** Every leaf text of an object, by dotted key. */
function leaves(value: unknown, prefix = ''): Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return { [prefix]: value };
  return Object.assign({}, ...Object.entries(value).map(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k)));
}

/**
 * The locale files themselves, as written (not through the loaders, which lay English under
 * every locale so that a missing key still shows something to the visitor).
 */
const FILES = {
  elements: (l: string) => import(`../src/i18n/${l}.ts`),
  'privacy center': (l: string) => import(`../src/i18n/center/${l}.ts`),
  'push prompt': (l: string) => import(`../src/i18n/push/${l}.ts`),
  'policy passages': (l: string) => import(`../src/i18n/policy/${l}.ts`),
};

describe('texts in en, de, pl, fr', () => {
  for (const [name, load] of Object.entries(FILES)) {
    it(`${name}: every locale file has every English key, none blank, none left in English by mistake`, async () => {
      const file = async (locale: string) => leaves((await load(locale))[locale]);
      const english = await file('en');
      expect(Object.keys(english).length, 'English keys').to.be.greaterThan(5);
      for (const locale of LOCALES.filter((l) => l !== 'en')) {
        const own = await file(locale);
        expect(Object.keys(own).sort(), locale).to.deep.equal(Object.keys(english).sort());
        const blank = Object.entries(own).filter(([, v]) => typeof v !== 'string' || !v.trim()).map(([k]) => k);
        expect(blank, `${locale} blank`).to.deep.equal([]);
        // Words that are the same in every language (brand names, "Notifications" in French) are few.
        const same = Object.keys(own).filter((k) => own[k] === english[k] && (english[k] as string).length > 15);
        expect(same, `${locale} untranslated`).to.deep.equal([]);
      }
    });
  }

  it('the loaders give every locale the texts of its own file', async () => {
    for (const [load, file] of [
      [loadTranslation, FILES.elements],
      [centerTexts, FILES['privacy center']],
      [pushTexts, FILES['push prompt']],
    ] as const) {
      for (const locale of LOCALES) expect(leaves(await load(locale))).to.deep.include(leaves((await file(locale))[locale]));
    }
  });

  it('a key missing in a locale shows in English, never blank', async () => {
    const texts = lazyTexts<{ greeting: string; bye: string }>(
      { en: async () => ({ greeting: 'Hello', bye: 'Bye' }), de: async () => ({ greeting: 'Hallo' }) as never, pl: async () => ({}) as never, fr: async () => Promise.reject(new Error('offline')) },
      'test',
    );
    expect(await texts('de')).to.deep.equal({ greeting: 'Hallo', bye: 'Bye' });
    expect(await texts('pl')).to.deep.equal({ greeting: 'Hello', bye: 'Bye' });
    expect(await texts('fr')).to.deep.equal({ greeting: 'Hello', bye: 'Bye' }); // the chunk could not be fetched
  });
});
