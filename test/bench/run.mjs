// `npm run bench`: figures measured in one run on this machine, printed as a table.
// Proof delivery: N proofs through consentkit-server (SQLite) failing half the requests, in Chromium.
// consentkit-server under autocannon load, SQLite and PostgreSQL (server.mjs).
// 200 YouTube placeholders next to the anchors (placeholders.mjs): BENCH_ROUNDS rounds, default 7.
// A bundler app importing configure (bundlers.mjs): esbuild and Vite, from dist/index.js.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROME_ARGS, CHROME_PATH } from '../chromium.mjs';
import { createServer, runnerImport } from 'vite';
import { weighAnchors } from './anchors.mjs';
import { bundlerFigures } from './bundlers.mjs';
import { placeholderFigures, servePlain } from './placeholders.mjs';
import { serverFigures } from './server.mjs';
import { pages, weigh } from './sizes.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const COUNT = Number(process.env.BENCH_PROOFS ?? 1000);
const RETRY = { baseMs: 100, maxMs: 5000 };

const { module: receiverModule } = await runnerImport(fileURLToPath(new URL('../../demo/receiver.ts', import.meta.url)));
const { module: proofServerModule } = await runnerImport(fileURLToPath(new URL('../../src/server/index.ts', import.meta.url)));
// The browser client's run goes through consentkit-server itself, on a SQLite file of its own.
const proofDir = mkdtempSync(join(tmpdir(), 'consentkit-bench-proofs-'));
const proofServer = proofServerModule.createProofServer({ db: join(proofDir, 'proofs.db'), rateLimit: 0, log: () => {} });
await proofServer.ready;
const flaky = receiverModule.withFaults({ handle: async (req, res) => proofServer(req, res) }, { failRate: Number(process.env.BENCH_FAIL ?? 0.5) });
let posts = 0;
const server = await createServer({
  root,
  configFile: false,
  logLevel: 'silent',
  server: { port: 0, host: '127.0.0.1' },
  plugins: [
    {
      name: 'bench-receiver',
      configureServer: (s) => {
        s.middlewares.use('/bench-receiver', (req, res) => {
          if (req.method === 'POST') posts++;
          void flaky(req, res);
        });
        s.middlewares.use('/plain', servePlain(root));
      },
    },
  ],
});
await server.listen();
const base = `http://127.0.0.1:${server.httpServer.address().port}`;

const kb = (n) => (n / 1024).toFixed(1);

/** One table: what a visitor downloads of consentkit per page, next to the anchors' JS and CSS. */
function printSizes() {
  console.log(`\nSizes (KB; each file compressed on its own, as browsers download them)\n`);
  console.log('| library / page | JS min | JS gzip | JS brotli | CSS gzip |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const [name, [entries, locale]] of Object.entries(pages())) {
    const w = weigh(entries, locale);
    console.log(`| consentkit: ${name} | ${kb(w.min)} | ${kb(w.gzip)} | ${kb(w.brotli)} | 0 (in JS) |`);
  }
  for (const a of weighAnchors()) console.log(`| ${a.name} | ${kb(a.js.min)} | ${kb(a.js.gzip)} | ${kb(a.js.brotli)} | ${a.css.min ? kb(a.css.gzip) : '0 (in JS)'} |`);
  printDependencies();
}

/** How much of an element's page is Lit and zod/mini: a throwaway drop-in build with each in a chunk of its own. */
function printDependencies() {
  const out = mkdtempSync(`${tmpdir()}/consentkit-deps-`);
  execFileSync(`${root}node_modules/.bin/vite`, ['build', '--mode', 'drop-in', '--outDir', out, '--logLevel', 'error'], { cwd: root, env: { ...process.env, NODE_ENV: 'production', CK_SPLIT_DEPS: '1' } });
  const weight = (name) => {
    const file = readdirSync(`${out}/consentkit`).find((f) => f.startsWith(`${name}-`));
    return kb(gzipSync(readFileSync(`${out}/consentkit/${file}`), { level: 9 }).length);
  };
  console.log(`\nEach in a chunk of its own (gzip KB): Lit ${weight('lit')} (on every element's path), zod/mini ${weight('zod')} (with a configuration block, proofs, or the click that checks attributes)`);
  rmSync(out, { recursive: true, force: true });
}

/**
 * In Chromium, on the built drop-in: render 200 placeholders, one "always allow", then scrolling
 * down to each widget in turn (they are created as they near the viewport), the layout shift of those swaps,
 * third-party bytes before the click, JS heap.
 */
