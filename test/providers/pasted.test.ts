import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/index.js';
import type { CkEmbed } from '../../src/elements/embed/embed.js';
import { allowed, getStore, withdraw } from '../../src/kit/runtime.js';
import { captureConsole, part, realClick, requestsBeforeCanary, resetConsent, thirdPartyElements, thirdPartyRequests, waitFor } from '../helpers.js';

/**
 * Embed codes as X and Instagram hand them out, pasted into a page, the blockquote marked with the
 * built-in provider's id and the platform script gated as the README says. The test runner answers
 * every third-party request with an empty 204 (see web-test-runner.config.mjs), so the platform
 * script never draws the post: the blockquote's fallback text is what stays on screen.
 */
const WIDGETS = 'https://platform.twitter.com/widgets.js';
const tweet = (n: number) =>
  `<blockquote class="twitter-tweet" data-ck-service="x"><p lang="en" dir="ltr">Fresh sourdough number ${n}, out of the oven at 7.</p>&mdash; Bakery (@bakery) <a href="https://twitter.com/bakery/status/14${n}">May ${n}, 2024</a></blockquote>`;
const INSTAGRAM = '<blockquote class="instagram-media" data-ck-service="instagram" data-instgrm-permalink="https://www.instagram.com/p/C1a2b3c4d5e/"><a href="https://www.instagram.com/p/C1a2b3c4d5e/">A post shared by Bakery (@bakery)</a></blockquote>';

/** innerHTML never runs scripts: the gated platform script is written as the parser leaves it. */
function gatedScript(service: string, src: string): HTMLScriptElement {
  const script = document.createElement('script');
  script.type = 'text/plain';
  script.async = true;
  script.dataset.ckService = service;
  script.dataset.src = src;
  return script;
}

/** The pasted embed codes, in an article of the page (the loader and the gate see them). */
function page(markup: string, ...scripts: HTMLScriptElement[]): HTMLElement {
  const article = document.createElement('article');
  article.id = 'post';
  article.style.width = '640px';
  article.innerHTML = markup;
  article.append(...scripts);
  document.body.append(article);
  return article;
}

/** The placeholders the gate put next to the posts in `root`, once rendered. */
async function placeholders(root: Element, n: number): Promise<CkEmbed[]> {
  await waitFor(() => root.querySelectorAll('ck-embed[provider="pasted"]').length === n, 5000, `${n} placeholders`);
  await customElements.whenDefined('ck-embed');
  const all = [...root.querySelectorAll<CkEmbed>('ck-embed[provider="pasted"]')];
  for (const el of all) await el.updateComplete;
  await waitFor(() => all.every((el) => el.shadowRoot?.querySelector('button[part="button"]')), 5000, 'the "Load" buttons');
  return all;
}

/** Every request of the page to `url` the runner's network log holds, duplicates included. */
async function requestsTo(url: string): Promise<number> {
  const log = await executeServerCommand<string[], object>('third-party-requests', {});
  return log.filter((u) => u === url).length;
}

/** A gated inline script of an allowed service: once it ran, the gate has been through everything before it. */
async function canary(): Promise<void> {
  const name = `canary${Math.random().toString(36).slice(2)}`;
  if (!allowed('canary')) getStore().decide('canary', 'granted', { version: 'v1', remember: false });
  const script = document.createElement('script');
  script.type = 'text/plain';
  script.className = 'canary';
  script.dataset.ckService = 'canary';
  script.text = `window.${name} = true;`;
  document.body.append(script);
  await waitFor(() => (window as unknown as Record<string, unknown>)[name], 5000, 'the gate to reach the canary');
}

