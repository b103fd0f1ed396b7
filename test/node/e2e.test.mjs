// End-to-end audit of the demo site, as a visitor meets it: every page in Debian's Chromium with
// every third-party host answered by a local stub that records requests. Run by `npm test`.
// - nothing goes to a third party before a click; after "Load", the provider's host and no other;
// - the consent proof reaches consentkit-server (SQLite), and its export shows it with the text shown;
// - axe-core finds no violations;
// - served with a strict Content-Security-Policy (Trusted Types included), no violation is reported.
// UPDATE_SCREENSHOTS=1 also saves the element screenshots the README shows (demo/screenshots/).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROME_ARGS, CHROME_PATH } from '../chromium.mjs';
import { createServer, runnerImport } from 'vite';

const root = fileURLToPath(new URL('../..', import.meta.url));
const axeSource = readFileSync(`${root}node_modules/axe-core/axe.min.js`, 'utf8');
const PAGES = ['index', 'video', 'social', 'chat', 'push', 'maps', 'cms', 'privacy', 'imprint'];
/** Pages with a box embed whose "Load" the CSP run clicks (the others have none). */
const CLICKED = ['index', 'video', 'social', 'maps', 'cms'];
/** Frames the demo's providers load after a click; scripts stay 'self' (the Crisp chat is not clicked here). */
const FRAMES = 'https://www.youtube-nocookie.com https://player.vimeo.com https://www.facebook.com https://platform.twitter.com https://www.instagram.com https://maps.google.com https://www.openstreetmap.org';
const CSP = `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; worker-src 'self'; frame-src ${FRAMES}; require-trusted-types-for 'script'; trusted-types consentkit lit-html`;

/**
 * How long one test (or the builds before them) may take before it counts as hung: generous, as a
 * busy 2-core machine is slow; E2E_TIMEOUT_MS sets it. Per test, so a slow run of many pages does
 * not time out the whole file.
 */
const LIMIT = { timeout: Number(process.env.E2E_TIMEOUT_MS ?? 300_000) };
/**
 * How long a wait for a marker (a request, a message, an element) may take before the test fails;
 * E2E_WAIT_MS sets it. A limit, never a delay: every wait ends as soon as its marker is there, and
 * no test sleeps before asserting that something did not happen. Playwright's own waits use it too.
 */
const WAIT = Number(process.env.E2E_WAIT_MS ?? 30_000);
/** A same-origin path the route answers: the canary request that ends "nothing else was requested". */
const CANARY = '/__e2e-canary';

/**
 * Resolves once a canary request, issued now, has been answered by the route: every request the
 * page issued before it has reached the route (and its log) by then.
 */
async function settle(page) {
  await page.evaluate((path) => fetch(path).then((r) => r.status), CANARY);
}

