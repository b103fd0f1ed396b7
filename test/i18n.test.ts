import { expect } from '@open-wc/testing';
import { LOCALES, lazyTexts, loadTranslation } from '../src/core/i18n.js';
import { centerTexts } from '../src/elements/privacy-center/texts.js';
import { pushTexts } from '../src/elements/push-prompt/texts.js';

/** Every leaf text of an object, by dotted key. */
function leaves(value: unknown, prefix = ''): Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return { [prefix]: value };
  return Object.assign({}, ...Object.entries(value).map(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k)));
}

describe('texts in en, de, pl, fr', () => {
  for (const [name, load] of [
    ['elements', (l: (typeof LOCALES)[number]) => loadTranslation(l)],
    ['privacy center', centerTexts],
    ['push prompt', pushTexts],
  ] as const) {
    it(`${name}: every locale has every English key, none blank, none left in English by mistake`, async () => {
      const english = leaves(await load('en'));
      for (const locale of LOCALES.filter((l) => l !== 'en')) {
        const own = leaves(await load(locale));
        expect(Object.keys(own).sort(), locale).to.deep.equal(Object.keys(english).sort());
        const blank = Object.entries(own).filter(([, v]) => typeof v !== 'string' || !v.trim()).map(([k]) => k);
        expect(blank, `${locale} blank`).to.deep.equal([]);
        // Words that are the same in every language (brand names, "Notifications" in French) are few.
        const same = Object.keys(own).filter((k) => own[k] === english[k] && (english[k] as string).length > 15);
        expect(same, `${locale} untranslated`).to.deep.equal([]);
      }
    });
  }

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
