import { expect } from '@open-wc/testing';
import { z } from 'zod/mini';
import type { Provider } from '../../src/providers/provider.js';
import { schemaOf } from '../../src/providers/params.js';
import { getProvider, getScript, loadProvider, registerScript } from '../../src/providers/registry.js';
import { registerProvider } from '../../src/providers/check.js';

/** The value a hostile-input run got through (issue 15): https, but with line breaks the URL parser drops. */
const HOSTILE_URL = 'https://policy.example/x>\n[more](javascript:alert(1))\n<img src=x onerror=alert(1)>';
const PARSED = 'https://policy.example/x%3E[more](javascript:alert(1))%3Cimg%20src=x%20onerror=alert(1)%3E';

describe('provider URLs as the browser reads them', () => {
  it('a registered provider keeps the parsed privacyUrl, and everything else it was given', () => {
    const provider: Provider<{ id: string }> = {
      id: 'hostile-url-video',
      name: 'Example Video',
      company: 'Example Video GmbH',
      address: 'Musterstraße 1, 10115 Berlin, Germany',
      privacyUrl: HOSTILE_URL,
      hosts: ['player.video.example'],
      data: 'Loading the video sends your IP address to Example Video.',
      layout: 'box',
      params: z.object({ id: z.string() }),
      box: () => ({ aspectRatio: '4 / 3' }),
      build: (p) => ({ kind: 'iframe', src: `https://player.video.example/${p.id}`, title: 'Video' }),
    };
    expect(registerProvider(provider)).to.equal(true);
    const stored = getProvider('hostile-url-video')!;
    expect(stored.privacyUrl).to.equal(PARSED);
    expect(stored.build({ id: '7' }, { locale: 'en', pageUrl: 'https://example.org/' })).to.deep.equal({ kind: 'iframe', src: 'https://player.video.example/7', title: 'Video' });
    expect(registerProvider(provider)).to.equal(true); // the same object again: not "already registered"
  });

  it("a generic embed's privacy-url attribute comes out parsed, for a frame and for a script", async () => {
    registerScript('hostile-url-chat', { src: 'https://chat.example.com/widget.js' });
    const described = { name: 'Example', company: 'Example GmbH', address: 'Musterstraße 1, Berlin', 'privacy-url': HOSTILE_URL };
    const frame = schemaOf((await loadProvider('iframe'))!).parse({ ...described, service: 'example', src: 'https://frame.example.com/' });
    const script = schemaOf((await loadProvider('script'))!).parse({ ...described, service: 'hostile-url-chat' });
    expect(frame['privacy-url']).to.equal(PARSED);
    expect(script['privacy-url']).to.equal(PARSED);
  });

  it('a registered script keeps the parsed src, and its hooks', () => {
    const calls: string[] = [];
    expect(registerScript('hostile-src-chat', { src: 'https://chat.example.com/l.js?a=<b>\n', init: () => calls.push('init') })).to.equal(true);
    const registration = getScript('hostile-src-chat')!;
    expect(registration.src).to.equal('https://chat.example.com/l.js?a=%3Cb%3E');
    registration.init!();
    expect(calls).to.deep.equal(['init']);
  });
});
