import { expect } from '@open-wc/testing';
import { z } from 'zod/mini';
import { facebookPage } from '../../src/providers/facebook-page.js';
import { facebookShare } from '../../src/providers/facebook-share.js';
import type { Provider } from '../../src/providers/provider.js';
import { getProvider, providerIds, registerProvider } from '../../src/providers/registry.js';
import { youtube } from '../../src/providers/youtube.js';
import { captureConsole } from '../helpers.js';

const ctx = { locale: 'de' as const, pageUrl: 'https://example.org/article' };

function build<P>(provider: Provider<P>, attributes: Record<string, string>) {
  const params = provider.params.parse(attributes);
  return { widget: provider.build(params, ctx), box: provider.box(params) };
}

describe('built-in providers', () => {
  it('registers youtube, facebook-share and facebook-page', () => {
    expect(providerIds()).to.include.members(['youtube', 'facebook-share', 'facebook-page']);
  });

  for (const provider of [youtube, facebookShare, facebookPage] as Provider<any>[]) {
    it(`${provider.id}: names company, address, https policy and data sentence in en and de`, () => {
      expect(provider.company).to.match(/\w{3,}/);
      expect(provider.address).to.match(/\w{3,}/);
      expect(provider.privacyUrl).to.match(/^https:\/\//);
      const data = provider.data as Record<string, string>;
      expect(data.en).to.have.length.above(40);
      expect(data.de).to.have.length.above(40);
    });
  }

  it('youtube plays from the nocookie host, with the start time and autoplay after the click', () => {
    const { widget, box } = build(youtube, { 'video-id': 'dQw4w9WgXcQ', start: '42' });
    expect(widget.src).to.equal('https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&rel=0&start=42');
    expect(youtube.hosts).to.include(new URL(widget.src).hostname);
    expect(box).to.deep.equal({ aspectRatio: '16 / 9' });
  });

  it('youtube rejects a video id that could smuggle a path or query', () => {
    for (const id of ['../../x', 'dQw4w9WgXcQ?x=1', 'abc', '']) {
      expect(youtube.params.safeParse({ 'video-id': id }).success, id).to.equal(false);
    }
    expect(youtube.params.safeParse({ 'video-id': 'dQw4w9WgXcQ', start: '-1' }).success).to.equal(false);
  });

  it('facebook-share shares the given URL (or the page) without a counter', () => {
    const own = new URL(build(facebookShare, { url: 'https://example.org/x?y=1' }).widget.src);
    expect(own.origin + own.pathname).to.equal('https://www.facebook.com/plugins/share_button.php');
    expect(own.searchParams.get('href')).to.equal('https://example.org/x?y=1');
    expect(own.searchParams.get('layout')).to.equal('button');
    expect(own.searchParams.get('locale')).to.equal('de_DE');
    const page = new URL(build(facebookShare, {}).widget.src);
    expect(page.searchParams.get('href')).to.equal('https://example.org/article');
    expect(facebookShare.params.safeParse({ url: 'javascript:alert(1)' }).success).to.equal(false);
  });

  it('facebook-page needs a facebook.com page and reserves its box', () => {
    const { widget, box } = build(facebookPage, { url: 'https://www.facebook.com/heiseonline', width: '400', height: '600', 'small-header': '' });
    const src = new URL(widget.src);
    expect(src.searchParams.get('href')).to.equal('https://www.facebook.com/heiseonline');
    expect(src.searchParams.get('small_header')).to.equal('true');
    expect(src.searchParams.get('hide_cover')).to.equal('false');
    expect(box).to.deep.equal({ width: 400, height: 600 });
    expect(facebookPage.params.safeParse({ url: 'https://evil.example/heiseonline' }).success).to.equal(false);
    expect(facebookPage.params.safeParse({ url: 'https://www.facebook.com/x', width: '900' }).success).to.equal(false);
  });
});

describe('registerProvider', () => {
  const valid: Provider<{ id: string }> = {
    id: 'example-video',
    name: 'Example Video',
    company: 'Example Video GmbH',
    address: 'Musterstraße 1, 10115 Berlin, Germany',
    privacyUrl: 'https://video.example/privacy',
    hosts: ['player.video.example'],
    data: 'Loading the video sends your IP address to Example Video.',
    layout: 'box',
    params: z.object({ id: z.string() }),
    box: () => ({ aspectRatio: '4 / 3' }),
    build: (p) => ({ kind: 'iframe', src: `https://player.video.example/${p.id}`, title: 'Video' }),
  };

  it("adds a site owner's provider", () => {
    expect(registerProvider(valid)).to.equal(true);
    expect(getProvider('example-video')).to.equal(valid);
  });

  it('refuses an incomplete definition and names the fields', async () => {
    const broken = { ...valid, id: 'Bad Id', hosts: [], privacyUrl: 'http://x.example' };
    const { result, messages } = await captureConsole('error', () => registerProvider(broken));
    expect(result).to.equal(false);
    expect(getProvider('Bad Id')).to.equal(undefined);
    expect(messages[0]).to.contain('"id" must be lower-case letters, digits and dashes');
    expect(messages[0]).to.contain('"privacyUrl" must be an https URL');
    expect(messages[0]).to.contain('"hosts"');
  });

  it('does not let a second definition take over a registered id', async () => {
    const { result } = await captureConsole('error', () => registerProvider({ ...youtube, hosts: ['evil.example'] }));
    expect(result).to.equal(false);
    expect(getProvider('youtube')).to.equal(youtube);
  });
});
