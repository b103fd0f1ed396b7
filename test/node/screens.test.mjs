// Every element in every locale at 320, 375 and 1280 px, in Debian's Chromium with the built
// drop-in (test/fixtures/every-element.html): screenshots go to test/.screenshots/ (git-ignored;
// look at them), and the run fails when text is clipped or a control is covered:
// - every piece of text in the elements' shadow trees lies inside each box around it that clips
//   (the element's own box, a dialog, a panel) and inside the window, horizontally; vertically
//   inside every box that hides overflow, and never above the start of a box that scrolls;
// - no box that hides its overflow (overflow: hidden/clip) has content wider or taller than it;
// - a box placeholder shows the service's name, "Load" and "Always allow" without scrolling;
// - every button, link and form control, scrolled into view, is what the browser finds at its
//   centre (nothing lies over it).
// One page per locale and width; dialogs and compact panels are opened in it one after another.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROME_ARGS, CHROME_PATH } from '../chromium.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SHOTS = `${root}test/.screenshots/`;
const LOCALES = ['en', 'de', 'pl', 'fr'];
const WIDTHS = [
  { width: 320, height: 640 },
  { width: 375, height: 667 },
  { width: 1280, height: 800 },
];
/** Per test, generous: a busy 2-core machine is slow (E2E_TIMEOUT_MS, as in e2e.test.mjs). */
const LIMIT = { timeout: Number(process.env.E2E_TIMEOUT_MS ?? 300_000) };
/** How long a wait for a marker may take before the test fails: a limit, never a delay. */
const WAIT = Number(process.env.E2E_WAIT_MS ?? 30_000);

/**
 * Runs in the page: what is clipped or covered in the consentkit elements (shadow trees, nested
 * ones too) of `scope` (the document, or an open dialog / panel and what it holds), as readable lines.
 */
