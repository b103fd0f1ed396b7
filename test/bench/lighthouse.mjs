// `npm run lighthouse`: Lighthouse on the production build of the demo, every page, mobile and
// desktop, printed as a table: accessibility, best practices, CLS, and the audits that cost points.
//
// 1. Builds the demo with Vite (every demo/*.html page as an input, minified, hashed assets) into
//    a throwaway folder, with the drop-in as it ships (dist/consentkit.js and its chunks) loaded
//    by a plain <script src> as the README shows; the files the pages name only at run time (the
//    service worker, the CMS page's gated scripts and its posts loaded later) are copied beside them.
// 2. Serves that folder on 127.0.0.1 with a small node:http server, and the demo's backend at
//    /api as `npm run demo` has it (consentkit-server on a throwaway SQLite file, /api/receiver).
// 3. Runs Lighthouse (node API) in Debian's Chromium, one page and form factor at a time.
//
// Targets (issue 17): accessibility 100, best practices 100, CLS ≤ 0.02. Exits 1 when one is missed.
// Arguments narrow the run: page names (`video social`), `--mobile` or `--desktop`. `--serve`
// builds and serves the production demo without Lighthouse, until Ctrl-C (to look at it).
// CHROME_PATH overrides /usr/bin/chromium; LH_JSON=dir writes each Lighthouse report there.
import { copyFileSync, createReadStream, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { CHROME_ARGS, CHROME_PATH } from '../chromium.mjs';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { build, runnerImport } from 'vite';

const root = fileURLToPath(new URL('../..', import.meta.url));
const demo = join(root, 'demo');
const TARGET = { accessibility: 1, bestPractices: 1, cls: 0.02 };

const args = process.argv.slice(2);
const wanted = args.filter((a) => !a.startsWith('--')).map((a) => a.replace(/\.html$/, ''));
const formFactors = ['mobile', 'desktop'].filter((f) => !(args.includes('--mobile') || args.includes('--desktop')) || args.includes(`--${f}`));

// Pages: every demo/*.html with a document of its own. cms-more-*.html are fragments the CMS page
// fetches and inserts (no <html>, no <head>): copied as they are, not pages to audit.
const isFragment = (file) => /^cms-more-\d+\.html$/.test(file);
const pages = readdirSync(demo)
  .filter((f) => f.endsWith('.html') && !isFragment(f))
  .sort();
const audited = pages.filter((f) => !wanted.length || wanted.includes(f.replace(/\.html$/, '')));
if (!audited.length) throw new Error(`No demo page named ${wanted.join(', ')}; pages: ${pages.join(', ')}`);

// 1. The production build.
const out = mkdtempSync(join(tmpdir(), 'consentkit-demo-build-'));
const dataDir = mkdtempSync(join(tmpdir(), 'consentkit-demo-data-'));
process.stdout.write(`Building the demo (${pages.length} pages) into ${out} …\n`);
// The pages load the kit as the README tells a site owner to: the built drop-in as a plain
// `<script src>` in <head> (with the tag's own attributes, e.g. data-audit), not the sources
// bundled into each page's own script.
const DROP_IN = /<script type="module" src="\/src\/drop-in\.ts"([^>]*)><\/script>/;
await build({
  root,
  configFile: false,
  mode: 'production',
  logLevel: 'error',
  plugins: [
    {
      name: 'demo-built-drop-in',
      transformIndexHtml: {
        order: 'pre',
        handler(html, { filename }) {
          if (!DROP_IN.test(html)) throw new Error(`${filename}: no <script type="module" src="/src/drop-in.ts"> to replace with the built drop-in`);
          // The CMS page's Consent Mode adapter: the classic build, as its comment says a page with the
          // built drop-in has it (the sources bundled into the page brought a second copy of the
          // runtime, which took the configure() calls queued for the drop-in's). The mapping of demo/cms-consent-mode.js.
          const adapter = html.replace('<script type="module" src="./cms-consent-mode.js"></script>', '<script src="/assets/consent-mode.classic.js" data-analytics-storage="statistics" data-ad-storage="ads" data-ad-user-data="ads" data-ad-personalization="ads"></script>');
          return adapter.replace(DROP_IN, '<script src="/assets/consentkit.js"$1></script>');
        },
      },
    },
  ],
  build: {
    outDir: out,
    emptyOutDir: true,
    copyPublicDir: false,
    rollupOptions: { input: Object.fromEntries(pages.map((f) => [f.replace(/\.html$/, ''), join(demo, f)])) },
  },
});
// dist/consentkit.js and its folder consentkit/, as `npm run build` makes them (vite.config.ts, mode drop-in).
// dist/consent-mode.classic.js, likewise (mode consent-mode).
for (const mode of ['drop-in', 'consent-mode']) await build({ root, configFile: join(root, 'vite.config.ts'), mode, logLevel: 'error', build: { outDir: join(out, 'assets'), emptyOutDir: false } });
// Named only in scripts (`serviceWorker: './sw.js'`, `data-src`, `fetch`), so not in the bundle.
for (const f of readdirSync(demo).filter((f) => f === 'sw.js' || /^cms-(stats|ads)\.js$/.test(f) || isFragment(f))) copyFileSync(join(demo, f), join(out, 'demo', f));

// 2. The static server and the demo's backend (as vite.config.ts's demoReceiver, on a throwaway database).
const { module: receiverModule } = await runnerImport(join(demo, 'receiver.ts'));
const { module: proofServerModule } = await runnerImport(join(root, 'src/server/index.ts'));
const readToken = randomBytes(24).toString('hex');
const proofServer = proofServerModule.createProofServer({ db: join(dataDir, 'proofs.db'), readToken, log: () => {} });
await proofServer.ready;
const proofs = receiverModule.withFaults({ handle: async (req, res) => proofServer(req, res) }, {});

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.json': 'application/json', '.png': 'image/png', '.webp': 'image/webp', '.jpg': 'image/jpeg', '.woff2': 'font/woff2' };
const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname.startsWith('/api/proofs')) {
    req.url = req.url.slice('/api'.length); // mounted at /api, as in the dev server
    return void proofs(req, res);
  }
  if (url.pathname === '/api/receiver') {
    res.setHeader('content-type', 'application/json');
    return void res.end(JSON.stringify({ mode: 'online', readToken, ...proofServer.stats() }));
  }
  if (url.pathname === '/' || url.pathname === '/demo') {
    res.writeHead(302, { location: '/demo/' });
    return void res.end();
  }
  let file = join(out, normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, ''));
  if (!file.startsWith(out)) return void res.writeHead(403).end();
  try {
    if (statSync(file).isDirectory()) file = join(file, 'index.html');
    statSync(file);
  } catch {
    return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  }
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
  createReadStream(file).pipe(res);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;
