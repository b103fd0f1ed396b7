import { expect, fixture, html } from '@open-wc/testing';
import '../src/elements/policy-text/policy-text.js';
import type { CkPolicyText } from '../src/elements/policy-text/policy-text.js';
import { policyText } from '../src/index.js';
import { configure } from '../src/runtime.js';
import { captureConsole, resetConsent } from './helpers.js';

describe('policy passages', () => {
  afterEach(resetConsent);

  it('say who, what for, which data, on what legal basis, how long, and how to withdraw (en)', async () => {
    configure({ cookie: { days: 180 } });
    const text = await policyText(['youtube'], { settingsUrl: '/privacy#settings' });
    expect(text).to.contain('YouTube\n\nWe use YouTube to show videos. The provider is Google Ireland Limited, Gordon House, Barrow Street, Dublin 4, Ireland.');
    expect(text).to.contain('The content loads only after you agree on its placeholder: once, or on every visit if you choose "Always allow". Loading the video sends your IP address');
    expect(text).to.contain('Google Ireland Limited may process data outside the EU/EEA');
    expect(text).not.to.contain('To be able to prove your consent'); // no endpoint, no proofs
    expect(text).to.contain('Art. 6(1)(a) GDPR');
    expect(text).to.contain('first-party cookie "consentkit" for 180 days');
    expect(text).to.contain('https://policies.google.com/privacy');
    expect(text).to.contain('in our privacy settings: privacy settings (/privacy#settings).');
  });

  it('are written in German too', async () => {
    const text = await policyText(['facebook-share', 'whatsapp'], { locale: 'de' });
    expect(text).to.contain('Wir nutzen Facebook share button, damit Sie unsere Seiten auf Facebook teilen können. Anbieter ist Meta Platforms Ireland Limited');
    expect(text).to.contain('Art. 6 Abs. 1 lit. a DSGVO');
    expect(text).to.contain('§ 25 Abs. 1 TDDDG');
    expect(text).to.contain('WhatsApp Ireland Limited');
    expect(text).to.contain('indem Sie das Cookie „consentkit“ in Ihrem Browser löschen');
  });

  it('exist in Polish and French', async () => {
    expect(await policyText(['vimeo'], { locale: 'pl' })).to.contain('art. 6 ust. 1 lit. a RODO');
    expect(await policyText(['vimeo'], { locale: 'fr' })).to.contain('art. 6, par. 1, point a) du RGPD');
  });

  it('escape everything in HTML, overrides from the config included', async () => {
    configure({ providers: { youtube: { company: '<img src=x onerror="alert(1)">' } } });
    const out = await policyText(['youtube'], { format: 'html', settingsUrl: '/p?a=1&b="2"' });
    expect(out).to.match(/^<h3>YouTube<\/h3>\n<p>We use YouTube/);
    expect(out).not.to.contain('<img');
    expect(out).to.contain('&#60;img src=x onerror=&#34;alert(1)&#34;&#62;');
    expect(out).to.contain('<a href="/p?a=1&#38;b=&#34;2&#34;">privacy settings</a>');
  });

  it('give Markdown with links', async () => {
    const out = await policyText(['x'], { format: 'markdown', headingLevel: 2 });
    expect(out.startsWith('## X \\(Twitter\\)\n\n')).to.equal(true);
    expect(out).to.contain('[https://x.com/en/privacy](<https://x.com/en/privacy>)');
  });

  it('say that decisions are logged as proof when they are', async () => {
    configure({ endpoint: '/proofs' });
    expect(await policyText(['youtube'])).to.contain('To be able to prove your consent (Art. 7(1) GDPR) we record your decision');
  });

  it('never link to a javascript: settings URL, whatever the format', async () => {
    const { result, messages } = await captureConsole('error', () => policyText(['youtube'], { format: 'html', settingsUrl: 'javascript:alert(1)' }));
    expect(result).not.to.contain('javascript:');
    expect(messages[0]).to.contain('must be an http(s) or relative URL');
  });

  it('describe a service of your own (generic iframe or script) from the config', async () => {
    configure({
      providers: {
        openstreetmap: { name: 'OpenStreetMap', company: 'OpenStreetMap Foundation', address: 'Cambridge, United Kingdom', privacyUrl: 'https://osmfoundation.org/privacy' },
      },
    });
    const text = await policyText(['openstreetmap']);
    expect(text).to.contain('We use OpenStreetMap to show embedded content. The provider is OpenStreetMap Foundation, Cambridge, United Kingdom.');
    expect(text).to.contain('https://osmfoundation.org/privacy');
  });

  it('leave out an unknown service and say so', async () => {
    const { result, messages } = await captureConsole('error', () => policyText(['youtube', 'myspace']));
    expect(result).to.contain('YouTube');
    expect(messages[0]).to.contain('there is no provider "myspace"');
  });
});

describe('<ck-policy-text>', () => {
  afterEach(resetConsent);

  async function policy(markup: ReturnType<typeof html>): Promise<CkPolicyText> {
    const el = await fixture<CkPolicyText>(markup);
    for (let i = 0; i < 50 && !el.querySelector('section'); i++) await new Promise((r) => setTimeout(r, 20));
    return el;
  }

  it('is accessible', async () => {
    const el = await policy(html`<ck-policy-text services="youtube whatsapp" settings-url="/privacy#settings"></ck-policy-text>`);
    await expect(el).to.be.accessible();
  });

  it('renders one section per service into the page, with headings and links', async () => {
    const el = await policy(html`<ck-policy-text services="youtube, whatsapp" settings-url="/privacy#settings" heading-level="2"></ck-policy-text>`);
    expect([...el.querySelectorAll('section')].map((s) => s.dataset.service)).to.deep.equal(['youtube', 'whatsapp']);
    expect([...el.querySelectorAll('h2')].map((h) => h.textContent)).to.deep.equal(['YouTube', 'WhatsApp']);
    expect([...el.querySelectorAll('a')].map((a) => a.getAttribute('href'))).to.include.members(['https://policies.google.com/privacy', '/privacy#settings']);
  });

  it('follows configure(): the cookie lifetime it quotes is the configured one', async () => {
    const el = await policy(html`<ck-policy-text services="youtube"></ck-policy-text>`);
    expect(el.textContent).to.contain('for 365 days');
    configure({ cookie: { days: 30 } });
    for (let i = 0; i < 50 && !el.textContent!.includes('for 30 days'); i++) await new Promise((r) => setTimeout(r, 20));
    expect(el.textContent).to.contain('for 30 days');
  });

  it("follows the page's language", async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div lang="de"><ck-policy-text services="youtube"></ck-policy-text></div>`);
    const el = wrapper.querySelector('ck-policy-text')!;
    for (let i = 0; i < 50 && !el.querySelector('section'); i++) await new Promise((r) => setTimeout(r, 20));
    expect(el.textContent).to.contain('Rechtsgrundlage ist Ihre Einwilligung');
  });

  it('renders hostile config text as text and refuses a javascript: settings link', async () => {
    configure({ providers: { youtube: { name: '<b>Videos</b>' } } });
    const { result: el, messages } = await captureConsole('error', () =>
      policy(html`<ck-policy-text services="youtube" settings-url="javascript:alert(1)"></ck-policy-text>`),
    );
    expect(el.querySelector('b') === null).to.equal(true);
    expect(el.querySelector('h3')!.textContent).to.equal('<b>Videos</b>');
    expect(el.querySelector('a[href^="javascript"]') === null).to.equal(true);
    expect(messages[0]).to.contain('must be an http(s) or relative URL');
  });
});
