import { expect } from '@open-wc/testing';
import { DEFAULT_CONFIG, mergeConfig, validateConfig } from '../../src/core/config.js';

describe('config schema', () => {
  it('accepts a complete, valid configuration', () => {
    const input = {
      locale: 'de',
      policyUrl: '/datenschutz',
      imprintUrl: 'https://example.org/impressum',
      cookie: { name: 'ck', days: 180 },
      endpoint: 'https://proofs.example.org/consent',
      providers: { youtube: { name: 'Videos', data: { en: 'Data goes to Google.', de: 'Daten gehen an Google.' } } },
    };
    expect(validateConfig(input)).to.deep.equal({ value: input, errors: [] });
  });

  it('names each invalid field and keeps the valid rest', () => {
    const { value, errors } = validateConfig({
      locale: 'de',
      policyUrl: 'javascript:alert(1)',
      cookie: { name: 'ck', days: 9999 },
      endpoint: 'http://proofs.example.org/',
      colour: 'red',
    });
    expect(errors).to.have.members([
      '"policyUrl": must be an http(s) or relative URL',
      '"cookie.days": must be at most 730',
      '"endpoint": must be an https URL (http only on localhost)',
      '"colour": unknown field',
    ]);
    expect(value).to.deep.equal({ locale: 'de', cookie: { name: 'ck' } });
  });

  it('allows a plain-http proof endpoint on localhost only', () => {
    expect(validateConfig({ endpoint: 'http://localhost:5173/proofs' }).errors).to.deep.equal([]);
    expect(validateConfig({ endpoint: 'http://127.0.0.1/proofs' }).errors).to.deep.equal([]);
  });

  it('reports wrong types plainly', () => {
    expect(validateConfig({ cookie: { days: '30' } }).errors).to.deep.equal(['"cookie.days": expected number']);
    expect(validateConfig({ cookie: { days: 1.5 } }).errors).to.deep.equal(['"cookie.days": expected int']);
    expect(validateConfig('yes').errors).to.deep.equal(['(root): expected an object']);
    expect(validateConfig(null).errors).to.deep.equal(['(root): expected an object']);
  });

  it('rejects unknown fields in a provider override', () => {
    const { value, errors } = validateConfig({ providers: { youtube: { name: 'Videos', src: 'https://evil.example/' } } });
    expect(errors).to.deep.equal(['"providers.youtube.src": unknown field']);
    expect(value).to.deep.equal({ providers: { youtube: { name: 'Videos' } } });
  });

  it('does not modify the object it was given', () => {
    const input = { cookie: { days: -1 } };
    validateConfig(input);
    expect(input).to.deep.equal({ cookie: { days: -1 } });
  });

  it('merges sources over the defaults, later ones winning', () => {
    const merged = mergeConfig(
      { locale: 'de', cookie: { days: 30 }, texts: { de: { chatStart: 'Los' } } },
      { locale: 'fr', providers: { youtube: { name: 'A' } }, texts: { de: { chatLater: 'Später' } } },
      { providers: { youtube: { company: 'B' } } },
    );
    expect(merged).to.deep.equal({
      locale: 'fr',
      cookie: { name: DEFAULT_CONFIG.cookie.name, days: 30 },
      services: [],
      push: {},
      gpc: { services: [], exempt: {} },
      proofs: {},
      providers: { youtube: { name: 'A', company: 'B' } },
      texts: { de: { chatStart: 'Los', chatLater: 'Später' } },
    });
  });

  it('takes push templates in the four locales of the kit, and names one in another', () => {
    const template = { title: 'T', body: 'B', allow: 'A', deny: 'D' };
    const { value, errors } = validateConfig({ push: { templates: { launch: { de: template, es: template } } } });
    expect(errors.length).to.equal(1);
    expect(errors[0]).to.contain('"push.templates.launch.es"');
    expect(value.push?.templates?.launch).to.deep.equal({ de: template });
  });

  it("accepts the site's own texts for known keys and locales only", () => {
    const { value, errors } = validateConfig({ texts: { de: { chatStart: 'Los', chatStrat: 'typo' }, xx: { load: 'x' } } });
    expect(errors).to.deep.equal(['"texts.de.chatStrat": unknown field', '"texts.xx": unknown field']);
    expect(value).to.deep.equal({ texts: { de: { chatStart: 'Los' } } });
  });

  it('keeps every URL as the browser reads it, never the raw string (the parser drops line breaks)', () => {
    const hostile = 'https://policy.example/x>\n[more](javascript:alert(1))\n<img src=x onerror=alert(1)>';
    const parsed = 'https://policy.example/x%3E[more](javascript:alert(1))%3Cimg%20src=x%20onerror=alert(1)%3E';
    expect(new URL(hostile).href).to.equal(parsed);
    const { value, errors } = validateConfig({
      policyUrl: hostile,
      imprintUrl: '/imprint\n<b>?a="1"',
      endpoint: hostile,
      deletionEndpoint: '\t/erase me ',
      push: { serviceWorker: '/s\nw.js', subscriptionEndpoint: hostile },
      providers: { youtube: { privacyUrl: hostile }, crisp: { name: 'Crisp', company: 'Crisp IM SAS', address: 'Nantes', privacyUrl: hostile } },
    });
    expect(errors).to.deep.equal([]);
    expect(value).to.deep.equal({
      policyUrl: parsed,
      imprintUrl: '/imprint%3Cb%3E?a=%221%22',
      endpoint: parsed,
      deletionEndpoint: '/erase%20me',
      push: { serviceWorker: '/sw.js', subscriptionEndpoint: parsed },
      providers: { youtube: { privacyUrl: parsed }, crisp: { name: 'Crisp', company: 'Crisp IM SAS', address: 'Nantes', privacyUrl: parsed } },
    });
  });

  it('keeps relative links relative, and as the browser reads them', () => {
    const links = ['privacy.html', '../legal/privacy', '?page=privacy', '#privacy', '//cdn.example/privacy', 'privacy policy.html'];
    const { value } = validateConfig({ providers: Object.fromEntries(links.map((url, i) => [`p${i}`, { privacyUrl: url }])) });
    expect(Object.values(value.providers!).map((p) => p.privacyUrl)).to.deep.equal(['privacy.html', '../legal/privacy', '?page=privacy', '#privacy', '//cdn.example/privacy', 'privacy%20policy.html']);
  });

  it('names each proof header a browser would refuse or drop, keeps the rest, trimmed as fetch does', () => {
    const headers = {
      'X-Key': 'k\nv',
      'X Key': 'v',
      'X-Nul': 'a\0b',
      'X-Euro': '5 €',
      Cookie: 'a=b',
      'Sec-Fetch-Mode': 'cors',
      'Proxy-Authorization': 'x',
      'Content-Type': 'text/plain',
      'X-Api-Key': '  secret\r\n',
      Authorization: 'Bearer abc.def',
      'X-Release': 'texts-2026-11; café',
    };
    const { value, errors } = validateConfig({ proofs: { headers, tag: 'kept' } });
    expect(errors.map((e) => e.split(':')[0])).to.have.members(
      ['X-Key', 'X Key', 'X-Nul', 'X-Euro', 'Cookie', 'Sec-Fetch-Mode', 'Proxy-Authorization', 'Content-Type'].map((name) => `"proofs.headers.${name}"`),
    );
    expect(errors).to.include('"proofs.headers.X-Key": must be one line of Latin-1 text');
    expect(errors).to.include('"proofs.headers.X Key": must be a header name (an HTTP token)');
    expect(errors).to.include('"proofs.headers.Cookie": is set by the browser (content-type: by consentkit)');
    expect(value).to.deep.equal({ proofs: { headers: { 'X-Api-Key': 'secret', Authorization: 'Bearer abc.def', 'X-Release': 'texts-2026-11; café' }, tag: 'kept' } });
    // The browser agrees: it throws on or drops every header refused here, and sends every one kept as it is.
    const sent = (name: string, value: string) => {
      try {
        return new Request('https://proofs.example/', { method: 'POST', headers: { [name]: value } }).headers.get(name);
      } catch {
        return null;
      }
    };
    for (const [name, raw] of Object.entries(headers)) {
      if (name === 'Content-Type') continue; // the browser allows it; consentkit sets it itself
      expect(sent(name, raw), name).to.equal(value.proofs!.headers![name] ?? null);
    }
  });
});