if (args.includes('--serve')) {
  console.log(`The production demo: ${base}/demo/ (Ctrl-C to stop)`);
  for (const signal of ['SIGINT', 'SIGTERM'])
    process.on(signal, () => {
      rmSync(out, { recursive: true, force: true });
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    });
  await new Promise(() => {});
}

// 3. Lighthouse, in one Chromium; Lighthouse clears the origin's storage before each page.
const chrome = await chromeLauncher.launch({
  chromePath: CHROME_PATH,
  chromeFlags: ['--headless=new', ...CHROME_ARGS],
});
const onlyCategories = ['accessibility', 'best-practices', 'performance']; // performance for CLS only
const configs = {
  mobile: { extends: 'lighthouse:default', settings: { onlyCategories } },
  desktop: { ...desktopConfig, settings: { ...desktopConfig.settings, onlyCategories } },
};

const pct = (score) => (score == null ? '–' : String(Math.round(score * 100)));
/** Audits of a category that cost points: weighted, scored, below 1. */
const failing = (lhr, id) =>
  lhr.categories[id].auditRefs
    .filter((ref) => ref.weight > 0 && lhr.audits[ref.id].score !== null && lhr.audits[ref.id].score < 1)
    .map((ref) => `${ref.id} (${lhr.audits[ref.id].title})`);

const rows = [];
const notes = [];
let missed = false;
const about = { version: '?', browser: (await (await fetch(`http://127.0.0.1:${chrome.port}/json/version`)).json()).Browser };
try {
  for (const page of audited) {
    for (const formFactor of formFactors) {
      const url = `${base}/demo/${page}`;
      process.stdout.write(`  ${page} ${formFactor} …`);
      const started = Date.now();
      const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error' }, configs[formFactor]);
      const lhr = result.lhr;
      about.version = lhr.lighthouseVersion;
      process.stdout.write(` ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
      if (process.env.LH_JSON) {
        mkdirSync(process.env.LH_JSON, { recursive: true });
        writeFileSync(join(process.env.LH_JSON, `${page.replace(/\.html$/, '')}-${formFactor}.json`), result.report);
      }
      if (lhr.runtimeError) throw new Error(`${page} ${formFactor}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      const a11y = lhr.categories.accessibility.score;
      const bp = lhr.categories['best-practices'].score;
      const cls = lhr.audits['cumulative-layout-shift'].numericValue;
      const fails = [...failing(lhr, 'accessibility'), ...failing(lhr, 'best-practices')];
      if (cls > TARGET.cls) {
        const shifts = (lhr.audits['layout-shifts']?.details?.items ?? []).map((i) => `${i.node?.selector ?? i.node?.snippet ?? '?'} ${i.score?.toFixed(3)}`);
        fails.push(`CLS ${cls.toFixed(3)}${shifts.length ? `: ${shifts.join('; ')}` : ''}`);
      }
      for (const w of lhr.runWarnings) notes.push(`${page} ${formFactor}: ${w}`);
      const ok = a11y >= TARGET.accessibility && bp >= TARGET.bestPractices && cls <= TARGET.cls;
      if (!ok) missed = true;
      rows.push(`| ${page} | ${formFactor} | ${pct(a11y)} | ${pct(bp)} | ${cls.toFixed(3)} | ${fails.join('<br>') || '–'} |`);
    }
  }
} finally {
  await chrome.kill();
  server.close();
  await proofServer.close();
  rmSync(out, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
}

console.log(`\nLighthouse ${about.version}, ${about.browser}, production build of the demo`);
console.log(`Targets: accessibility 100, best practices 100, CLS ≤ ${TARGET.cls}\n`);
console.log('| page | form factor | accessibility | best practices | CLS | audits below 100 / CLS sources |');
console.log('| --- | --- | ---: | ---: | ---: | --- |');
for (const row of rows) console.log(row);
for (const note of notes) console.log(`\nWarning: ${note}`);
console.log(missed ? '\nSome page misses a target.' : '\nEvery page meets every target.');
process.exitCode = missed ? 1 : 0;