async function embedFigures() {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const thirdParty = [];
  await context.route((url) => !['127.0.0.1', 'localhost'].includes(url.hostname), (route) => {
    thirdParty.push(route.request());
    return route.fulfill({ status: 204, body: '' });
  });
  const page = await context.newPage();
  await page.goto(`${base}/test/bench/embeds.html`);
  const rendered = await page.evaluate(async (n) => {
    const box = document.getElementById('embeds');
    const t0 = performance.now();
    box.innerHTML = Array.from({ length: n }, () => '<ck-embed provider="youtube" video-id="aqz-KE-bpKQ"></ck-embed>').join('');
    const all = [...box.querySelectorAll('ck-embed')];
    await customElements.whenDefined('ck-embed');
    await Promise.all(all.map((e) => e.updateComplete));
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return { ms: performance.now() - t0, placeholders: all.filter((e) => e.shadowRoot.querySelector('button[part="button"]')).length };
  }, 200);
  const heap = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? 0);
  const before = thirdParty.length;
  const beforeBytes = thirdParty.reduce((sum, r) => sum + (r.postDataBuffer()?.length ?? 0) + r.url().length, 0);
  const swap = await page.evaluate(async () => {
    let shift = 0;
    new PerformanceObserver((list) => list.getEntries().forEach((e) => (shift += e.value))).observe({ type: 'layout-shift' });
    const [first, ...rest] = document.querySelectorAll('ck-embed');
    const box = first.shadowRoot;
    box.querySelector('input[type="checkbox"]').click(); // "Always allow YouTube"
    const t0 = performance.now();
    box.querySelector('button[part="button"]').click();
    // Every frame, down to the first widget not there yet, until all are (or 30 s have passed).
    await new Promise((resolve) => {
      const check = () => {
        const next = rest.find((e) => !e.loaded);
        if (!next || performance.now() - t0 > 30000) return resolve();
        next.scrollIntoView();
        requestAnimationFrame(check);
      };
      check();
    });
    const ms = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 1000)); // the iframes settle
    return { ms, shift, loaded: rest.filter((e) => e.loaded).length + 1 };
  });
  await context.close();
  const rows = [
    ['placeholders rendered', `${rendered.placeholders} in ${rendered.ms.toFixed(0)} ms`],
    ['requests to third-party hosts before any click', `${before} (${beforeBytes} bytes sent)`],
    ['JS heap after rendering 200', `${(heap / 1048576).toFixed(1)} MB`],
    ['one "always allow", then scrolling down to each widget in turn → all loaded', `${swap.loaded} in ${swap.ms.toFixed(0)} ms`],
    ['layout shift of the placeholder → widget swap (all 200, raw sum)', swap.shift.toFixed(4)],
  ];
  console.log(`\n200 <ck-embed provider="youtube"> on one page, built drop-in (Chromium ${browser.version()})\n`);
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
}

const browser = await chromium.launch({
  executablePath: CHROME_PATH,
  args: [...CHROME_ARGS, '--enable-precise-memory-info'],
});
try {
  printSizes();
  await bundlerFigures(root);
  await embedFigures();
  await placeholderFigures(browser, base);

  const page = await browser.newPage();
  await page.goto(`${base}/test/bench/proofs.html`);
  await page.waitForFunction(() => 'bench' in window);
  const result = await page.evaluate(([endpoint, count, retry]) => window.bench(endpoint, count, retry), ['/bench-receiver', COUNT, RETRY]);
  const stats = proofServer.stats();
  const storedIds = (await (await proofServer.ready).list({ limit: 5000 })).map((p) => p.id);
  const rows = [
    ['proofs queued', COUNT],
    ['delivered (stored by consentkit-server)', stats.stored],
    ['lost', COUNT - new Set(storedIds).size],
    ['stored twice', storedIds.length - new Set(storedIds).size],
    ['duplicate POSTs turned away by id', stats.duplicates],
    ['POSTs in all (failed ones answered 503)', posts],
    ['dropped by the client', result.dropped],
    ['time to drain the queue', `${(result.ms / 1000).toFixed(2)} s`],
  ];
  console.log(`\nProof delivery: ${COUNT} proofs, endpoint failing ${Number(process.env.BENCH_FAIL ?? 0.5) * 100} % of requests, retry ${RETRY.baseMs} ms .. ${RETRY.maxMs} ms, 4 in flight (Chromium ${browser.version()})\n`);
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
  console.log('');
} finally {
  await browser.close();
  await server.close();
  await proofServer.close();
  rmSync(proofDir, { recursive: true, force: true });
}
await serverFigures();
