import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/embed/embed.js';
import type { CkEmbed } from '../../src/elements/embed/embed.js';
import { registerProvider } from '../../src/providers/check.js';
import { paramCode } from '../../src/providers/registry.js';
import { getStore } from '../../src/kit/runtime.js';
import { captureConsole, part, realClick, resetConsent, thirdPartyRequests } from '../helpers.js';

/** Whether this page has fetched the code that checks attributes (zod with it). */
const paramCodeFetched = () => performance.getEntriesByType('resource').some((e) => /\/providers\/params\.ts/.test(e.name));

// A page of its own, in this order: until the first click nothing here has needed the code that
// checks attributes, so none of it was fetched.
describe('attributes checked with the click, not before', () => {
  after(resetConsent);

  it('a placeholder whose texts and box do not depend on its attributes renders without the check; the click brings it and refuses bad attributes', async () => {
    const el = await fixture<CkEmbed>(html`<ck-embed provider="youtube" video-id="../../evil"></ck-embed>`);
    expect(el.shadowRoot!.querySelector('button[part="button"]'), 'the placeholder').to.not.equal(null);
    expect(paramCode(), 'the check in this page').to.equal(undefined);
    expect(paramCodeFetched(), 'the check fetched').to.equal(false);

    // Misconfigured, it is refused on the click: a console error naming the attribute, "cannot be shown", no decision, nothing third-party.
    const { messages } = await captureConsole('error', async () => {
      await realClick(part(el, 'button[part="button"]'));
      await el.updateComplete;
    });
    expect(paramCodeFetched(), 'the check came with the click').to.equal(true);
    expect(messages[0]).to.contain('consentkit: <ck-embed provider="youtube"> cannot load: "video-id" must be an 11-character YouTube video id');
    expect(el.shadowRoot!.textContent).to.contain('This content cannot be shown.');
    expect(el.shadowRoot!.querySelector('button'), 'no button').to.equal(null);
    expect(getStore().get('youtube'), 'no decision recorded').to.equal(undefined);
    expect(await thirdPartyRequests()).to.deep.equal([]);
  });

  it('from then on a misconfigured element is refused before it renders a button', async () => {
    const { result: el, messages } = await captureConsole('error', () => fixture<CkEmbed>(html`<ck-embed provider="vimeo" video-id="not-a-number"></ck-embed>`));
    expect(messages.join('\n')).to.contain('cannot load: "video-id"');
    expect(el.shadowRoot!.querySelector('button')).to.equal(null);
  });

  it('a valid one loads its widget on the click', async () => {
    const el = await fixture<CkEmbed>(html`<ck-embed provider="youtube" video-id="aqz-KE-bpKQ"></ck-embed>`);
    await realClick(part(el, 'button[part="button"]'));
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('iframe')?.getAttribute('src')).to.match(/^https:\/\/www\.youtube-nocookie\.com\/embed\/aqz-KE-bpKQ\?/);
  });

  it("a site's own provider as the README writes it: params from the kit it is given, no zod of its own", async () => {
    // Exactly the README's example ("Your own provider").
    const registered = registerProvider({
      id: 'peertube',
      name: 'PeerTube (framatube.org)',
      company: 'Framasoft',
      address: '10bis rue Jangot, 69007 Lyon, France',
      privacyUrl: 'https://framasoft.org/en/legals/',
      hosts: ['framatube.org'],
      data: { en: 'Loading the video sends your IP address and details of your browser to Framasoft.' },
      layout: 'box',
      params: ({ z, param }) => z.object({ 'video-id': z.string().check(z.regex(/^[A-Za-z0-9-]{1,64}$/, 'must be a video id')), title: z.optional(param.text(200)) }),
      box: () => ({ aspectRatio: '16 / 9' }),
      build: (p) => ({ kind: 'iframe', src: `https://framatube.org/videos/embed/${p['video-id']}`, title: p.title ?? 'Video' }),
    });
    expect(registered).to.equal(true);
    const el = await fixture<CkEmbed>(html`<ck-embed provider="peertube" video-id="9c9de5e8-0a1e-484a-b099-e80766180a6d"></ck-embed>`);
    expect(part(el, '[part="title"]').textContent).to.equal('PeerTube (framatube.org)');
    await realClick(part(el, 'button[part="button"]'));
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('iframe')?.getAttribute('src')).to.equal('https://framatube.org/videos/embed/9c9de5e8-0a1e-484a-b099-e80766180a6d');
    const { result: bad, messages } = await captureConsole('error', () => fixture<CkEmbed>(html`<ck-embed provider="peertube" video-id="../x"></ck-embed>`));
    expect(messages.join('\n')).to.contain('"video-id" must be a video id');
    expect(bad.shadowRoot!.querySelector('button')).to.equal(null);
  });
});
