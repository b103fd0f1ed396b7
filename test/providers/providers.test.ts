import { expect } from '@open-wc/testing';
import { z } from 'zod/mini';
import { widgetUrl, type Provider, type Widget } from '../../src/providers/provider.js';
import { builtinHint, getProvider, isBuiltin, loadProvider, providerIds, registerScript } from '../../src/providers/registry.js';
import { ProviderMeta, registerProvider } from '../../src/providers/check.js';
import { schemaOf } from '../../src/providers/params.js';
import { captureConsole } from '../helpers.js';

const ctx = { locale: 'de' as const, pageUrl: 'https://example.org/article' };

const BUILT_IN = ['youtube', 'vimeo', 'facebook-share', 'facebook-like', 'facebook-page', 'facebook-messenger', 'whatsapp', 'telegram', 'x', 'instagram', 'google-maps', 'iframe', 'script'];
const GENERIC = { service: 'example', name: 'Example', company: 'Example GmbH', address: 'Musterstraße 1, Berlin', 'privacy-url': 'https://example.com/privacy' };

async function build(id: string, attributes: Record<string, string>): Promise<{ widget: Widget; provider: Provider<any>; params: any }> {
  const provider = (await loadProvider(id))!;
  const params = schemaOf(provider).parse(attributes);
  return { widget: provider.build(params, ctx), provider, params };
}

async function rejects(id: string, attributes: Record<string, string>): Promise<boolean> {
  return !schemaOf((await loadProvider(id))!).safeParse(attributes).success;
}

