// What a visitor downloads of consentkit, from the built drop-in (dist/consentkit.js and its
// chunks): the loader, then per page what it needs — its static imports plus the element, provider
// and locale chunks that page fetches. `node test/bench/sizes.mjs --check` (run by `npm run build`)
// fails when a figure is over its budget in package.json ("sizeBudgets", KB min+gzip).
import { readFileSync, readdirSync, realpathSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = `${root}dist/`;

const gz = (buf) => gzipSync(buf, { level: 9 }).length;
const br = (buf) => brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

/** A chunk of the drop-in by the start of its name, e.g. `embed` → dist/consentkit/embed-<hash>.js. */
export function chunk(name) {
  const file = readdirSync(`${dist}consentkit`).find((f) => f.startsWith(`${name}-`) && f.endsWith('.js'));
  if (!file) throw new Error(`no chunk "${name}" in dist/consentkit (run npm run build)`);
  return `consentkit/${file}`;
}

const resolve = (file, spec) => new URL(spec, `file:///${file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : ''}`).pathname.slice(1);

/**
 * Files a page loads for `file`: its static imports, transitively, and the locale chunks its code
 * fetches at once for `locale` (text modules load the page's locale and English, the fallback).
 */
function closure(file, locale, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = readFileSync(dist + file, 'utf8');
  for (const [, spec] of code.matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[\w$*{}\s,]+from\s*)?["'`](\.{1,2}\/[^"'`]+)["'`]/g)) {
    closure(resolve(file, spec), locale, seen);
  }
  for (const [, spec] of code.matchAll(/import\(\s*["'`](\.{1,2}\/[^"'`]+)["'`]\s*\)/g)) {
    const name = spec.slice(spec.lastIndexOf('/') + 1);
    if (name.startsWith(`${locale}-`) || (locale !== 'en' && name.startsWith('en-') && !code.includes('i18n/en'))) closure(resolve(file, spec), locale, seen);
  }
  return seen;
}

/** min, gzip and brotli bytes of everything `entries` load on a page in `locale`. */
export function weigh(entries, locale = 'en') {
  const files = new Set(entries.flatMap((e) => [...closure(e, locale)]));
  const all = Buffer.concat([...files].map((f) => readFileSync(dist + f)));
  // Each file is compressed on its own, as a browser downloads them.
  let gzip = 0;
  let brotli = 0;
  for (const f of files) {
    const buf = readFileSync(dist + f);
    gzip += gz(buf);
    brotli += br(buf);
  }
  return { files: files.size, min: all.length, gzip, brotli };
}

/** The pages we promise figures for: name → [chunks the page needs, its locale]. */
export function pages() {
  // consentkit.js fetches the tag watcher (the loader chunk) at once, on every page.
  const loader = ['consentkit.js', chunk('loader')];
  const elements = ['embed', 'chat-gate', 'push-prompt', 'privacy-center', 'privacy-button', 'policy-text'];
  return {
    'drop-in loader (no element on the page)': [loader, 'en'],
    'one <ck-embed> (YouTube, English)': [[...loader, chunk('embed'), chunk('youtube')], 'en'],
    // A configuration block brings the code that checks it (zod); proofs need an endpoint in it.
    'one <ck-embed> and a configuration block': [[...loader, chunk('embed'), chunk('youtube'), chunk('config')], 'en'],
    'one <ck-embed> with proofs (endpoint configured)': [[...loader, chunk('embed'), chunk('youtube'), chunk('config'), chunk('proof-client')], 'en'],
    'one <ck-embed> after the click (attributes checked)': [[...loader, chunk('embed'), chunk('youtube'), chunk('params')], 'en'],
    ...Object.fromEntries(elements.map((e) => [`<ck-${e}> alone`, [[...loader, chunk(e)], 'en']])),
    'every element + one locale (de)': [[...loader, ...elements.map(chunk), chunk('youtube'), chunk('proof-client'), chunk('rights')], 'de'],
    // A gated frame's placeholder depends on its attributes (company, host, box): they are checked before it renders.
    'gated markup: a page with a gated YouTube <iframe>': [[...loader, chunk('gate'), chunk('embed'), chunk('iframe'), chunk('youtube'), chunk('params')], 'en'],
    'self-check (data-audit) on the loader': [[...loader, chunk('audit')], 'en'],
    'Consent Mode adapter (dist/consent-mode.classic.js, a classic script)': [['consent-mode.classic.js'], 'en'],

  };
}

const kb = (n) => (n / 1024).toFixed(1);

if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  const budgets = JSON.parse(readFileSync(`${root}package.json`, 'utf8')).sizeBudgets ?? {};
  const unknown = Object.keys(budgets).filter((name) => !(name in pages()));
  let over = unknown.length;
  if (unknown.length) console.error(`budgets for pages that are not measured (renamed?): ${unknown.join('; ')}`);
  console.log('| what a visitor downloads (drop-in) | files | min KB | gzip KB | brotli KB | budget gzip KB |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const [name, [entries, locale]] of Object.entries(pages())) {
    const w = weigh(entries, locale);
    const budget = budgets[name];
    const fails = budget !== undefined && w.gzip / 1024 > budget;
    if (fails) over++;
    console.log(`| ${name} | ${w.files} | ${kb(w.min)} | ${kb(w.gzip)} | ${kb(w.brotli)} | ${budget ?? '–'}${fails ? ' **over**' : ''} |`);
  }
  if (process.argv.includes('--check') && over) {
    console.error(`\n${over} size budget(s) exceeded (package.json "sizeBudgets"). Make it smaller, or raise the budget in a commit that says why.`);
    process.exit(1);
  }
}
