import { executeServerCommand, sendMouse } from '@web/test-runner-commands';
import { fixtureCleanup } from '@open-wc/testing';
import Cookies from 'js-cookie';
import { resetRuntime } from '../src/runtime.js';

/** Records what consentkit writes to the console while `run` runs, and still shows nothing else. */
export async function captureConsole<T>(level: 'error' | 'warn' | 'info', run: () => T | Promise<T>): Promise<{ result: T; messages: string[] }> {
  const original = console[level];
  const messages: string[] = [];
  console[level] = (...args: unknown[]) => void messages.push(args.map(String).join(' '));
  try {
    return { result: await run(), messages };
  } finally {
    console[level] = original;
  }
}

/**
 * Everything this page asked of another origin, from two logs: the browser's resource timing,
 * and the test runner's network log, which sees every request of the page and its frames
 * (answered locally with a 204; see web-test-runner.config.mjs).
 */
export async function thirdPartyRequests({ clear = false } = {}): Promise<string[]> {
  const timing = performance
    .getEntriesByType('resource')
    .map((e) => e.name)
    .filter((url) => new URL(url).origin !== location.origin);
  const network = await executeServerCommand<string[], { clear: boolean }>('third-party-requests', { clear });
  if (clear) performance.clearResourceTimings();
  return [...new Set([...timing, ...network])];
}

/**
 * Waits until the network log has been quiet for a moment (a tab opened by a click can log its
 * request late), then clears it: what follows starts from an empty log.
 */
export async function clearQuietLog(quietMs = 300): Promise<void> {
  let before = -1;
  for (let now = (await thirdPartyRequests()).length; now !== before; now = (await thirdPartyRequests()).length) {
    before = now;
    await new Promise((r) => setTimeout(r, quietMs));
  }
  await thirdPartyRequests({ clear: true });
}

/**
 * Elements (in the light DOM and every open shadow root below `root`) that would make the browser
 * contact another origin: iframes, scripts, images, media, objects, styles, preconnects, prefetches.
 * Plain `<a href>` links are excluded: they are followed only when clicked.
 */
export function thirdPartyElements(root: Element | ShadowRoot): string[] {
  const found: string[] = [];
  const visit = (node: Element | ShadowRoot) => {
    for (const el of node.querySelectorAll('*')) {
      if (FETCHING.has(el.localName)) {
        for (const attr of ['src', 'href', 'srcset', 'poster', 'data', 'xlink:href']) {
          const value = el.getAttribute(attr);
          if (value && isThirdParty(value)) found.push(`<${el.localName} ${attr}="${value}">`);
        }
      }
      const style = el.getAttribute('style');
      if (style && /url\(/.test(style)) found.push(`<${el.localName} style="${style}">`);
      if (el.shadowRoot) visit(el.shadowRoot);
    }
  };
  if (root instanceof Element && root.shadowRoot) visit(root.shadowRoot);
  visit(root);
  return found;
}

/** Elements that fetch what their attributes point to (a plain `<a>` only when followed). */
const FETCHING = new Set(['iframe', 'frame', 'script', 'img', 'image', 'link', 'source', 'video', 'audio', 'track', 'embed', 'object', 'input', 'use', 'portal']);

function isThirdParty(value: string): boolean {
  return value
    .split(',')
    .map((part) => part.trim().split(/\s+/)[0] ?? '')
    .some((url) => {
      try {
        return new URL(url, location.href).origin !== location.origin;
      } catch {
        return false;
      }
    });
}

/** A clean slate: no consentkit cookie, no config, a new store. */
export async function resetConsent(): Promise<void> {
  fixtureCleanup(); // remove this test's elements first, so their frames cannot log into the next test
  await thirdPartyRequests({ clear: true });
  for (const name of Object.keys(Cookies.get())) Cookies.remove(name, { path: '/' });
  document.querySelectorAll('script[data-consentkit]').forEach((s) => s.remove());
  resetRuntime();
}

/** Resolves after `n` animation frames. */
export async function frames(n = 1): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((r) => requestAnimationFrame(r));
}

/** A real mouse click (through the browser's input pipeline) in the middle of `el`. */
export async function realClick(el: Element): Promise<void> {
  el.scrollIntoView({ block: 'center' });
  const r = el.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(r.x + r.width / 2), Math.round(r.y + r.height / 2)] });
}

/** The element inside `host`'s shadow root matching `selector`; fails the test when missing. */
export function part<T extends Element = HTMLElement>(host: Element, selector: string): T {
  const found = host.shadowRoot?.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector} in <${host.localName}>`);
  return found;
}

/** Polls until `check` returns something truthy, and returns it; fails the test after `timeout` ms. */
export async function waitFor<T>(check: () => T | Promise<T>, timeout = 5000, what = 'condition'): Promise<NonNullable<T>> {
  const start = performance.now();
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (performance.now() - start > timeout) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Another tab of the site: an iframe (its own JS realm, the same cookies, storage and channels)
 * with the fixture page's YouTube embed. Returns a getter for that embed once it is rendered.
 */
export async function openEmbedTab(): Promise<() => HTMLElement & { loaded: boolean }> {
  const tab = document.createElement('iframe');
  tab.src = '/test/fixtures/embed-tab.html';
  tab.style.width = '640px';
  tab.style.height = '400px';
  document.body.append(tab);
  const embed = () => tab.contentDocument?.querySelector('ck-embed') as (HTMLElement & { loaded: boolean }) | null | undefined;
  await waitFor(() => !!embed()?.shadowRoot?.querySelector('button[part="button"]'), 20_000, 'the other tab to render');
  return () => embed()!;
}
