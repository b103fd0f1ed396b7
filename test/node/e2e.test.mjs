// End-to-end audit of the demo site, as a visitor meets it: every page in Debian's Chromium with
// every third-party host answered by a local stub that records requests. Run by `npm test`.
// - nothing goes to a third party before a click; after "Load", the provider's host and no other;
// - the consent proof reaches the demo receiver;
// - axe-core finds no violations;
// - served with a strict Content-Security-Policy (Trusted Types included), no violation is reported.
// UPDATE_SCREENSHOTS=1 also saves the element screenshots the README shows (demo/screenshots/).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build, createServer, runnerImport } from 'vite';

const root = fileURLToPath(new URL('../..', import.meta.url));
const axeSource = readFileSync(`${root}node_modules/axe-core/axe.min.js`, 'utf8');
const PAGES = ['index', 'video', 'social', 'chat', 'push', 'maps', 'privacy', 'imprint'];
/** Frames the demo's providers load after a click; scripts stay 'self' (the Crisp chat is not clicked here). */
const FRAMES = 'https://www.youtube-nocookie.com https://player.vimeo.com https://www.facebook.com https://platform.twitter.com https://www.instagram.com https://maps.google.com https://www.openstreetmap.org';
const CSP = `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; worker-src 'self'; frame-src ${FRAMES}; require-trusted-types-for 'script'; trusted-types consentkit lit-html`;

const { module: receiverModule } = await runnerImport(fileURLToPath(new URL('../../demo/receiver.ts', import.meta.url)));

