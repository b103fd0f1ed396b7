// `npm run bench`, section "200 YouTube placeholders": consentkit next to the libraries a site
// would use instead, each page in test/bench/placeholders/ set up as the library documents it.
// Main-thread figures come from a Chromium trace (sum of top-level tasks), not from wall time.
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const version = (pkg) => require(`${pkg}/package.json`).version;

const N = 200;
const TRACE_CATEGORIES = ['__metadata', 'toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing'];
/** What each page's placeholders are: the anchor's key in `probe` and, with a consent step, how the decision is taken. */
const ANCHORS = [
  { key: 'consentkit', name: 'consentkit', page: 'consentkit.html', decides: true },
  { key: 'lite', name: `lite-youtube-embed ${version('lite-youtube-embed')}`, page: 'lite-youtube-embed.html' },
  { key: 'iframemanager', name: `iframemanager ${version('@orestbida/iframemanager')}`, page: 'iframemanager.html', decides: true },
  { key: 'cookieconsent', name: `vanilla-cookieconsent ${version('vanilla-cookieconsent')} (+ iframemanager)`, page: 'cookieconsent.html' },
];

/**
 * Serves files under `root` as they are on disk (a dev server would add its client script and
 * rewrite modules, which would land in every anchor's figures). Mount it at a path, e.g. `/plain`.
 */
export function servePlain(root) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml' };
  return async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    try {
      if (path.split('/').includes('..')) throw new Error('outside root');
      const body = await readFile(join(root, path));
      res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  };
}

/**
 * Runs in the page before any of its scripts: sums layout shifts, and on every animation frame
 * counts the placeholders on screen until there are `n`, then marks `bench:shown` (it lands in
 * the trace) and notes over how many frames they appeared.
 */
function probe({ key, n }) {
  const counts = {
    consentkit: () => [...document.querySelectorAll('ck-embed')].filter((e) => e.shadowRoot?.querySelector('button[part="button"]')).length,
    lite: () => document.querySelectorAll('lite-youtube > .lty-playbtn').length,
    iframemanager: () => document.querySelectorAll('[data-service] .c-nt').length,
    cookieconsent: () => document.querySelectorAll('[data-service] .c-nt').length,
    busy: () => document.querySelectorAll('.placeholder').length,
  };
  const count = counts[key];
  let shift = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) shift += e.value;
  }).observe({ type: 'layout-shift', buffered: true });
  let frame = 0;
  let first = 0;
  const shown = new Promise((resolve) => {
    const tick = () => {
      frame++;
      const c = count();
      if (c && !first) first = frame;
      if (c < n) return void requestAnimationFrame(tick);
      performance.mark('bench:shown');
      resolve({ frames: frame - first + 1, ms: performance.now() });
    };
    requestAnimationFrame(tick);
  });
  Object.defineProperty(window, '__bench', { value: { shown, shift: () => shift } });
}

/**
 * In the page: one decision that covers every placeholder ("Always allow" + Load, as a visitor
 * does it in consentkit; `acceptService` in iframemanager), then, frame by frame, how long until
 * the placeholders in the viewport and all of them have switched. iframemanager switches only
 * those that scroll into view, so for it the wait ends with the viewport.
 */
function decide(key) {
  const all = [...document.querySelectorAll(key === 'consentkit' ? 'ck-embed' : 'div[data-service]')];
  const switched = key === 'consentkit' ? (e) => e.loaded : (e) => e.classList.contains('c-h-n');
  const inView = all.filter((e) => {
    const r = e.getBoundingClientRect();
    return r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth;
  });
  if (key === 'consentkit') {
    const box = all[0].shadowRoot;
    box.querySelector('input[type="checkbox"]').click(); // "Always allow YouTube"
    performance.mark('bench:decision');
    box.querySelector('button[part="button"]').click();
  } else {
    performance.mark('bench:decision');
    window.iframemanager().acceptService('youtube');
  }
  const t0 = performance.getEntriesByName('bench:decision')[0].startTime;
  // Both create widgets as they come near the viewport (consentkit within a screen of it): the
  // wait ends with the viewport, and "all 200" is reached by scrolling only.
  const target = inView;
  return new Promise((resolve) => {
    let viewMs;
    const tick = () => {
      const ms = performance.now() - t0;
      if (viewMs === undefined && inView.every(switched)) viewMs = ms;
      if (target.every(switched) || ms > 20000) {
        const count = all.filter(switched).length;
        resolve({ viewMs, allMs: count === all.length ? ms : undefined, inView: inView.length, switched: count });
      } else requestAnimationFrame(tick);
    };
    tick();
  });
}

