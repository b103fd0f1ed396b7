import { expect, fixture, html } from '@open-wc/testing';
import '../src/elements/policy-text/policy-text.js';
import type { CkPolicyText } from '../src/elements/policy-text/policy-text.js';
import { policyText } from '../src/index.js';
import { loadProvider } from '../src/providers/registry.js';
import { registerProvider } from '../src/providers/check.js';
import { configure } from '../src/kit/configure.js';
import { captureConsole, resetConsent, waitFor } from './helpers.js';

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
    expect(out).to.contain('<a href="/p?a=1&#38;b=%222%22">privacy settings</a>'); // the parsed URL, then escaped
  });

  it('give Markdown with links', async () => {
    const out = await policyText(['x'], { format: 'markdown', headingLevel: 2 });
    expect(out.startsWith('## X \\(Twitter\\)\n\n')).to.equal(true);
    expect(out).to.contain('[https://x.com/en/privacy](https://x.com/en/privacy)');
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

/** The values a hostile-input run got through (issue 15), exactly as it fed them. */
const HOSTILE_LEVEL = '2><img src=x onerror=alert(1)>';
const HOSTILE_URL = 'https://policy.example/x>\n[more](javascript:alert(1))\n<img src=x onerror=alert(1)>';
/** HOSTILE_URL as the URL parser reads it (tabs and newlines dropped), in a markdown link destination. */
const HOSTILE_URL_IN_MARKDOWN = 'https://policy.example/x%3E[more]%28javascript:alert%281%29%29%3Cimg%20src=x%20onerror=alert%281%29%3E';

/**
 * Inserts `markup` into the page as a site would (innerHTML) and returns what the parser made of
 * it, read synchronously: an element with a handler would be in the DOM by now, before it could run.
 */
function inserted(markup: string): { tags: string[]; handlers: string[]; hrefs: string[] } {
  const host = document.createElement('div');
  host.innerHTML = markup;
  document.body.append(host);
  try {
    const all = [...host.querySelectorAll('*')];
    return {
      tags: [...new Set(all.map((el) => el.localName))].sort(),
      handlers: all.flatMap((el) => el.getAttributeNames().filter((name) => name.startsWith('on'))),
      hrefs: all.filter((el) => el.localName === 'a').map((a) => (a as HTMLAnchorElement).href),
    };
  } finally {
    host.remove();
  }
}

/** Markdown whose every link is one link to an https or same-site address, with no markup around it. */
function expectInertMarkdown(md: string): void {
  expect(md).not.to.match(/\]\(\s*<?\s*javascript:/i); // no javascript: link target
  expect(md).not.to.match(/(^|[^\\])</m); // no raw tag or autolink
  for (const [, destination] of md.matchAll(/\]\(([^)]*)\)/g)) expect(destination).to.match(/^(https:\/\/|\/)\S*$/);
  for (const block of md.split('\n\n')) expect(block).not.to.contain('\n'); // no line break inside a heading, paragraph or link
}

