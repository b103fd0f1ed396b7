import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/embed/embed.js';
import type { CkEmbed } from '../../src/elements/embed/embed.js';
import { resetConsent } from '../helpers.js';

describe('link attributes of the elements', () => {
  afterEach(resetConsent);

  it('link to the URL the browser reads, never the raw attribute (line breaks dropped, markup encoded)', async () => {
    const el = await fixture<CkEmbed>(html`<ck-embed provider="youtube" video-id="dQw4w9WgXcQ" policy-url=${'/privacy\n#<b>"x"'}></ck-embed>`);
    await el.updateComplete;
    const hrefs = [...el.shadowRoot!.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(hrefs.filter((href) => href?.startsWith('/privacy'))).to.deep.equal(['/privacy#%3Cb%3E%22x%22']);
  });
});