describe('built-in providers', () => {
  it('are all known, and each loads on first use', async () => {
    expect(providerIds()).to.include.members(BUILT_IN);
    for (const id of BUILT_IN) {
      expect(isBuiltin(id), id).to.equal(true);
      expect((await loadProvider(id))?.id, id).to.equal(id);
    }
  });

  it("meet the rules a site's provider is checked against (built-in ones are not checked again on every page)", async () => {
    for (const id of BUILT_IN) {
      const issues = ProviderMeta.safeParse(await import(`../../src/providers/${id}.ts`).then((m) => Object.values(m)[0])).error?.issues;
      expect(issues?.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [], id).to.deep.equal([]);
    }
  });

  it('announce the box they take with default attributes before their module loads, and keep to it', async () => {
    registerScript('hint-check', { src: 'https://chat.example.com/x.js' });
    const minimal: Record<string, Record<string, string>> = {
      youtube: { 'video-id': 'dQw4w9WgXcQ' },
      vimeo: { 'video-id': '1' },
      'facebook-share': {},
      'facebook-like': {},
      'facebook-page': { url: 'https://www.facebook.com/x' },
      'facebook-messenger': { page: 'x' },
      whatsapp: {},
      telegram: {},
      x: { 'post-id': '20' },
      instagram: { url: 'https://www.instagram.com/p/C1a2B3c4D5e/' },
      'google-maps': { q: 'Wien' },
      iframe: { ...GENERIC, src: 'https://a.example/' },
      script: { ...GENERIC, service: 'hint-check' },
    };
    for (const id of BUILT_IN) {
      const provider = (await loadProvider(id))!;
      const box = provider.box(schemaOf(provider).parse(minimal[id]));
      expect(builtinHint(id), id).to.deep.equal({ layout: provider.layout, box: JSON.parse(JSON.stringify(box)), purpose: provider.purpose ?? 'embed' });
    }
  });

  for (const id of BUILT_IN) {
    it(`${id}: names company, address, an https policy, hosts, and says what it receives in en and de`, async () => {
      const p = (await loadProvider(id))!;
      expect(p.company).to.match(/\w{3,}/);
      expect(p.address).to.match(/\w{3,}/);
      expect(p.privacyUrl).to.match(/^https:\/\//);
      expect(p.hosts.length).to.be.above(0);
      const data = p.data as Record<string, string>;
      const purpose = p.purposeText as Record<string, string>;
      for (const locale of ['en', 'de', 'pl', 'fr']) {
        expect(data[locale], `${id} data ${locale}`).to.have.length.above(40);
        expect(purpose[locale], `${id} purpose ${locale}`).to.have.length.above(5);
      }
    });
  }
});

describe('what each provider builds', () => {
  it('youtube: the nocookie player, start time, autoplay after the click', async () => {
    const { widget } = await build('youtube', { 'video-id': 'dQw4w9WgXcQ', start: '42' });
    expect(widgetUrl(widget)).to.equal('https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&rel=0&start=42');
    expect(await rejects('youtube', { 'video-id': '../../x' })).to.equal(true);
    expect(await rejects('youtube', { 'video-id': 'dQw4w9WgXcQ?x=1' })).to.equal(true);
  });

  it('vimeo: do-not-track player, hash of unlisted videos', async () => {
    const { widget } = await build('vimeo', { 'video-id': '76979871', hash: 'abc123' });
    expect(widgetUrl(widget)).to.equal('https://player.vimeo.com/video/76979871?dnt=1&autoplay=1&h=abc123');
    expect(await rejects('vimeo', { 'video-id': '7697/../1' })).to.equal(true);
  });

  it('facebook-share and facebook-like: plugin iframes without counters, URL encoded', async () => {
    const hostile = 'https://example.org/a?b=1&c="><script>alert(1)</script>';
    for (const id of ['facebook-share', 'facebook-like']) {
      const url = new URL(widgetUrl((await build(id, { url: hostile })).widget));
      expect(url.searchParams.get('href')).to.equal(hostile);
      expect(url.searchParams.get('layout')).to.equal('button');
      expect(url.search).not.to.contain('<');
      expect(url.searchParams.get('locale')).to.equal('de_DE');
    }
    expect(new URL(widgetUrl((await build('facebook-share', {})).widget)).searchParams.get('href')).to.equal(ctx.pageUrl);
    expect(await rejects('facebook-share', { url: 'javascript:alert(1)' })).to.equal(true);
  });

  it('facebook-page: a facebook.com page, its box from width and height', async () => {
    const { widget, provider, params } = await build('facebook-page', { url: 'https://www.facebook.com/heiseonline', width: '400', height: '600' });
    expect(new URL(widgetUrl(widget)).searchParams.get('href')).to.equal('https://www.facebook.com/heiseonline');
    expect(provider.box(params)).to.deep.equal({ width: 400, height: 600 });
    expect(await rejects('facebook-page', { url: 'https://evil.example/heiseonline' })).to.equal(true);
  });

  it('facebook-messenger: an m.me link by default, the old SDK chat in legacy mode', async () => {
    const link = (await build('facebook-messenger', { page: 'heiseonline', ref: 'footer' })).widget;
    expect(link).to.deep.equal({ kind: 'link', href: 'https://m.me/heiseonline?ref=footer', text: 'Im Messenger chatten' });
    const legacy = (await build('facebook-messenger', { page: 'heiseonline', mode: 'legacy', 'page-id': '123456789' })).widget;
    expect(legacy).to.deep.include({
      kind: 'script',
      src: 'https://connect.facebook.net/de_DE/sdk/xfbml.customerchat.js',
      marker: { class: 'fb-customerchat', attribution: 'biz_inbox', page_id: '123456789' },
    });
    expect(await rejects('facebook-messenger', { page: 'heiseonline', mode: 'legacy' })).to.equal(true); // needs the numeric id
    expect(await rejects('facebook-messenger', { page: 'a/b?c' })).to.equal(true);
  });

  it('whatsapp: chat with a number, or share this page; the text is encoded', async () => {
    expect(widgetUrl((await build('whatsapp', { phone: '4915112345678', text: 'Hi & "bye" <b>' })).widget)).to.equal(
      'https://wa.me/4915112345678?text=Hi+%26+%22bye%22+%3Cb%3E',
    );
    expect(widgetUrl((await build('whatsapp', {})).widget)).to.equal('https://wa.me/?text=https%3A%2F%2Fexample.org%2Farticle');
    expect(await rejects('whatsapp', { phone: '+49 151' })).to.equal(true);
  });

  it('telegram: chat with a user name, or share a URL', async () => {
    expect(widgetUrl((await build('telegram', { username: 'durov' })).widget)).to.equal('https://t.me/durov');
    expect(widgetUrl((await build('telegram', { text: 'a&b' })).widget)).to.equal('https://t.me/share/url?url=https%3A%2F%2Fexample.org%2Farticle&text=a%26b');
    expect(await rejects('telegram', { username: '../admin' })).to.equal(true);
  });

  it('x: the post iframe with do-not-track', async () => {
    expect(widgetUrl((await build('x', { 'post-id': '20' })).widget)).to.equal('https://platform.twitter.com/embed/Tweet.html?id=20&dnt=true&lang=de&theme=light');
    expect(await rejects('x', { 'post-id': '20&x=1' })).to.equal(true);
  });

  it('instagram: the embed of a post or reel, whatever else the address carries', async () => {
    expect(widgetUrl((await build('instagram', { url: 'https://www.instagram.com/p/C1a2B3c4D5e/?igsh=abc' })).widget)).to.equal('https://www.instagram.com/p/C1a2B3c4D5e/embed/');
    expect(widgetUrl((await build('instagram', { url: 'https://www.instagram.com/reel/C1a2B3c4D5e/' })).widget)).to.equal('https://www.instagram.com/reel/C1a2B3c4D5e/embed/');
    expect(await rejects('instagram', { url: 'https://www.instagram.com/accounts/login/' })).to.equal(true);
  });

  it('google-maps: a place query (encoded) or a copied embed address, nothing else', async () => {
    expect(widgetUrl((await build('google-maps', { q: 'Karlsplatz 1 & "Wien"#x' })).widget)).to.equal(
      'https://maps.google.com/maps?q=Karlsplatz+1+%26+%22Wien%22%23x&hl=de&output=embed',
    );
    expect(widgetUrl((await build('google-maps', { src: 'https://www.google.com/maps/embed?pb=!1m18' })).widget)).to.equal('https://www.google.com/maps/embed?pb=!1m18');
    expect(await rejects('google-maps', {})).to.equal(true);
    expect(await rejects('google-maps', { src: 'https://www.google.com/search?q=x' })).to.equal(true);
  });

  it('iframe: any https source, with the service and company the site names', async () => {
    const { widget, provider, params } = await build('iframe', { ...GENERIC, src: 'https://www.openstreetmap.org/export/embed.html?bbox=1,2,3,4', ratio: '4/3', sandbox: 'allow-scripts' });
    expect(widget).to.deep.include({ kind: 'iframe', src: 'https://www.openstreetmap.org/export/embed.html?bbox=1,2,3,4', sandbox: 'allow-scripts', title: 'Example' });
    expect(provider.serviceId!(params)).to.equal('example');
    expect(provider.meta!(params)).to.deep.include({ company: 'Example GmbH', hosts: ['www.openstreetmap.org'] });
    expect(provider.box(params)).to.deep.equal({ width: undefined, aspectRatio: '4 / 3' });
    expect(await rejects('iframe', { ...GENERIC, src: 'http://insecure.example/' })).to.equal(true);
    expect(await rejects('iframe', { ...GENERIC, service: 'Bad Id', src: 'https://a.example/' })).to.equal(true);
    expect(await rejects('iframe', { src: 'https://a.example/' })).to.equal(true);
  });

  it('script: only a script registered in JavaScript, for the service named in the markup', async () => {
    registerScript('example', { src: 'https://client.crisp.chat/l.js' });
    const { widget } = await build('script', GENERIC);
    expect(widget).to.deep.equal({ kind: 'script', src: 'https://client.crisp.chat/l.js', service: 'example' });
    expect(await rejects('script', { ...GENERIC, service: 'unregistered' })).to.equal(true);
    expect(registerScript('youtube', { src: 'https://evil.example/x.js' })).to.equal(false);
    expect(registerScript('evil', { src: 'javascript:alert(1)' })).to.equal(false);
    expect(registerScript('evil', { src: 'https://evil.example/x.js', init: 'alert(1)' as never })).to.equal(false);
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
    expect(getProvider('example-video') === valid).to.equal(true);
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

  it('does not let anyone take over a built-in id', async () => {
    const { result, messages } = await captureConsole('error', () => registerProvider({ ...valid, id: 'youtube' }));
    expect(result).to.equal(false);
    expect(messages[0]).to.contain('"youtube" is built in');
    expect((await loadProvider('youtube'))!.hosts).to.include('www.youtube-nocookie.com');
  });
});