describe('policy passages from hostile input', () => {
  afterEach(resetConsent);

  it('never put a headingLevel that is not 2–6 into the HTML: inserted into the page, it makes no element of its own', async () => {
    const { result, messages } = await captureConsole('error', () => policyText(['youtube'], { format: 'html', headingLevel: HOSTILE_LEVEL as never }));
    const dom = inserted(result);
    expect(dom.handlers).to.deep.equal([]);
    expect(dom.tags).to.deep.equal(['a', 'h3', 'p']); // the default level
    expect(messages).to.deep.equal(['consentkit: policyText option "headingLevel": expected number; using the default instead.']);
  });

  it('never put a headingLevel that is not 2–6 into Markdown', async () => {
    const { result, messages } = await captureConsole('error', () => policyText(['youtube'], { format: 'markdown', headingLevel: HOSTILE_LEVEL as never }));
    expect(result.startsWith('### YouTube\n\nWe use YouTube')).to.equal(true);
    expectInertMarkdown(result);
    expect(messages).to.deep.equal(['consentkit: policyText option "headingLevel": expected number; using the default instead.']);
    const { messages: outOfRange } = await captureConsole('error', () => policyText(['youtube'], { format: 'markdown', headingLevel: 7 as never }));
    expect(outOfRange).to.deep.equal(['consentkit: policyText option "headingLevel": must be at most 6; using the default instead.']);
  });

  it('name every invalid option in the console and use its default instead', async () => {
    const bad = {
      locale: 42,
      format: 'pdf',
      settingsUrl: 'javascript:alert(1)',
      cookie: { name: 'a b', days: 10_000 },
      overrides: { youtube: { name: 'Videos', privacyUrl: 'javascript:alert(1)', hosts: ['evil.example'] } },
      proofs: 'yes',
      headingLevel: '2',
      colour: 'red',
    };
    const { result, messages } = await captureConsole('error', () => policyText(['youtube'], bad as never));
    expect(messages.map((m) => /^consentkit: policyText option "([^"]+)": .*; using the default instead\.$/.exec(m)?.[1])).to.have.members([
      'locale',
      'format',
      'settingsUrl',
      'cookie.name',
      'cookie.days',
      'overrides.youtube.privacyUrl',
      'overrides.youtube.hosts',
      'proofs',
      'headingLevel',
      'colour',
    ]);
    // text in English, the cookie's defaults, YouTube's own policy, no proofs, no settings link: and the valid rest applies
    expect(result.startsWith('Videos\n\nWe use Videos to show videos.')).to.equal(true);
    expect(result).to.contain('first-party cookie "consentkit" for 365 days');
    expect(result).to.contain('https://policies.google.com/privacy');
    expect(result).not.to.contain('javascript:');
    expect(result).not.to.contain('To be able to prove your consent');
    expect(result).to.contain('by deleting the cookie "consentkit" in your browser');
  });

  it('name services that are not a list of ids, and leave out what is not one', async () => {
    const { result, messages } = await captureConsole('error', () => policyText(['youtube', 42, { id: 'vimeo' }] as never));
    expect(result.startsWith('YouTube\n\n')).to.equal(true);
    expect(messages).to.deep.equal(['consentkit: policyText: services must be an array of service ids, e.g. ["youtube"]; leaving out what is not one.']);
    const { result: none, messages: notAList } = await captureConsole('error', () => policyText('youtube' as never));
    expect(none).to.equal('');
    expect(notAList.length).to.equal(1);
  });

  it("link a config privacyUrl with line breaks in it as the URL the browser reads: one Markdown link, no javascript: target", async () => {
    configure({ providers: { youtube: { privacyUrl: HOSTILE_URL } } });
    const md = await policyText(['youtube'], { format: 'markdown' });
    expectInertMarkdown(md);
    expect(md).to.contain(`](${HOSTILE_URL_IN_MARKDOWN})`);
    const dom = inserted(await policyText(['youtube'], { format: 'html' }));
    expect(dom.tags).to.deep.equal(['a', 'h3', 'p']);
    expect(dom.hrefs).to.deep.equal([new URL(HOSTILE_URL).href]);
  });

  it("link a gated script's service, described in the config with such a privacyUrl, the same way", async () => {
    configure({ providers: { crisp: { name: 'Crisp', company: 'Crisp IM SAS', address: '2 boulevard de Launay, 44100 Nantes, France', privacyUrl: HOSTILE_URL } } });
    const md = await policyText(['crisp'], { format: 'markdown' });
    expect(md.startsWith('### Crisp\n\nWe use Crisp')).to.equal(true);
    expectInertMarkdown(md);
    expect(md).to.contain(`](${HOSTILE_URL_IN_MARKDOWN})`);
    const dom = inserted(await policyText(['crisp'], { format: 'html' }));
    expect(dom.tags).to.deep.equal(['a', 'h3', 'p']);
    expect(dom.hrefs).to.deep.equal([new URL(HOSTILE_URL).href]);
  });

  it("link a registered provider's privacyUrl with line breaks in it the same way", async () => {
    const provider = { ...(await loadProvider('vimeo'))!, id: 'hostile-policy-video', privacyUrl: HOSTILE_URL };
    expect(registerProvider(provider)).to.equal(true);
    const md = await policyText(['hostile-policy-video'], { format: 'markdown' });
    expectInertMarkdown(md);
    expect(md).to.contain(`](${HOSTILE_URL_IN_MARKDOWN})`);
  });

  it('link a settingsUrl with line breaks in it as the URL the browser reads, in Markdown and HTML', async () => {
    const md = await policyText(['youtube'], { format: 'markdown', settingsUrl: HOSTILE_URL });
    expectInertMarkdown(md);
    expect(md).to.contain(`[privacy settings](${HOSTILE_URL_IN_MARKDOWN})`);
    const dom = inserted(await policyText(['youtube'], { format: 'html', settingsUrl: HOSTILE_URL }));
    expect(dom.tags).to.deep.equal(['a', 'h3', 'p']);
    expect(dom.handlers).to.deep.equal([]);
    expect(dom.hrefs).to.deep.equal(['https://policies.google.com/privacy', new URL(HOSTILE_URL).href]);
  });

  it('escape what Markdown would read as syntax in every text from the config', async () => {
    const hostile = '\n\n- [x](javascript:alert(1))\n<img src=x onerror=alert(1)>\n===\n![i](/x.png) ~~s~~ *e* _e_ `c` &lt; # | \\';
    const escaped = '\\[x\\]\\(javascript:alert\\(1\\)\\) \\<img src=x onerror=alert\\(1\\)\\> === \\!\\[i\\]\\(/x.png\\) \\~\\~s\\~\\~ \\*e\\* \\_e\\_ \\`c\\` \\&lt; \\# \\| \\\\';
    configure({ providers: { youtube: { name: 'Videos\n# [x](javascript:alert(1))\n<img src=x>', company: `Google${hostile}`, address: `Dublin${hostile}`, data: `Data goes to Google.${hostile}` } } });
    const md = await policyText(['youtube'], { format: 'markdown', settingsUrl: '/privacy (settings)' });
    expectInertMarkdown(md);
    expect(md.match(/\]\(/g)!.length).to.equal(2); // the two links of the passage, nothing the texts brought
    expect(md.startsWith('### Videos \\# \\[x\\]\\(javascript:alert\\(1\\)\\) \\<img src=x\\>\n\n')).to.equal(true);
    expect(md).to.contain(`The provider is Google - ${escaped}, Dublin - ${escaped}.`);
    expect(md).to.contain(`Data goes to Google. - ${escaped}`);
    expect(md).to.contain('[privacy settings](/privacy%20%28settings%29)');
  });
});

describe('<ck-policy-text>', () => {
  afterEach(resetConsent);

  async function policy(markup: ReturnType<typeof html>): Promise<CkPolicyText> {
    const el = await fixture<CkPolicyText>(markup);
    await waitFor(() => el.querySelector('section'), undefined, 'the first section');
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
    await waitFor(() => el.textContent!.includes('for 30 days'), undefined, 'the configured lifetime');
  });

  it("follows the page's language", async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div lang="de"><ck-policy-text services="youtube"></ck-policy-text></div>`);
    const el = wrapper.querySelector('ck-policy-text')!;
    await waitFor(() => el.querySelector('section'), undefined, 'the first section');
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