function findProblems(scope) {
  const problems = [];
  const vw = document.documentElement.clientWidth;
  const hosts = (function collect(node, out) {
    for (const el of node.querySelectorAll('*')) {
      if (el.localName.startsWith('ck-') && el.shadowRoot) {
        out.push(el);
        collect(el.shadowRoot, out);
      }
    }
    return out;
  })(document, []);
  /** The composed-tree parent: through slots and shadow roots. */
  const parentOf = (el) => el.assignedSlot ?? el.parentElement ?? el.getRootNode().host ?? null;
  const inScope = (el) => {
    for (let e = el; e; e = parentOf(e)) if (e === scope) return true;
    return scope === document;
  };
  const visible = (el) => el.checkVisibility({ visibilityProperty: true, opacityProperty: false });
  const name = (el) => {
    const host = el.getRootNode().host;
    const part = el.getAttribute('part') ? `[part="${el.getAttribute('part')}"]` : el.className && typeof el.className === 'string' ? `.${el.className.split(' ')[0]}` : '';
    return `${host ? `<${host.localName}${host.getAttribute('provider') ? ` provider="${host.getAttribute('provider')}"` : ''}> ` : ''}${el.localName}${part}`;
  };
  const snippet = (text) => `"${text.trim().replace(/\s+/g, ' ').slice(0, 40)}"`;
  const px = (n) => Math.round(n);
  for (const host of hosts) {
    for (const el of [host, ...host.shadowRoot.querySelectorAll('*')]) {
      if (!inScope(el) || !visible(el)) continue;
      const style = getComputedStyle(el);
      // A box that hides what does not fit: nothing may be hidden.
      const hides = (v) => v === 'hidden' || v === 'clip';
      if (el.localName !== 'iframe' && (hides(style.overflowX) || hides(style.overflowY))) {
        if (hides(style.overflowX) && el.scrollWidth > el.clientWidth + 1) problems.push(`${name(el)} hides ${el.scrollWidth - el.clientWidth} px of its content's width`);
        if (hides(style.overflowY) && el.scrollHeight > el.clientHeight + 1) problems.push(`${name(el)} hides ${el.scrollHeight - el.clientHeight} px of its content's height`);
      }
      // Each run of text: inside every clipping box around it, and inside the window horizontally.
      for (const node of el.childNodes) {
        if (node.nodeType !== Node.TEXT_NODE || !node.textContent.trim()) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        for (const text of range.getClientRects()) {
          if (text.width === 0 || text.height === 0) continue;
          const where = `${name(el)} ${snippet(node.textContent)}`;
          if (text.left < -0.5 || text.right > vw + 0.5) problems.push(`${where} runs out of the window (x ${px(text.left)}–${px(text.right)} of ${vw})`);
          // What of the text can be brought into view: a box that scrolls shows the part of it in its own box.
          let r = { left: text.left, right: text.right, top: text.top, bottom: text.bottom };
          for (let box = parentOf(el); box; box = parentOf(box)) {
            const s = getComputedStyle(box);
            const b = box.getBoundingClientRect();
            const scrollsX = s.overflowX === 'auto' || s.overflowX === 'scroll';
            const scrollsY = s.overflowY === 'auto' || s.overflowY === 'scroll';
            if (s.overflowX !== 'visible' && (r.left < b.left - 0.5 || r.right > b.right + 0.5)) {
              problems.push(`${where} sticks out of ${name(box)} sideways (x ${px(r.left)}–${px(r.right)}, box ${px(b.left)}–${px(b.right)})`);
              break;
            }
            if (s.overflowY !== 'visible' && !scrollsY && (r.top < b.top - 0.5 || r.bottom > b.bottom + 0.5)) {
              problems.push(`${where} is cut off by ${name(box)} (y ${px(r.top)}–${px(r.bottom)}, box ${px(b.top)}–${px(b.bottom)})`);
              break;
            }
            if (scrollsY && r.top < b.top - box.scrollTop - 0.5) {
              problems.push(`${where} lies above the start of ${name(box)}, where no scrolling reaches`);
              break;
            }
            if (scrollsX) r = { ...r, left: Math.max(r.left, b.left), right: Math.min(r.right, b.right) };
            if (scrollsY) r = { ...r, top: Math.max(Math.min(r.top, b.bottom), b.top), bottom: Math.min(Math.max(r.bottom, b.top), b.bottom) };
            if (s.position === 'fixed' || box.localName === 'dialog') break; // the window is its box
          }
        }
      }
    }
  }
  // A box placeholder keeps the service's name, "Load" and "Always allow" in its box unscrolled (only the texts between scroll).
  for (const host of hosts) {
    const box = host.shadowRoot.querySelector('.box[part="container"]');
    if (host.localName !== 'ck-embed' || !box || !inScope(box) || box.scrollTop !== 0) continue;
    const b = box.getBoundingClientRect();
    for (const el of box.querySelectorAll('[part~="title"], [part~="button"], [part~="toggle"]')) {
      const r = el.getBoundingClientRect();
      if (r.top < b.top - 0.5 || r.bottom > b.bottom + 0.5) problems.push(`${name(el)} ${snippet(el.textContent)} is not in view in its box (y ${px(r.top)}–${px(r.bottom)}, box ${px(b.top)}–${px(b.bottom)})`);
    }
  }
  return problems;
}

/** Runs in the page: the controls (buttons, links, form controls) of the elements in `scope`, as handles by index. */
function controlsOf(scope) {
  const out = [];
  (function collect(node) {
    for (const el of node.querySelectorAll('*')) {
      if (el.localName.startsWith('ck-') && el.shadowRoot) collect(el.shadowRoot);
      if (el.getRootNode() === document) continue;
      if (!el.matches('button, a[href], input, select, textarea, summary, [role="switch"], [tabindex]:not([tabindex="-1"])')) continue;
      if (!el.checkVisibility({ visibilityProperty: true })) continue;
      let inside = scope === document;
      for (let e = el; e && !inside; e = e.assignedSlot ?? e.parentElement ?? e.getRootNode().host) inside = e === scope;
      if (inside) out.push(el);
    }
  })(document);
  return out;
}

