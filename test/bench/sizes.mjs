// What a visitor downloads of consentkit, from the built drop-in (dist/consentkit.js and its
// chunks): the loader, then per page what it needs — its static imports plus the element, provider
// and locale chunks that page fetches. `node test/bench/sizes.mjs --check` (run by `npm run build`)
// fails when a figure is over its budget in package.json ("sizeBudgets", KB min+gzip).
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
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

/** Files a module loads before it runs: its static imports, transitively (dynamic imports are not followed). */
function closure(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = readFileSync(dist + file, 'utf8');
  const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : '';
  for (const [, spec] of code.matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[\w$*{}\s,]+from\s*)?["'`](\.{1,2}\/[^"'`]+)["'`]/g)) {
    closure(new URL(spec, `file:///${dir}`).pathname.slice(1), seen);
  }
  return seen;
}

/** min, gzip and brotli bytes of everything `entries` load. */
export function weigh(entries) {
  const files = new Set(entries.flatMap((e) => [...closure(e)]));
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

/** The pages we promise figures for. */
export function pages() {
  const loader = 'consentkit.js';
  const elements = ['embed', 'chat-gate', 'push-prompt', 'privacy-center', 'privacy-button', 'policy-text'];
  return {
    'drop-in loader (no element on the page)': [loader],
    'one <ck-embed> (YouTube, English)': [loader, chunk('embed'), chunk('youtube')],
    ...Object.fromEntries(elements.map((e) => [`<ck-${e}> alone`, [loader, chunk(e)]])),
    'every element + one locale (de)': [loader, ...elements.map(chunk), chunk('youtube'), ...readdirSync(`${dist}consentkit`).filter((f) => f.startsWith('de-')).map((f) => `consentkit/${f}`)],
  };
}

const kb = (n) => (n / 1024).toFixed(1);

if (import.meta.url === `file://${process.argv[1]}`) {
  const budgets = JSON.parse(readFileSync(`${root}package.json`, 'utf8')).sizeBudgets ?? {};
  let over = 0;
  console.log('| what a visitor downloads (drop-in) | files | min KB | gzip KB | brotli KB | budget gzip KB |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const [name, entries] of Object.entries(pages())) {
    const w = weigh(entries);
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