describe('the demo site in Chromium', { timeout: 240_000 }, () => {
  let server;
  let base;
  let browser;
  let receiver;
  let strict = false;

  before(async () => {
    receiver = receiverModule.createReceiver(); // in memory: the audit leaves no file behind
    server = await createServer({
      root,
      configFile: false,
      logLevel: 'silent',
      server: { port: 0, host: '127.0.0.1', hmr: false },
      plugins: [
        {
          name: 'e2e-demo-backend',
          configureServer(s) {
            s.middlewares.use((req, res, next) => {
              if (strict && /\.html(\?|$)/.test(req.url ?? '')) res.setHeader('content-security-policy', CSP);
              next();
            });
            s.middlewares.use('/api/proofs', (req, res) => void receiver.handle(req, res));
            s.middlewares.use('/api/receiver', (_req, res) => res.end(JSON.stringify({ mode: 'online' })));
          },
        },
      ],
    });
    await server.listen();
    base = `http://127.0.0.1:${server.httpServer.address().port}`;
    browser = await chromium.launch({
      executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-background-networking', '--disable-dev-shm-usage', '--disable-gpu'],
    });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A fresh visitor: own cookies and storage, every non-local request recorded and answered with 204. */
  async function visit(path) {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    const thirdParty = [];
    await context.route(
      (url) => !['127.0.0.1', 'localhost'].includes(url.hostname),
      (route) => (thirdParty.push(route.request().url()), route.fulfill({ status: 204, body: '' })),
    );
    const violations = [];
    const errors = [];
    await context.exposeBinding('reportViolation', (_source, v) => violations.push(v));
    await context.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (e) => window.reportViolation(`${e.violatedDirective} ${e.blockedURI}`)),
    );
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}/demo/${path}.html`);
    // Every consentkit element on the page is defined and rendered.
    await page.waitForFunction(() =>
      [...document.querySelectorAll('*')].filter((e) => e.localName.startsWith('ck-')).every((e) => customElements.get(e.localName) && e.hasUpdated),
    );
    await page.waitForTimeout(300);
    return { context, page, thirdParty, violations, errors };
  }

  for (const path of PAGES) {
    it(`${path}.html: no third-party request before a click, axe finds nothing`, async () => {
      const { context, page, thirdParty, errors } = await visit(path);
      try {
        assert.deepEqual(thirdParty, []);
        assert.deepEqual(errors, []);
        await page.evaluate(axeSource);
        const found = await page.evaluate(async () => (await window.axe.run(document)).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
        assert.deepEqual(found, []);
      } finally {
        await context.close();
      }
    });
  }

  it('after "Load YouTube": the nocookie host and no other, and the proof reaches the receiver', async () => {
    const { context, page, thirdParty } = await visit('video');
    try {
      const before = receiver.proofs().length;
      await page.locator('ck-embed[provider="youtube"]').first().locator('button[part="button"]').click();
      await page.waitForFunction(() => document.querySelector('ck-embed[provider="youtube"]').shadowRoot.querySelector('iframe'));
      await page.waitForTimeout(500);
      assert.deepEqual([...new Set(thirdParty.map((u) => new URL(u).hostname))], ['www.youtube-nocookie.com']);
      for (let i = 0; i < 50 && receiver.proofs().length === before; i++) await page.waitForTimeout(100);
      const proof = receiver.proofs().at(-1);
      assert.equal(receiver.proofs().length, before + 1);
      assert.equal(proof.service, 'youtube');
      assert.equal(proof.decision, 'granted');
      assert.equal(proof.path, '/demo/video.html');
    } finally {
      await context.close();
    }
  });

  it('under a strict CSP with Trusted Types every page works and reports no violation, clicks included', async () => {
    strict = true;
    try {
      for (const path of PAGES) {
        const { context, page, violations, errors, thirdParty } = await visit(path);
        try {
          const csp = await page.evaluate(async () => (await fetch(location.href)).headers.get('content-security-policy'));
          assert.equal(csp, CSP, 'the page was served with the policy');
          const load = page.locator('ck-embed:not([layout="compact"]) button[part="button"]').first();
          if (await load.count()) {
            await load.click();
            for (let i = 0; i < 50 && thirdParty.length === 0; i++) await page.waitForTimeout(100);
            assert.ok(thirdParty.length > 0, `${path}: the click loaded its widget`);
            await page.waitForTimeout(300); // what the widget's frame does next is under the policy too
          }
          assert.deepEqual(violations, [], `${path}: CSP violations`);
          assert.deepEqual(errors, [], `${path}: page errors`);
          // The probe works: an inline <style> is refused and reported.
          await page.evaluate(() => document.head.append(Object.assign(document.createElement('style'), { textContent: 'p{}' })));
          for (let i = 0; i < 30 && violations.length === 0; i++) await page.waitForTimeout(100);
          assert.match(violations.join(), /^style-src/, `${path}: the policy is enforced and violations are heard`);
        } finally {
          await context.close();
        }
      }
    } finally {
      strict = false;
    }
  });

  it('the built drop-in (dist/consentkit.js) under the strict CSP: only the elements on the page are fetched, a click loads YouTube, no violation', async () => {
    if (!existsSync(`${root}dist/consentkit.js`)) await build({ root, configFile: `${root}vite.config.ts`, mode: 'drop-in', logLevel: 'silent' });
    strict = true;
    const context = await browser.newContext();
    const thirdParty = [];
    const scripts = [];
    await context.route(
      (url) => !['127.0.0.1', 'localhost'].includes(url.hostname),
      (route) => (thirdParty.push(route.request().url()), route.fulfill({ status: 204, body: '' })),
    );
    const violations = [];
    await context.exposeBinding('reportViolation', (_source, v) => violations.push(v));
    await context.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => window.reportViolation(`${e.violatedDirective} ${e.blockedURI}`)));
    const page = await context.newPage();
    page.on('request', (r) => r.resourceType() === 'script' && scripts.push(new URL(r.url()).pathname));
    try {
      await page.goto(`${base}/test/fixtures/dropin.html`);
      await page.waitForFunction(() => ['ck-embed', 'ck-chat-gate', 'ck-privacy-button'].every((t) => customElements.get(t) && document.querySelector(t).hasUpdated));
      assert.deepEqual(thirdParty, []);
      assert.ok(scripts.some((p) => /\/dist\/consentkit\/embed-/.test(p)), 'the embed chunk');
      assert.ok(!scripts.some((p) => /\/dist\/consentkit\/(push-prompt|privacy-center|policy-text)-/.test(p)), `no chunk of an element not on the page: ${scripts.join(' ')}`);
      await page.locator('ck-embed button[part="button"]').click();
      for (let i = 0; i < 50 && thirdParty.length === 0; i++) await page.waitForTimeout(100);
      assert.deepEqual([...new Set(thirdParty.map((u) => new URL(u).hostname))], ['www.youtube-nocookie.com']);
      await page.locator('ck-privacy-button button').click();
      await page.waitForFunction(() => document.querySelector('ck-privacy-center')?.shadowRoot?.querySelector('dialog[open]'));
      assert.deepEqual(violations, []);
    } finally {
      strict = false;
      await context.close();
    }
  });

  it('screenshots of each element for the README (only with UPDATE_SCREENSHOTS=1)', { skip: !process.env.UPDATE_SCREENSHOTS }, async () => {
    const dir = `${root}demo/screenshots/`;
    mkdirSync(dir, { recursive: true });
    const shots = [
      ['video', 'ck-embed[provider="youtube"]', 'embed-youtube.png'],
      ['index', 'ck-embed[provider="facebook-page"]', 'embed-facebook-page.png'],
      ['push', 'ck-push-prompt', 'push-prompt.png'],
    ];
    for (const [path, selector, file] of shots) {
      const { context, page } = await visit(path);
      await page.locator(selector).first().screenshot({ path: dir + file });
      await context.close();
    }
    const center = await visit('index');
    await center.page.locator('ck-privacy-button button').click();
    await center.page.waitForTimeout(400);
    await center.page.screenshot({ path: `${dir}privacy-center.png` });
    await center.context.close();
    const { context, page } = await visit('chat');
    await page.locator('ck-chat-gate[provider="facebook-messenger"] [part="launcher"]').click();
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${dir}chat-gate.png` });
    await context.close();
  });
});