/** Runs in the page: whether `el`, scrolled into view, is what lies at its centre; a line saying what covers it if not. */
function coveredBy(el) {
  el.scrollIntoView({ block: 'center', inline: 'center' });
  // A link that wraps has a box per line: the centre of its first line is on it, that of its bounding box may not be.
  const r = el.getClientRects()[0] ?? el.getBoundingClientRect();
  const host = el.getRootNode().host;
  const label = `<${host.localName}${host.getAttribute('provider') ? ` provider="${host.getAttribute('provider')}"` : ''}> ${el.localName}${el.getAttribute('part') ? `[part="${el.getAttribute('part')}"]` : ''} "${(el.textContent || el.getAttribute('aria-label') || '').trim().replace(/\s+/g, ' ').slice(0, 30)}"`;
  const x = r.left + r.width / 2;
  const y = r.top + r.height / 2;
  if (x < 0 || x >= innerWidth || y < 0 || y >= innerHeight) return `${label}: its centre (${Math.round(x)}, ${Math.round(y)}) cannot be scrolled into the window`;
  const hit = el.getRootNode().elementFromPoint(x, y);
  // The control itself, something inside it, or the label around it (a checkbox's label takes its clicks).
  if (hit && (hit === el || el.contains(hit) || (hit.localName === 'label' && hit.contains(el)) || (el.labels && [...el.labels].includes(hit)))) return undefined;
  return `${label}: covered by ${hit ? `${hit.localName}${hit.getAttribute?.('part') ? `[part="${hit.getAttribute('part')}"]` : ''}` : 'nothing (outside the window)'}`;
}