/** Top-level tasks of the page's renderer main thread, and the trace times of the bench marks. */
export function parseTrace(json) {
  const events = JSON.parse(json).traceEvents;
  const marks = {};
  for (const e of events) if (e.cat.includes('blink.user_timing') && e.name.startsWith('bench:')) marks[e.name.slice(6)] = e;
  if (!marks.shown) throw new Error('trace: no bench:shown mark');
  // The navigation the mark belongs to gives the renderer process and its main thread.
  const nav = events.find((e) => e.name === 'navigationStart' && e.args?.data?.navigationId === marks.shown.args.data.navigationId);
  if (!nav) throw new Error('trace: no navigationStart for the page');
  const nested = events
    .filter((e) => e.pid === nav.pid && e.tid === nav.tid && e.ph === 'X' && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask'))
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const tasks = [];
  let end = -Infinity;
  for (const e of nested) {
    if (e.ts < end) continue; // inside the task before (both event names wrap the same task)
    tasks.push(e);
    end = e.ts + e.dur;
  }
  const ts = Object.fromEntries(Object.entries(marks).map(([k, e]) => [k, e.ts]));
  return { tasks, start: nav.ts, ...ts };
}

/** Milliseconds of task time between two trace timestamps (µs); tasks cut at the edges. */
export function busyMs(tasks, from, to) {
  let us = 0;
  for (const t of tasks) us += Math.max(0, Math.min(t.ts + t.dur, to) - Math.max(t.ts, from));
  return us / 1000;
}

export async function measure(browser, url, key, n, decides) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  // Nothing reaches the internet: thumbnails, players, fonts get an empty answer here.
  await context.route((u) => !['127.0.0.1', 'localhost'].includes(u.hostname), (route) => route.fulfill({ status: 204, body: '' }));
  await context.addInitScript(probe, { key, n });
  const page = await context.newPage();
  await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  let trace;
  try {
    await page.goto(url);
    const shown = await Promise.race([page.evaluate(() => window.__bench.shown), page.waitForTimeout(30000).then(() => Promise.reject(new Error(`${url}: placeholders not shown in 30 s`)))]);
    await page.waitForTimeout(500); // late shifts (fonts, thumbnails) still count
    const shift = await page.evaluate(() => window.__bench.shift());
    const decision = decides ? await page.evaluate(decide, key) : undefined;
    if (decides) await page.waitForTimeout(1000); // tasks the switch leaves behind
    trace = parseTrace(await browser.stopTracing());
    const result = { cpu: busyMs(trace.tasks, trace.start, trace.shown), shift, frames: shown.frames };
    if (decision) {
      const after = trace.tasks.filter((t) => t.ts + t.dur > trace.decision);
      Object.assign(result, decision, { longest: Math.max(0, ...after.map((t) => t.dur)) / 1000 });
    }
    return result;
  } finally {
    if (!trace) await browser.stopTracing().catch(() => undefined);
    await context.close();
  }
}

const median = (xs) => {
  const s = xs.filter((x) => typeof x === 'number').sort((a, b) => a - b);
  if (!s.length) return undefined;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** The section: each anchor once per round, in turn (A B C D A B C D …), medians and ratios. */
export async function placeholderFigures(browser, base, rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 7) || 1)) {
  const dir = `${base}/plain/test/bench/placeholders`;
  const loadBefore = loadavg();
  const check = await measure(browser, `${dir}/busy-300ms.html`, 'busy', 1, false);
  const runs = ANCHORS.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (const [i, a] of ANCHORS.entries()) runs[i].push(await measure(browser, `${dir}/${a.page}`, a.key, N, a.decides));
  }
  const loadAfter = loadavg();
  const med = runs.map((rs) => Object.fromEntries(['cpu', 'shift', 'frames', 'viewMs', 'allMs', 'longest', 'inView'].map((k) => [k, median(rs.map((x) => x[k]))])));
  const im = ANCHORS.findIndex((a) => a.key === 'iframemanager');

  const ms = (x) => (x === undefined ? '—' : x.toFixed(0));
  const rows = [
    ['main-thread CPU, navigation → all 200 shown (ms)', 'cpu', ms],
    ['layout shift at load, no site CSS (sum)', 'shift', (x) => x.toFixed(4)],
    ['frames over which the placeholders appear (first → last)', 'frames', (x) => String(x)],
    ['one "always allow" → placeholders in the viewport switched (ms)', 'viewMs', ms],
    ['one "always allow" → all 200 switched (ms)', 'allMs', (x, i) => (i === im || i === 0 ? 'on scroll only' : ms(x))],
    ['longest task after the decision (ms)', 'longest', ms],
  ];
  const others = ANCHORS.slice(1);
  console.log(`\n200 YouTube placeholders on one page: medians of ${rounds} rounds, anchors in turn (Chromium ${browser.version()})\n`);
  console.log(`| figure | ${ANCHORS.map((a) => a.name).join(' | ')} | ${others.map((a) => `ours / ${a.name.split(' ')[0]}`).join(' | ')} |`);
  console.log(`| --- |${' ---: |'.repeat(ANCHORS.length + others.length)}`);
  for (const [label, k, fmt] of rows) {
    const cells = med.map((m, i) => (m[k] === undefined && !(k === 'allMs' && (i === im || i === 0)) ? '—' : fmt(m[k], i)));
    const ratios = others.map((_, j) => {
      const [ours, theirs] = [med[0][k], med[j + 1][k]];
      return ours === undefined || !theirs ? '—' : `${(ours / theirs).toFixed(2)}×`;
    });
    console.log(`| ${label} | ${cells.join(' | ')} | ${ratios.join(' | ')} |`);
  }
  console.log(`\n  CPU: sum of the renderer main thread's top-level tasks (trace), navigation start → the frame with all 200 on screen`);
  console.log(`  trace check: a page that busy-loops 300 ms measured ${ms(check.cpu)} ms (it must be 300 or more)`);
  console.log(`  decision: consentkit "Always allow" + Load in one placeholder; iframemanager acceptService('youtube'); both switch what is in view (${med[im].inView} of ${N} at 1400×900), the rest as it is scrolled near`);
  console.log(`  vanilla-cookieconsent blocks scripts, not iframes; its docs send you to iframemanager, measured here as its iframemanager guide sets both up (banner included)`);
  console.log(`  machine load (1/5/15 min): ${loadBefore.map((x) => x.toFixed(2)).join(' ')} before, ${loadAfter.map((x) => x.toFixed(2)).join(' ')} after, on a shared box: figures swing, compare within one run`);
}