/** Resolves with `check()` once it is truthy (an empty list is not); fails after WAIT ms naming `what`. */
async function until(check, what, limit = WAIT) {
  const start = Date.now();
  for (;;) {
    const value = await check();
    if (value && !(Array.isArray(value) && value.length === 0)) return value;
    if (Date.now() - start > limit) throw new Error(`timed out after ${limit} ms (E2E_WAIT_MS) waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Records every request of `context` to another host (and answers it with an empty 204), and
 * answers the canary of {@link settle} there too, so it passes the same route after them.
 */
async function recordThirdParty(context) {
  const thirdParty = [];
  await context.route(
    (url) => !['127.0.0.1', 'localhost'].includes(url.hostname) || url.pathname === CANARY,
    (route) => {
      if (new URL(route.request().url()).pathname !== CANARY) thirdParty.push(route.request().url());
      return route.fulfill({ status: 204, body: '' });
    },
  );
  return thirdParty;
}

/**
 * The CSP violations the page reported before a probe: an inline <style>, refused under the
 * policy, is added now and its report awaited. Reports are events queued in order, so one of an
 * earlier violation has arrived by then; and the probe shows that the policy is enforced and its
 * violations are heard. The probe's own report is left out.
 */
async function probeViolations(page, violations) {
  const before = violations.length;
  const probe = () => violations.findIndex((v, i) => i >= before && v.startsWith('style-src'));
  await page.evaluate(() => document.head.append(Object.assign(document.createElement('style'), { textContent: 'p{}' })));
  await until(() => probe() >= 0, "the report of the probe's violation (is the policy enforced?)");
  const at = probe();
  return violations.filter((_, i) => i !== at);
}

/** Resolves once every consentkit element on the page (all defined) has its updateComplete: provider code and texts loaded, rendered. */
const elementsComplete = (page) =>
  page.evaluate(() => Promise.all([...document.querySelectorAll('*')].filter((e) => e.localName.startsWith('ck-')).map((e) => e.updateComplete)));

/** Resolves once every animation on the page (shadow trees included) has finished: what a screenshot should show. */
const animationsDone = (page) => page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));

const { module: proofServerModule } = await runnerImport(fileURLToPath(new URL('../../src/server/index.ts', import.meta.url)));

/** The demo's proof log reads with it, as in `npm run demo`. */
const E2E_READ_TOKEN = 'e2e-read-token-0123456789';

describe('the demo site in Chromium', () => {
  let server;
  let base;
  let browser;
  let proofServer;
  let dataDir;
  /** The proofs consentkit-server keeps (erased ones left out). */
  const stored = async () => (await (await proofServer.ready).list({ limit: 5000 })).filter((r) => r.kind === 'proof' && !r.erased);
  let strict = false;

  before(async () => {
    // The built drop-in and Consent Mode script, from the current source (a dist/ left from an
    // earlier build would test old code); in a process of their own, as `npm run build` makes them:
    // in this one the dev server's NODE_ENV would give Lit's development build.
    for (const mode of ['drop-in', 'consent-mode']) {
      execFileSync(`${root}node_modules/.bin/vite`, ['build', '--mode', mode, '--logLevel', 'error'], { cwd: root, env: { ...process.env, NODE_ENV: 'production' }, stdio: 'inherit' });
    }
    // The server a site owner runs, on a SQLite file of its own that the audit removes afterwards.
    dataDir = mkdtempSync(join(tmpdir(), 'consentkit-e2e-'));
    proofServer = proofServerModule.createProofServer({ db: join(dataDir, 'proofs.db'), rateLimit: 0, readToken: E2E_READ_TOKEN, log: () => {} });
    await proofServer.ready;
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
            // The build as a static host serves it: the dev server would rewrite its import() calls
            // (adding ?import), so one chunk could run twice under two URLs.
            s.middlewares.use('/dist', (req, res, next) => {
              const file = `${root}dist${decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)}`;
              if (!/\.(js|json)$/.test(file) || !existsSync(file)) return next();
              res.setHeader('content-type', file.endsWith('.js') ? 'text/javascript' : 'application/json');
              res.end(readFileSync(file));
            });
            s.middlewares.use('/api', proofServer); // POST /api/proofs
            s.middlewares.use('/api/receiver', (_req, res) => res.end(JSON.stringify({ mode: 'online', readToken: E2E_READ_TOKEN })));
          },
        },
      ],
    });
    await server.listen();
    base = `http://127.0.0.1:${server.httpServer.address().port}`;
    browser = await chromium.launch({ executablePath: CHROME_PATH, args: CHROME_ARGS });
  }, LIMIT);

  after(async () => {
    await browser?.close();
    await server?.close();
    await proofServer?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** A fresh visitor: own cookies and storage, every non-local request recorded and answered with 204. */
  /**
   * The cookies an earlier visit to a fixture leaves after "Always allow" + "Load" on its YouTube
   * embed. Third parties and the fixture's own held paths (`quiet`) are answered empty.
   */
  async function alwaysAllowedYouTube(fixture, quiet) {
    const first = await browser.newContext();
    try {
      await first.route((url) => !['127.0.0.1', 'localhost'].includes(url.hostname) || quiet.includes(url.pathname), (route) => route.fulfill({ status: 200, body: '' }));
      const page = await first.newPage();
      await page.goto(`${base}/test/fixtures/${fixture}`);
      await page.locator('ck-embed input[part="checkbox"]').check();
      await page.locator('ck-embed button[part="button"]').click();
      await page.waitForFunction(() => document.querySelector('ck-embed').shadowRoot.querySelector('iframe'));
      return await first.cookies();
    } finally {
      await first.close();
    }
  }

  async function visit(path, { gpc = false, cookies = [], lateWatcher = false, viewport = { width: 1100, height: 900 } } = {}) {
    const context = await browser.newContext({ viewport });
    context.setDefaultTimeout(WAIT);
    // The drop-in's tag watcher arriving only after DOMContentLoaded, as on a slow network.
    let contentLoaded;
    const loaded = new Promise((resolve) => (contentLoaded = resolve));
    if (lateWatcher) await context.route(/\/src\/loader\.ts(\?.*)?$/, async (route) => (await loaded, route.continue()));
    await context.addCookies(cookies);
    // A browser with Global Privacy Control on (Brave, Firefox with the setting) says so here.
    if (gpc) await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
    const thirdParty = await recordThirdParty(context);
    const violations = [];
    const errors = [];
    const warnings = [];
    await context.exposeBinding('reportViolation', (_source, v) => violations.push(v));
    await context.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (e) => window.reportViolation(`${e.violatedDirective} ${e.blockedURI}`)),
    );
    const page = await context.newPage();
    page.once('domcontentloaded', contentLoaded);
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => ['warning', 'error'].includes(m.type()) && warnings.push(m.text()));
    await page.goto(`${base}/demo/${path}.html`);
    // Every consentkit element on the page is defined and shows what it will show (its
    // updateComplete waits for its provider's code and texts too), the page has loaded, and
    // a canary request has passed the route after everything the page asked for until then.
    await page.waitForFunction(() => [...document.querySelectorAll('*')].filter((e) => e.localName.startsWith('ck-')).every((e) => customElements.get(e.localName)));
    await elementsComplete(page);
    await page.waitForLoadState('load');
    await settle(page);
    return { context, page, thirdParty, violations, errors, warnings };
  }

  for (const path of PAGES) {
    it(`${path}.html: no third-party request before a click, axe finds nothing`, LIMIT, async () => {
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

  it('on a 375 px phone: no page is wider than the screen, each has its icon, and no control is under the privacy button, at rest or focused', LIMIT, async () => {
    for (const path of PAGES) {
      const { context, page } = await visit(path, { viewport: { width: 375, height: 667 } });
      try {
        assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 375, `${path}.html fits 375 px`);
        // Declared, so the browser asks for no /favicon.ico (a 404 in every page's log).
        const icon = await page.evaluate(() => document.querySelector('link[rel~="icon"]')?.href);
        assert.ok(icon, `${path}.html declares its icon`);
        assert.equal((await context.request.get(icon)).status(), 200, `${path}.html: its icon is served`);
        // Tab through the page: every control that takes focus is in sight, not under the button.
        const covered = [];
        let first;
        for (let i = 0; i < 150; i++) {
          await page.keyboard.press('Tab');
          const focus = await page.evaluate(() => {
            let active = document.activeElement;
            while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
            if (!active || active === document.body) return undefined;
            const host = active.getRootNode().host;
            const box = active.getBoundingClientRect();
            const hit = active.getRootNode().elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
            const name = `${host ? `${host.localName} ` : ''}${active.localName} "${(active.textContent || active.getAttribute('aria-label') || '').trim().slice(0, 40)}"`;
            return { name, id: `${host?.localName}|${active.localName}|${box.x},${document.scrollingElement.scrollTop + box.y}`, own: host?.localName === 'ck-privacy-button', under: hit?.localName === 'ck-privacy-button' };
          });
          if (!focus) continue;
          if (focus.id === first) break; // round the page once
          first ??= focus.id;
          if (focus.under && !focus.own) covered.push(focus.name);
        }
        assert.deepEqual(covered, [], `${path}.html: focused controls under the privacy button`);
        // At rest, at the page's start and at its end: no control lies under the privacy button.
        for (const at of ['start', 'end']) {
          const under = await page.evaluate((at) => {
            window.scrollTo(0, at === 'start' ? 0 : document.documentElement.scrollHeight);
            const button = document.querySelector('ck-privacy-button')?.shadowRoot?.querySelector('button')?.getBoundingClientRect();
            if (!button) return ['(no privacy button)'];
            const found = [];
            const walk = (root) => {
              for (const el of root.querySelectorAll('a[href], button, input, select, textarea, summary')) {
                const r = el.getBoundingClientRect();
                if (r.width && r.height && r.right > button.left && r.left < button.right && r.bottom > button.top && r.top < button.bottom) found.push(`${el.localName} "${el.textContent.trim().slice(0, 40)}"`);
              }
              for (const el of root.querySelectorAll('*')) if (el.shadowRoot && el.localName !== 'ck-privacy-button') walk(el.shadowRoot);
            };
            walk(document);
            return found;
          }, at);
          assert.deepEqual(under, [], `${path}.html at its ${at}: controls under the privacy button`);
        }
      } finally {
        await context.close();
      }
    }
  });

  it('after "Load YouTube": the nocookie host and no other, and the proof reaches consentkit-server, whose export shows it with its text', LIMIT, async () => {
    const { context, page, thirdParty } = await visit('video');
    try {
      const before = (await stored()).length;
      await page.locator('ck-embed[provider="youtube"]').first().locator('button[part="button"]').click();
      await page.waitForFunction(() => document.querySelector('ck-embed[provider="youtube"]').shadowRoot.querySelector('iframe'));
      await settle(page);
      assert.deepEqual([...new Set(thirdParty.map((u) => new URL(u).hostname))], ['www.youtube-nocookie.com']);
      await until(async () => (await stored()).length > before, 'the proof at consentkit-server');
      const proofs = await stored();
      const proof = proofs.at(-1);
      assert.equal(proofs.length, before + 1);
      assert.equal(proof.service, 'youtube');
      assert.equal(proof.decision, 'granted');
      assert.equal(proof.path, '/demo/video.html');
      // `consentkit-server export --service youtube`: the proof, with the exact text the visitor was shown.
      const exported = [];
      for await (const line of proofServerModule.exportLines((await proofServer.ready).export({ service: 'youtube' }), 'jsonl')) exported.push(JSON.parse(line));
      const line = exported.find((l) => l.id === proof.id);
      assert.match(line.text, /YouTube/);
      assert.equal(line.textStored, line.textHash, 'the text kept is the one the proof names');
      assert.equal((await (await proofServer.ready).verify()).ok, true);
    } finally {
      await context.close();
    }
  });

  /** The privacy center as a dialog, and the switch of one service in it. */
  async function centerSwitch(page, name) {
    await page.evaluate(() => window.consentkit.open());
    const toggle = page.locator('ck-privacy-center').getByRole('switch', { name: `Allow ${name}` });
    await toggle.waitFor();
    return toggle;
  }

  it('cms.html: gated markup, late posts, Consent Mode and the self-check behave', LIMIT, async () => {
    const { context, page, thirdParty, errors, warnings } = await visit('cms');
    try {
      const layer = () => page.evaluate(() => window.dataLayer.map((entry) => [...entry]));
      const first = await layer();
      assert.deepEqual(first[0], ['consent', 'default', { ad_storage: 'denied', analytics_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied', wait_for_update: 500 }]);
      // The gate swaps each pasted frame for its placeholder once its code has arrived: wait for both, then count.
      for (const service of ['youtube', 'openstreetmap']) await page.locator(`ck-embed[service="${service}"]`).first().locator('button[part="button"]').waitFor();
      assert.equal(await page.locator('ck-embed[service="youtube"]').count(), 1, 'the pasted video has its placeholder');
      assert.equal(await page.locator('iframe').count(), 0, 'no frame of the CMS is left in the page');
      // The comments widget comes 2 s after load; then two pages of posts, as infinite scroll would bring them.
      await page.locator('ck-embed[service="vimeo"]').locator('button[part="button"]').waitFor();
      await page.getByRole('button', { name: 'Load more posts' }).click();
      await page.locator('#more ck-embed[provider="youtube"]').locator('button[part="button"]').waitFor();
      await page.getByRole('button', { name: 'Load more posts' }).click();
      await page.locator('#more ck-embed[service="openstreetmap"]').locator('button[part="button"]').waitFor();
      await settle(page); // the late widgets' requests, had there been any, are in the log by now
      assert.deepEqual(thirdParty, [], 'nothing third-party before a click');
      assert.equal(await page.evaluate(() => window.statsRuns ?? 0), 0);
      const audit = await page.evaluate(async () => {
        const result = await window.consentkit.audit();
        return { clean: result.clean, leaks: result.leaks.map((l) => l.url) };
      });
      assert.deepEqual(audit, { clean: true, leaks: [] });

      // Allowing the statistics in the privacy settings runs the gated script once and tells Google.
      const stats = await centerSwitch(page, 'Visitor statistics');
      await stats.click();
      await page.waitForFunction(() => window.statsRuns === 1);
      assert.deepEqual((await layer()).at(-1), ['consent', 'update', { ad_storage: 'denied', analytics_storage: 'granted', ad_user_data: 'denied', ad_personalization: 'denied' }]);
      await stats.click(); // withdrawn
      await page.waitForFunction(() => window.dataLayer.at(-1)[2].analytics_storage === 'denied');
      await stats.click(); // and given again: what ran does not run twice
      await page.waitForFunction(() => window.dataLayer.length === 4 && window.dataLayer.at(-1)[2].analytics_storage === 'granted');
      // The gate queues what is due in the task of the change: had it queued the script again, it would say so now.
      assert.equal(await page.evaluate(() => document.querySelector('script[data-ck-service="statistics"]').dataset.ckState), 'ran');
      assert.equal(await page.evaluate(() => window.statsRuns), 1);
      assert.deepEqual((await layer()).map((e) => e[1]), ['default', 'update', 'update', 'update']);
      await page.keyboard.press('Escape');

      // The gated video loads on its click, from its own host only.
      await page.locator('#post-1 ck-embed[service="youtube"]').locator('button[part="button"]').click();
      await page.waitForFunction(() => document.querySelector('#post-1 ck-embed[service="youtube"]').shadowRoot.querySelector('iframe'));
      // A lazy frame asks for its page once the browser has laid it out: wait for that request, then for everything after it.
      await until(() => thirdParty.length > 0, 'the video frame to ask for its page');
      await settle(page);
      assert.deepEqual([...new Set(thirdParty.map((u) => new URL(u).hostname))], ['www.youtube-nocookie.com']);
      assert.deepEqual((await page.evaluate(() => window.consentkit.audit())).clean, true);

      // A leaky tracking pixel slipped into the page is reported, with the element that made it.
      const leak = await page.evaluate(async () => {
        const img = document.createElement('img');
        img.src = 'https://tracker.example/pixel.gif';
        img.alt = '';
        document.querySelector('#post-1').append(img);
        await new Promise((resolve) => (img.onload = img.onerror = resolve)); // the stub answers; the request is over
        const result = await window.consentkit.audit();
        return { clean: result.clean, leaks: result.leaks.map((l) => `${l.url} ${l.description}`) };
      });
      assert.equal(leak.clean, false);
      assert.equal(leak.leaks.length, 1);
      assert.match(leak.leaks[0], /^https:\/\/tracker\.example\/pixel\.gif .*img/);
      assert.deepEqual(errors, []);
      assert.ok(warnings.some((w) => w.includes('tracker.example')), 'data-audit warned in the console');
    } finally {
      await context.close();
    }
  });

  it('cms.html with Global Privacy Control: a remembered "yes" to ads waits, a "yes" now lasts this visit', LIMIT, async () => {
    // An earlier visit, without the signal: ads allowed and remembered.
    const earlier = await visit('cms');
    let cookies;
    try {
      await (await centerSwitch(earlier.page, 'Advertising partner')).click();
      await earlier.page.waitForFunction(() => window.adsRuns === 1);
      await earlier.page.locator('ck-privacy-center').getByRole('switch', { name: 'Allow Visitor statistics' }).click();
      await earlier.page.waitForFunction(() => window.statsRuns === 1);
      cookies = await earlier.context.cookies();
    } finally {
      await earlier.context.close();
    }
    // The site's configure() with the GPC list runs before the tag watcher has arrived: it is queued at once, and the adapter waits for it.
    const { context, page, errors } = await visit('cms', { gpc: true, cookies, lateWatcher: true });
    try {
      assert.match(await page.locator('#gpc-state').textContent(), /sends Global Privacy Control/);
      // The statistics, remembered too and not held back by GPC, run: the gate has taken its pass over the page.
      await page.waitForFunction(() => window.statsRuns === 1);
      assert.equal(await page.evaluate(() => document.querySelector('script[data-ck-service="ads"]').dataset.ckState), undefined, 'the remembered grant waits');
      assert.equal(await page.evaluate(() => window.adsRuns ?? 0), 0);
      // Not for a moment: the adapter's first update waited for the site's configure() with the GPC list.
      const adStorage = (await page.evaluate(() => window.dataLayer.map((e) => [...e]))).map((e) => e[2].ad_storage);
      assert.deepEqual([...new Set(adStorage)], ['denied'], `ad_storage in every entry: ${adStorage}`);
      const ads = await centerSwitch(page, 'Advertising partner');
      assert.equal(await ads.isChecked(), false);
      await ads.click();
      await page.waitForFunction(() => window.adsRuns === 1);
      const record = await page.evaluate(() => window.consentkit.consentFor('ads'));
      assert.equal(record.remembered, false);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('the built drop-in as a plain <script src> from another origin (a CDN): window.consentkit is there for the inline script right after it, its configure() applies, a click loads YouTube', LIMIT, async () => {
    const context = await browser.newContext();
    const thirdParty = await recordThirdParty(context);
    // The site on one origin, the kit's files on a CDN's: both served by the test (Chromium keeps
    // public origins from reaching loopback). The CDN sends CORS headers, as the README says it must.
    const site = 'https://site.example';
    const cdn = 'https://cdn.example/consentkit@0.1.0';
    await context.route(`${cdn}/**`, (route) => {
      const file = `${root}dist/${new URL(route.request().url()).pathname.slice(new URL(cdn).pathname.length + 1)}`;
      return route.fulfill({ contentType: 'text/javascript', headers: { 'access-control-allow-origin': '*' }, body: readFileSync(file) });
    });
    await context.route(`${site}/`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>classic</title>
          <script>window.before = Object.keys(window);</script>
          <script src="${cdn}/consentkit.js"></script>
          <script>
            window.added = Object.keys(window).filter((key) => !window.before.includes(key) && key !== 'before');
            window.early = typeof consentkit;
            consentkit.configure({ policyUrl: '/our-policy.html' });
          </script></head>
          <body><main><ck-embed provider="youtube" video-id="aqz-KE-bpKQ"></ck-embed></main></body></html>`,
      }),
    );
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    const ours = [];
    page.on('request', (r) => r.resourceType() === 'script' && ours.push(r.url()));
    try {
      await page.goto(`${site}/`);
      assert.equal(await page.evaluate(() => window.early), 'object', 'window.consentkit exists for the next classic script');
      assert.deepEqual(await page.evaluate(() => window.added), ['consentkit'], 'the classic script adds one global, no minified names');
      await page.waitForFunction(() => document.querySelector('ck-embed')?.shadowRoot?.querySelector('button[part="button"]'));
      const links = await page.evaluate(() => [...document.querySelector('ck-embed').shadowRoot.querySelectorAll('a[part="link"]')].map((a) => a.getAttribute('href')));
      assert.ok(links.includes('/our-policy.html'), `the inline configure() applied: ${links}`);
      assert.ok(ours.length > 2 && ours.every((u) => u.startsWith(`${cdn}/`)), `every file of the kit from the CDN: ${ours}`);
      assert.deepEqual(thirdParty, [], 'nothing third-party before the click');
      await page.locator('ck-embed button[part="button"]').click();
      await page.waitForFunction(() => document.querySelector('ck-embed')?.shadowRoot?.querySelector('iframe')?.src.startsWith('https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ'));
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  it('the built drop-in as a classic script in <head> reserves each element\'s box before its tag watcher has arrived (no site CSS)', LIMIT, async () => {
    const context = await browser.newContext();
    await recordThirdParty(context);
    let release;
    const held = new Promise((resolve) => (release = resolve));
    await context.route(/\/dist\/consentkit\/loader-[^/]*\.js(\?.*)?$/, async (route) => (await held, route.continue()));
    const page = await context.newPage();
    try {
      await page.goto(`${base}/test/fixtures/dropin-boxes.html`, { waitUntil: 'domcontentloaded' });
      const boxes = await page.evaluate(() => ({
        defined: !!customElements.get('ck-embed'),
        embed: document.querySelector('ck-embed').getBoundingClientRect().height,
        chat: document.querySelector('ck-chat-gate').getBoundingClientRect().height,
      }));
      assert.equal(boxes.defined, false, 'the element code has not arrived');
      assert.equal(Math.round(boxes.embed), 360, 'the YouTube box, 16:9 of 640 px');
      assert.ok(boxes.chat > 20, `the chat launcher's line: ${boxes.chat}`);
      release();
      await page.waitForFunction(() => document.querySelector('ck-embed').shadowRoot?.querySelector('button[part="button"]'));
      assert.equal(Math.round(await page.evaluate(() => document.querySelector('ck-embed').getBoundingClientRect().height)), 360, 'the same box once it is drawn');
    } finally {
      release();
      await context.close();
    }
  });

  it('the built drop-in in <head>, its API fetched early: a configuration block further down the page still counts (GPC list, policy link)', LIMIT, async () => {
    // An earlier visit granted YouTube for good.
    const cookies = await alwaysAllowedYouTube('dropin-head.html', ['/__parser-held.js', '/__api-ready']);
    // Now with Global Privacy Control, which the block lists YouTube under: the remembered grant must wait.
    const context = await browser.newContext();
    await context.addCookies(cookies);
    await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
    const thirdParty = await recordThirdParty(context);
    let apiArrived;
    const arrived = new Promise((resolve) => (apiArrived = resolve));
    await context.route('**/__api-ready', (route) => (apiArrived(), route.fulfill({ status: 204, body: '' })));
    // The parser waits here until the API has arrived (the inline configure() fetched it).
    await context.route('**/__parser-held.js', async (route) => (await arrived, route.fulfill({ status: 200, contentType: 'text/javascript', body: 'window.parserReleased = true;' })));
    const page = await context.newPage();
    try {
      await page.goto(`${base}/test/fixtures/dropin-head.html`);
      await page.waitForFunction(() => window.parserReleased && document.querySelector('ck-embed')?.shadowRoot?.querySelector('a[part="link"][href="/late-policy.html"]'));
      await page.evaluate(() => window.consentkit.ready);
      await settle(page);
      const state = await page.evaluate(() => ({
        iframe: !!document.querySelector('ck-embed').shadowRoot.querySelector('iframe'),
        imprint: [...document.querySelector('ck-embed').shadowRoot.querySelectorAll('a[part="link"]')].map((a) => a.getAttribute('href')),
      }));
      assert.equal(state.iframe, false, 'the remembered grant waits: the block below lists YouTube under GPC');
      assert.ok(state.imprint.includes('/late-policy.html'), `the block's policy link: ${state.imprint}`);
      assert.deepEqual(thirdParty, []);
    } finally {
      await context.close();
    }
  });

  it('the built drop-in copied without its folder: the console says which folder is missing, nothing third-party loads', LIMIT, async () => {
    const context = await browser.newContext();
    const thirdParty = await recordThirdParty(context);
    await context.route(/\/dist\/consentkit\/[^/]+\.js(\?.*)?$/, (route) => route.fulfill({ status: 404, body: 'not found' }));
    const page = await context.newPage();
    const errors = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    try {
      await page.goto(`${base}/test/fixtures/dropin-api.html`);
      await until(() => errors.some((e) => e.startsWith('consentkit:')), 'the drop-in says what is wrong');
      const ours = errors.filter((e) => e.startsWith('consentkit:'));
      assert.equal(ours.length, 1, ours.join('\n'));
      assert.match(ours[0], /could not be loaded .*the folder consentkit\/ next to consentkit\.js: copy that folder along with the script/);
      assert.deepEqual(thirdParty, []);
    } finally {
      await context.close();
    }
  });

  it('the built drop-in alone: one file; sync reads wait for `consentkit.ready`; configure() before the API has arrived applies to elements', LIMIT, async () => {
    const context = await browser.newContext();
    await context.route((url) => !['127.0.0.1', 'localhost'].includes(url.hostname), (route) => route.fulfill({ status: 204, body: '' }));
    // The API's code is held back until the element has rendered: what the element shows came through the queue.
    let release;
    const held = new Promise((r) => (release = r));
    await context.route(/\/dist\/consentkit\/api-[^/]*\.js(\?.*)?$/, async (route) => (await held, route.continue()));
    const page = await context.newPage();
    const scripts = [];
    page.on('request', (r) => r.resourceType() === 'script' && scripts.push(new URL(r.url()).pathname));
    try {
      await page.goto(`${base}/test/fixtures/dropin-api.html`);
      await page.waitForLoadState('load');
      await settle(page);
      const ours = scripts.filter((p) => p.startsWith('/dist/'));
      assert.equal(ours.length, 2, `a page without elements fetches the drop-in and its tag watcher only: ${ours}`);
      assert.equal(ours[0], '/dist/consentkit.js');
      assert.match(ours[1], /^\/dist\/consentkit\/loader-[\w-]+\.js$/);
      const early = await page.evaluate(() => {
        try {
          return `answered ${window.consentkit.allowed('youtube')}`;
        } catch (e) {
          return e.message;
        }
      });
      assert.match(early, /consentkit\.allowed\(\) answers once .* `await consentkit\.ready`/);
      await page.evaluate(() => {
        window.configured = window.consentkit.configure({ policyUrl: '/our-policy.html' }).then((c) => c.policyUrl);
        document.querySelector('main').insertAdjacentHTML('beforeend', '<ck-embed provider="youtube" video-id="aqz-KE-bpKQ"></ck-embed>');
      });
      await page.waitForFunction(() => document.querySelector('ck-embed')?.shadowRoot?.querySelector('button[part="button"]'));
      const stillEarly = await page.evaluate(() => {
        try {
          return window.consentkit.allowed('youtube');
        } catch {
          return 'not yet';
        }
      });
      assert.equal(stillEarly, 'not yet', 'the element rendered before the API arrived');
      const links = await page.evaluate(() => [...document.querySelector('ck-embed').shadowRoot.querySelectorAll('a[part="link"]')].map((a) => a.getAttribute('href')));
      assert.ok(links.includes('/our-policy.html'), `the site's policy link: ${links}`);
      release();
      assert.equal(await page.evaluate(() => window.configured), '/our-policy.html');
      assert.equal(await page.evaluate(async () => (await window.consentkit.ready, window.consentkit.allowed('youtube'))), false);
    } finally {
      release();
      await context.close();
    }
  });

  it("the built drop-in: a provider of the site's own, registered as the README shows it, before the element's code could miss it", LIMIT, async () => {
    const context = await browser.newContext();
    const thirdParty = [];
    await context.route((url) => !['127.0.0.1', 'localhost'].includes(url.hostname), (route) => (thirdParty.push(route.request().url()), route.fulfill({ status: 204, body: '' })));
    const page = await context.newPage();
    const problems = [];
    page.on('console', (m) => ['warning', 'error'].includes(m.type()) && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    try {
      await page.goto(`${base}/test/fixtures/dropin-provider.html`);
      await page.locator('ck-embed button[part="button"]').waitFor();
      assert.equal(await page.locator('ck-embed [part="title"]').textContent(), 'PeerTube (framatube.org)');
      await page.locator('ck-embed button[part="button"]').click();
      await page.waitForFunction(() => document.querySelector('ck-embed').shadowRoot.querySelector('iframe'));
      assert.equal(await page.evaluate(() => document.querySelector('ck-embed').shadowRoot.querySelector('iframe').getAttribute('src')), 'https://framatube.org/videos/embed/9c9de5e8-0a1e-484a-b099-e80766180a6d');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('the built drop-in: a remembered grant shows the widget at DOMContentLoaded, while an image still holds back `load`', LIMIT, async () => {
    const cookies = await alwaysAllowedYouTube('dropin-held.html', ['/__held.png']);
    const context = await browser.newContext();
    await context.addCookies(cookies);
    let release;
    const held = new Promise((r) => (release = r));
    await context.route((url) => !['127.0.0.1', 'localhost'].includes(url.hostname), (route) => route.fulfill({ status: 204, body: '' }));
    await context.route('**/__held.png', async (route) => (await held, route.fulfill({ status: 204, body: '' })));
    const page = await context.newPage();
    try {
      await page.goto(`${base}/test/fixtures/dropin-held.html`, { waitUntil: 'domcontentloaded' });
      await page.waitForFunction(() => document.querySelector('ck-embed')?.shadowRoot?.querySelector('iframe'));
      assert.equal(await page.evaluate(() => document.readyState), 'interactive', 'the widget came before `load`');
    } finally {
      release();
      await context.close();
    }
  });

  /**
   * push.html: "Allow" with notifications granted registers the site's service worker (a
   * TrustedScriptURL under the policy). The subscription itself then fails, as headless Chromium
   * has no push service; the prompt reports that, and either outcome ends the wait.
   */
  async function allowPush(context, page) {
    await context.grantPermissions(['notifications'], { origin: base });
    await page.evaluate(() => {
      const prompt = document.querySelector('ck-push-prompt');
      prompt.addEventListener('ck-push-error', (e) => (window.pushOutcome = `error ${e.detail.reason}: ${e.detail.message}`));
      prompt.addEventListener('ck-push-subscribed', () => (window.pushOutcome = 'subscribed'));
    });
    await page.locator('ck-push-prompt [part~="allow"]').click();
    const outcome = await (await page.waitForFunction(() => window.pushOutcome)).jsonValue();
    assert.doesNotMatch(outcome, /Trusted/, 'push.html: the service worker URL passed the Trusted Types policy');
    const workers = await page.evaluate(async () =>
      (await navigator.serviceWorker.getRegistrations()).map((r) => new URL((r.active ?? r.waiting ?? r.installing).scriptURL).pathname),
    );
    assert.deepEqual(workers, ['/demo/sw.js'], `push.html: the service worker is registered (outcome: ${outcome})`);
  }

  it('under a strict CSP with Trusted Types every page works and reports no violation, clicks included', LIMIT, async () => {
    strict = true;
    try {
      for (const path of PAGES) {
        const { context, page, violations, errors, thirdParty } = await visit(path);
        try {
          const csp = await page.evaluate(async () => (await fetch(location.href)).headers.get('content-security-policy'));
          assert.equal(csp, CSP, 'the page was served with the policy');
          const load = page.locator('ck-embed:not([layout="compact"]) button[part="button"]').first();
          assert.equal(await load.count(), CLICKED.includes(path) ? 1 : 0, `${path}: a "Load" button to click`);
          if (CLICKED.includes(path)) {
            await load.click();
            await until(() => thirdParty.length > 0, `${path}: the request of the widget the click loaded`);
            await settle(page); // what the widget's frame does next is under the policy too
          }
          if (path === 'push') await allowPush(context, page);
          assert.deepEqual(await probeViolations(page, violations), [], `${path}: CSP violations`);
          assert.deepEqual(errors, [], `${path}: page errors`);
        } finally {
          await context.close();
        }
      }
    } finally {
      strict = false;
    }
  });

  it('the built drop-in (dist/consentkit.js) under the strict CSP: only the elements on the page are fetched, a click loads YouTube, Consent Mode and data-audit work, no violation', LIMIT, async () => {
    strict = true;
    const context = await browser.newContext();
    context.setDefaultTimeout(WAIT);
    const thirdParty = await recordThirdParty(context);
    const scripts = [];
    const violations = [];
    await context.exposeBinding('reportViolation', (_source, v) => violations.push(v));
    await context.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => window.reportViolation(`${e.violatedDirective} ${e.blockedURI}`)));
    const page = await context.newPage();
    const warnings = [];
    const infos = [];
    page.on('console', (m) => (['warning', 'error'].includes(m.type()) ? warnings : infos).push(m.text()));
    page.on('request', (r) => r.resourceType() === 'script' && scripts.push(new URL(r.url()).pathname));
    try {
      await page.goto(`${base}/test/fixtures/dropin.html`);
      await page.waitForFunction(() => ['ck-embed', 'ck-chat-gate', 'ck-privacy-button'].every((t) => customElements.get(t)));
      await elementsComplete(page);
      await settle(page); // a request (or chunk) the page started before the canary is logged by now
      assert.deepEqual(thirdParty, []);
      assert.ok(scripts.some((p) => /\/dist\/consentkit\/embed-/.test(p)), 'the embed chunk');
      assert.ok(!scripts.some((p) => /\/dist\/consentkit\/(push-prompt|privacy-center|policy-text)-/.test(p)), `no chunk of an element not on the page: ${scripts.join(' ')}`);
      await page.locator('ck-embed button[part="button"]').click();
      await until(() => thirdParty.length > 0, 'the player request');
      await settle(page); // and a request to another host, had the click made one, is in the log too
      assert.deepEqual([...new Set(thirdParty.map((u) => new URL(u).hostname))], ['www.youtube-nocookie.com']);
      // The classic Consent Mode adapter: the tag saw the default before anything else; the click sent an update.
      const denied = { ad_storage: 'denied', analytics_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied', functionality_storage: 'denied' };
      assert.deepEqual(await page.evaluate(() => window.tagSaw), [['consent', 'default', { ...denied, wait_for_update: 500 }]]);
      await page.waitForFunction(() => window.dataLayer.length === 2);
      assert.deepEqual(await page.evaluate(() => window.dataLayer.map((e) => Array.from(e))), [
        ['consent', 'default', { ...denied, wait_for_update: 500 }],
        ['consent', 'update', { ...denied, functionality_storage: 'granted' }],
      ]);
      // data-audit on the built drop-in: it checked the page and found nothing to report.
      await until(() => infos.some((m) => m.startsWith('consentkit audit: no request')), `the audit's report (the console said: ${infos.join(' | ')})`);
      assert.ok(infos.some((m) => m.startsWith('consentkit audit: no request to a third-party host before consent')), infos.join('\n'));
      assert.deepEqual(warnings, []);
      await page.locator('ck-privacy-button button').click();
      await page.waitForFunction(() => document.querySelector('ck-privacy-center')?.shadowRoot?.querySelector('dialog[open]'));
      assert.deepEqual(await probeViolations(page, violations), []);
    } finally {
      strict = false;
      await context.close();
    }
  });

  it('screenshots of each element for the README (only with UPDATE_SCREENSHOTS=1)', { ...LIMIT, skip: !process.env.UPDATE_SCREENSHOTS }, async () => {
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
    await center.page.waitForFunction(() => document.querySelector('ck-privacy-center')?.shadowRoot?.querySelector('dialog[open]'));
    await animationsDone(center.page);
    await center.page.screenshot({ path: `${dir}privacy-center.png` });
    await center.context.close();
    const { context, page } = await visit('chat');
    await page.locator('ck-chat-gate[provider="facebook-messenger"] [part="launcher"]').click();
    await page.waitForFunction(() => document.querySelector('ck-chat-gate[provider="facebook-messenger"]').shadowRoot.querySelector('dialog[open]'));
    await animationsDone(page);
    await page.screenshot({ path: `${dir}chat-gate.png` });
    await context.close();
  });
});

describe('npm run demo (the dev server with vite.config.ts)', () => {
  it('answers / with the demo site, not an empty 404', LIMIT, async () => {
    const server = await createServer({ root, configFile: `${root}vite.config.ts`, logLevel: 'silent', server: { port: 0, host: '127.0.0.1', hmr: false, open: false } });
    try {
      await server.listen();
      const base = `http://127.0.0.1:${server.httpServer.address().port}`;
      const start = await fetch(`${base}/`, { redirect: 'manual' });
      assert.equal(start.status, 302);
      assert.equal(start.headers.get('location'), '/demo/');
      const page = await fetch(`${base}/`);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<title>Bakery Blog/);
    } finally {
      await server.close();
    }
  });
});