describe('every element in every locale at 320, 375 and 1280 px (test/.screenshots/)', () => {
  let server;
  let base;
  let browser;

  before(async () => {
    // The built drop-in from the current source, in a process of its own (production Lit).
    execFileSync(`${root}node_modules/.bin/vite`, ['build', '--mode', 'drop-in', '--logLevel', 'error'], { cwd: root, env: { ...process.env, NODE_ENV: 'production' }, stdio: 'inherit' });
    mkdirSync(SHOTS, { recursive: true });
    // A static host for the build and the fixture: nothing else is needed.
    server = createServer((req, res) => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      const file = `${root}${path.slice(1)}`;
      if (!/^\/(dist|test\/fixtures)\/[\w./-]+\.(js|html|svg)$/.test(path) || path.includes('..') || !existsSync(file)) {
        res.statusCode = 404;
        return res.end();
      }
      res.setHeader('content-type', { js: 'text/javascript', html: 'text/html; charset=utf-8', svg: 'image/svg+xml' }[file.split('.').pop()]);
      res.end(readFileSync(file));
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${server.address().port}`;
    browser = await chromium.launch({ executablePath: CHROME_PATH, args: CHROME_ARGS });
  }, LIMIT);

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
  });

  /** Problems in `scope` (a handle, or the document), controls covered included. */
  async function check(page, scope) {
    await page.evaluate(`window.ckCheck ??= { findProblems: ${findProblems}, controlsOf: ${controlsOf}, coveredBy: ${coveredBy} }`);
    const problems = await page.evaluate((scope) => window.ckCheck.findProblems(scope ?? document), scope);
    // One control after the other, each scrolled into view (synchronously) before it is hit-tested.
    problems.push(...(await page.evaluate((scope) => window.ckCheck.controlsOf(scope ?? document).map(window.ckCheck.coveredBy).filter(Boolean), scope)));
    return problems;
  }

  for (const lang of LOCALES) {
    for (const viewport of WIDTHS) {
      const only = process.env.SCREENS_ONLY; // e.g. "de-320", while fixing one case
      it(`${lang} at ${viewport.width} px: no text clipped, no control covered`, { ...LIMIT, skip: !!only && only !== `${lang}-${viewport.width}` }, async () => {
        const context = await browser.newContext({ viewport });
        context.setDefaultTimeout(WAIT);
        await context.route((url) => !['127.0.0.1', 'localhost'].includes(url.hostname), (route) => route.fulfill({ status: 204, body: '' }));
        const page = await context.newPage();
        const errors = [];
        page.on('pageerror', (e) => errors.push(e.message));
        page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
        const shot = (what) => `${SHOTS}${lang}-${viewport.width}-${what}.png`;
        const problems = [];
        const note = (what, list) => problems.push(...list.map((p) => `${what}: ${p}`));
        try {
          await page.goto(`${base}/test/fixtures/every-element.html?lang=${lang}`);
          const tags = ['ck-embed', 'ck-chat-gate', 'ck-push-prompt', 'ck-privacy-button', 'ck-privacy-center', 'ck-policy-text'];
          await page.waitForFunction((tags) => tags.every((t) => customElements.get(t)), tags);
          await page.evaluate(() => Promise.all([...document.querySelectorAll('*')].filter((e) => e.localName.startsWith('ck-')).map((e) => e.updateComplete)));
          // The push prompt shows itself (trigger "immediate"): wait for its "Allow".
          await page.locator('ck-push-prompt [part~="allow"]').waitFor();
          await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
          assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
          // The page is as wide as the window: nothing of the kit pushes it sideways.
          const wide = await page.evaluate(() => {
            const vw = document.documentElement.clientWidth;
            const out = [...document.querySelectorAll('*')].filter((e) => e.localName.startsWith('ck-') && e.getBoundingClientRect().right > vw + 0.5);
            return out.map((e) => `<${e.localName}${e.getAttribute('provider') ? ` provider="${e.getAttribute('provider')}"` : ''}> ends at ${Math.round(e.getBoundingClientRect().right)} px, the window at ${vw} px`);
          });
          note('page', wide);
          // One screenshot per element (a whole page at 320 px is too tall to look at).
          const elements = await page.$$('ck-embed, ck-chat-gate, ck-push-prompt, ck-privacy-button, ck-privacy-center:not([dialog]), ck-policy-text');
          for (const [i, el] of elements.entries()) {
            const what = await el.evaluate((e) => `${e.localName}${e.getAttribute('provider') ? `-${e.getAttribute('provider')}` : ''}`);
            await el.screenshot({ path: shot(`${String(i).padStart(2, '0')}-${what}`) });
          }

          note('page', await check(page, null));

          // Each compact placeholder's details panel, one at a time.
          for (const provider of await page.evaluate(() => [...document.querySelectorAll('ck-embed')].filter((e) => e.shadowRoot.querySelector('[part="trigger"]')).map((e) => e.getAttribute('provider')))) {
            const embed = page.locator(`ck-embed[provider="${provider}"]`);
            await embed.locator('[part="trigger"]').click();
            const panel = embed.locator('[part="panel"]');
            await panel.waitFor();
            await embed.evaluate((e) => e.scrollIntoView({ block: 'start' }));
            await page.screenshot({ path: shot(`panel-${provider}`) });
            note(`${provider} panel`, await check(page, await panel.elementHandle()));
            await embed.locator('[part="trigger"]').click();
            await panel.waitFor({ state: 'hidden' });
          }

          // The chat notice.
          const chat = page.locator('ck-chat-gate[provider="facebook-messenger"]');
          await chat.locator('[part="launcher"]').click();
          const notice = chat.locator('dialog[open]');
          await notice.waitFor();
          await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
          await page.screenshot({ path: shot('chat-open') });
          note('chat notice', await check(page, await notice.elementHandle()));
          await page.keyboard.press('Escape');
          await notice.waitFor({ state: 'hidden' });

          // The privacy center as a dialog, from the privacy button.
          await page.locator('ck-privacy-button button').click();
          const dialog = page.locator('ck-privacy-center[dialog] dialog[open]');
          await dialog.waitFor();
          await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
          await page.screenshot({ path: shot('center-dialog') });
          note('privacy center dialog', await check(page, await dialog.elementHandle()));

          assert.deepEqual(errors, []);
          assert.deepEqual(problems, [], `${lang} at ${viewport.width} px (screenshots: test/.screenshots/${lang}-${viewport.width}-*.png)`);
        } finally {
          await context.close();
        }
      });
    }
  }
});