describe('embed codes as the platforms give them: pasted posts of X, Instagram and the Facebook page plugin, Vimeo\'s player.js', function () {
  this.timeout(20_000);
  afterEach(async () => {
    // Withdrawn first: the platform scripts leave the page, and the next test starts without them.
    for (const service of ['x', 'instagram', 'facebook-page', 'vimeo']) withdraw(service);
    document.querySelectorAll('article#post, ck-embed, script.canary, script.canary + script').forEach((a) => a.remove());
    await resetConsent();
  });

  it('puts an accessible notice next to each post, whose own text stays readable, and loads nothing before the click', async () => {
    const article = page(tweet(1) + tweet(2) + tweet(3), gatedScript('x', WIDGETS));
    const all = await placeholders(article, 3);
    await expect(all[0]).to.be.accessible();
    for (const [i, el] of all.entries()) {
      const post = el.previousElementSibling as HTMLElement;
      expect(post.matches('blockquote.twitter-tweet'), 'the notice stands right after its post').to.equal(true);
      expect(post.textContent).to.include(`Fresh sourdough number ${i + 1}`);
      expect(post.offsetHeight, 'the fallback text is on screen').to.be.greaterThan(0);
      // The built-in provider's texts: who gets what, "Load", "Always allow".
      expect(part(el, '[part="title"]').textContent).to.equal('X (Twitter)');
      expect(part(el, '[part="text"]').textContent).to.include('Twitter International Unlimited Company');
      expect(part(el, 'button[part="button"]').textContent!.trim()).to.equal('Load X (Twitter)');
      expect(part(el, '[part="toggle"]').textContent).to.include('Always allow');
    }
    expect(thirdPartyElements(document.documentElement)).to.deep.equal([]);
    expect(await requestsBeforeCanary()).to.deep.equal([]);
  });

  it('loads the platform script once, on one click, for three pasted posts', async () => {
    const article = page(tweet(1) + tweet(2) + tweet(3), gatedScript('x', WIDGETS), gatedScript('x', WIDGETS));
    const all = await placeholders(article, 3);
    expect(await requestsBeforeCanary({ clear: true })).to.deep.equal([]);

    await realClick(part(all[1]!, 'button[part="button"]'));
    await waitFor(async () => (await thirdPartyRequests()).includes(WIDGETS), 5000, 'widgets.js to be requested');
    await waitFor(() => !article.querySelector('ck-embed'), 5000, 'the notices to go');
    await canary();
    await requestsBeforeCanary();
    expect(await requestsTo(WIDGETS), 'requests for widgets.js').to.equal(1);
    expect(document.querySelectorAll(`script[src="${WIDGETS}"]`).length, 'widgets.js scripts on the page').to.equal(1);
    expect(article.querySelectorAll('blockquote.twitter-tweet').length, 'the posts stay for widgets.js to draw').to.equal(3);
    // The gated tags never run themselves: the placeholders loaded the platform script.
    expect(article.querySelectorAll('script:not([type="text/plain"])').length).to.equal(0);
    expect(getStore().get('x')?.decision).to.equal('granted');

    // A fourth post added now needs no notice: the platform script is here.
    article.insertAdjacentHTML('beforeend', tweet(4));
    await canary();
    // Counts, not elements: chai spends minutes describing a live element in a failure message.
    expect(article.querySelectorAll('ck-embed').length, 'notices for a post added after the load').to.equal(0);

    // Withdrawn: the script leaves the page (what it drew stays until a reload), the next post asks again.
    withdraw('x');
    expect(document.querySelectorAll(`script[src="${WIDGETS}"]`).length).to.equal(0);
    article.insertAdjacentHTML('beforeend', tweet(5));
    await placeholders(article, 1);
  });

  it('loads it without another click on a remembered grant of x from a <ck-embed provider="x">', async () => {
    const article = page('<ck-embed provider="x" post-id="1445078208190291968"></ck-embed>');
    const embed = await waitFor(() => article.querySelector<CkEmbed>('ck-embed'), 5000, 'the X embed');
    await customElements.whenDefined('ck-embed');
    await embed.updateComplete;
    await waitFor(() => embed.shadowRoot?.querySelector('button[part="button"]'), 5000, 'its "Load" button');
    await realClick(part(embed, 'input[part="checkbox"]'));
    await realClick(part(embed, 'button[part="button"]'));
    await waitFor(() => embed.loaded, 5000, 'the X embed to load');
    expect(getStore().isAlwaysAllowed('x')).to.equal(true);
    await requestsBeforeCanary({ clear: true });

    // Another page of the site, say, with posts pasted from X.
    article.insertAdjacentHTML('beforeend', tweet(1) + tweet(2) + tweet(3));
    article.append(gatedScript('x', WIDGETS));
    await waitFor(async () => (await thirdPartyRequests()).includes(WIDGETS), 5000, 'widgets.js to be requested');
    await canary();
    await requestsBeforeCanary();
    expect(await requestsTo(WIDGETS)).to.equal(1);
    expect(article.querySelectorAll('ck-embed[provider="pasted"]').length, 'notices left').to.equal(0);
  });

  it('lets "Always allow" on a pasted post\'s notice load a <ck-embed provider="x"> without a click', async () => {
    const article = page(tweet(1), gatedScript('x', WIDGETS));
    const [el] = await placeholders(article, 1);
    expect(el!.offsetHeight, 'the notice takes the height of its texts').to.be.greaterThan(40);
    await realClick(part(el!, 'input[part="checkbox"]'));
    await realClick(part(el!, 'button[part="button"]'));
    await waitFor(async () => (await thirdPartyRequests()).includes(WIDGETS), 5000, 'widgets.js to be requested');
    expect(getStore().isAlwaysAllowed('x')).to.equal(true);

    article.insertAdjacentHTML('beforeend', '<ck-embed provider="x" post-id="1445078208190291968"></ck-embed>');
    const embed = article.querySelector<CkEmbed>('ck-embed[provider="x"]')!;
    await waitFor(() => embed.loaded, 5000, 'the X embed to load by itself');
    // Its frame's request, logged by the runner later than the load: awaited here, so it cannot
    // land in the next test's log.
    await waitFor(async () => (await thirdPartyRequests()).some((url) => url.startsWith('https://platform.twitter.com/embed/Tweet.html')), 5000, 'the X frame to request its page');
  });

  it('takes Instagram\'s protocol-relative //www.instagram.com/embed.js as https', async () => {
    const { result: [el], messages } = await captureConsole('error', async () => {
      const article = page(INSTAGRAM, gatedScript('instagram', '//www.instagram.com/embed.js'));
      const found = await placeholders(article, 1);
      await canary(); // the gate has checked the gated script
      return found;
    });
    expect(messages, 'the pasted script is accepted').to.deep.equal([]);
    expect(el!.getAttribute('src')).to.equal('https://www.instagram.com/embed.js');
    expect(part(el!, 'button[part="button"]').textContent!.trim()).to.equal('Load Instagram');
    expect(await requestsBeforeCanary({ clear: true })).to.deep.equal([]);

    await realClick(part(el!, 'button[part="button"]'));
    await waitFor(async () => (await thirdPartyRequests()).includes('https://www.instagram.com/embed.js'), 5000, 'embed.js over https');
    await requestsBeforeCanary();
    expect((await thirdPartyRequests()).filter((url) => url.startsWith('http:'))).to.deep.equal([]);
    expect(document.querySelectorAll('script[src="http://www.instagram.com/embed.js"]').length).to.equal(0);
  });

  it('gates the Facebook page plugin as pasted, SDK locale and options kept', async () => {
    const sdk = 'https://connect.facebook.net/de_DE/sdk.js#xfbml=1&version=v19.0';
    const article = page(
      '<div id="fb-root"></div><div class="fb-page" data-href="https://www.facebook.com/bakery" data-ck-service="facebook-page"><blockquote cite="https://www.facebook.com/bakery" class="fb-xfbml-parse-ignore"><a href="https://www.facebook.com/bakery">Bakery</a></blockquote></div>',
      gatedScript('facebook-page', sdk),
    );
    const [el] = await placeholders(article, 1);
    expect(el!.previousElementSibling!.matches('div.fb-page')).to.equal(true);
    expect(el!.getAttribute('src')).to.equal(sdk);
    expect(await requestsBeforeCanary({ clear: true })).to.deep.equal([]);
    await realClick(part(el!, 'button[part="button"]'));
    await waitFor(async () => (await thirdPartyRequests()).includes('https://connect.facebook.net/de_DE/sdk.js'), 5000, 'the SDK to be requested');
    expect(document.querySelector('script[src^="https://connect.facebook.net/"]')!.getAttribute('src')).to.equal(sdk);
  });

  it('runs Vimeo\'s pasted player.js once per page view, over https, with the click on its gated frame, never before', async () => {
    const PLAYER = 'https://player.vimeo.com/api/player.js';
    // vimeo.com → Share → Embed, as pasted: the frame and player.js, gated as the README says.
    const video = (n: number) =>
      `<div style="padding:56.25% 0 0 0;position:relative;"><iframe data-ck-service="vimeo" data-src="https://player.vimeo.com/video/7697987${n}?h=8272103f6e" frameborder="0" allow="autoplay; fullscreen; picture-in-picture" style="position:absolute;top:0;left:0;width:100%;height:100%;" title="Video ${n}"></iframe></div>`;
    // The first tag protocol-relative, with a handler attribute: inline code that must not ride on Vimeo's consent.
    const first = gatedScript('vimeo', '//player.vimeo.com/api/player.js');
    first.setAttribute('onload', 'window.vimeoHandlerRan = true');
    const article = page(video(1) + video(2), first, gatedScript('vimeo', PLAYER));
    const { result: embed, messages } = await captureConsole('error', async () => {
      const found = await waitFor(() => article.querySelector<CkEmbed>('ck-embed[service="vimeo"]'), 5000, 'the frame\'s placeholder');
      await found.updateComplete;
      await waitFor(() => found.shadowRoot?.querySelector('button[part="button"]'), 5000, 'its "Load" button');
      await canary(); // the gate has been through the gated scripts
      return found;
    });
    expect(messages, 'player.js under vimeo is accepted').to.deep.equal([]);
    expect(part(embed, 'button[part="button"]').textContent!.trim()).to.equal('Load Vimeo');
    // Vimeo's only: a script of the test before (the Facebook SDK) may still land in the log, as a second entry without its fragment.
    expect((await requestsBeforeCanary({ clear: true })).filter((url) => url.includes('vimeo'))).to.deep.equal([]);
    expect(document.querySelectorAll('script[src*="player.vimeo.com"]').length, 'player.js before the click').to.equal(0);

    await realClick(part(embed, 'button[part="button"]'));
    await waitFor(async () => (await thirdPartyRequests()).includes(PLAYER), 5000, 'player.js to be requested');
    await waitFor(() => embed.loaded, 5000, 'the Vimeo frame');
    await canary();
    await requestsBeforeCanary();
    expect(await requestsTo(PLAYER), 'requests for player.js').to.equal(1);
    const scripts = [...document.querySelectorAll<HTMLScriptElement>('script[src*="player.vimeo.com"]')];
    expect(scripts.map((s) => s.getAttribute('src')), 'player.js scripts on the page').to.deep.equal([PLAYER]);
    expect(scripts[0]!.hasAttribute('onload'), 'the handler attribute stays behind').to.equal(false);

    // A single-page app's next route, with a video that brings its own copy: its frame loads on
    // its own click, and player.js (already in this page view) is not added again.
    article.remove();
    const next = page(video(3), gatedScript('vimeo', PLAYER));
    const again = await waitFor(() => next.querySelector<CkEmbed>('ck-embed[service="vimeo"]'), 5000, 'the next frame\'s placeholder');
    await again.updateComplete;
    await realClick(await waitFor(() => again.shadowRoot?.querySelector('button[part="button"]'), 5000, 'its "Load" button'));
    await waitFor(() => again.loaded, 5000, 'the next Vimeo frame');
    await canary();
    expect(next.querySelectorAll('script[src*="player.vimeo.com"]').length, 'player.js added again').to.equal(0);
    withdraw('vimeo');
  });

  it('refuses a script under a platform\'s name that is not its platform script, and says why', async () => {
    getStore().decide('x', 'granted', { version: 'v1', remember: true });
    getStore().decide('vimeo', 'granted', { version: 'v1', remember: true });
    const { messages } = await captureConsole('error', async () => {
      page('', gatedScript('x', 'https://evil.example/widgets.js'), gatedScript('x', 'http://platform.twitter.com/widgets.js'), gatedScript('vimeo', 'https://evil.example/player.js'));
      await canary();
    });
    expect(messages.filter((m) => m.includes('data-ck-service="x"') && m.includes('only its platform script (https://platform.twitter.com/widgets.js, https)')).length).to.equal(2);
    expect(messages.filter((m) => m.includes('data-ck-service="vimeo"') && m.includes('only its platform script (https://player.vimeo.com/api/player.js, https)')).length).to.equal(1);
    expect((await requestsBeforeCanary()).filter((url) => url.includes('evil.example') || url.includes('twitter'))).to.deep.equal([]);
  });
});
