import { executeServerCommand, sendMouse } from '@web/test-runner-commands';
import { fixtureCleanup } from '@open-wc/testing';
import Cookies from 'js-cookie';
import { resetRuntime } from '../src/kit/runtime.js';

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
 * How long a helper waits for a marker (a canary, an element, a message) before the test fails.
 * A limit, never a delay: every wait ends as soon as its marker is there. Each helper takes its
 * own `limit` for slower cases (a tab to open, a page to load).
 */
export const WAIT_LIMIT_MS = 5000;

/**
 * Everything this page asked of another origin, from two logs: the browser's resource timing,
 * and the test runner's network log, which sees every request of the page and its frames
 * (answered locally with a 204; see web-test-runner.config.mjs). On its own this is only what
 * has reached the logs so far: to tell that something was not requested, use
 * {@link requestsBeforeCanary}.
 */
export async function thirdPartyRequests({ clear = false }: { clear?: boolean } = {}): Promise<string[]> {
  const timing = performance
    .getEntriesByType('resource')
    .map((e) => e.name)
    .filter((url) => new URL(url).origin !== location.origin);
  const network = await networkLog({ clear });
  if (clear) performance.clearResourceTimings();
  return [...new Set([...timing, ...network])];
}

const networkLog = (payload: { clear?: boolean; clearThrough?: string[] } = {}) => executeServerCommand<string[], typeof payload>('third-party-requests', payload);

/** The host of canary requests: reserved (RFC 2606), so it can never be a real third party. */
const CANARY_HOST = 'canary.invalid';

/**
 * The third-party requests this page made before a canary passed the runner's network route:
 * canary requests to a host of their own are made now — a `fetch`, a frame's navigation and,
 * with `tab`, a tab's — and awaited in the network log. A request of the same kind the page
 * made before them is in the log by then, so an empty list is an observation, not a guess about
 * how long to wait. (What the page only schedules for later — a timer — comes after the canary:
 * let {@link watchTimers} settle first.) The canaries are left out of the list; `clear` then
 * removes what was logged up to them from the log, so a later check starts from there.
 */
export async function requestsBeforeCanary({ tab = false, clear = false, limit = WAIT_LIMIT_MS }: { tab?: boolean; clear?: boolean; limit?: number } = {}): Promise<string[]> {
  const base = `https://${CANARY_HOST}/${crypto.randomUUID()}`;
  const canaries = [`${base}/fetch`, `${base}/frame`, ...(tab ? [`${base}/tab`] : [])];
  void fetch(canaries[0]!, { mode: 'no-cors', cache: 'no-store' }).catch(() => undefined);
  const frame = document.createElement('iframe');
  frame.hidden = true;
  frame.src = canaries[1]!;
  document.body.append(frame);
  const opened = tab ? window.open(canaries[2], '_blank') : null;
  try {
    await waitFor(async () => {
      const log = await networkLog();
      return canaries.every((url) => log.includes(url));
    }, limit, 'the canary requests in the network log');
  } finally {
    frame.remove();
    opened?.close();
  }
  const urls = (await thirdPartyRequests()).filter((url) => new URL(url).hostname !== CANARY_HOST);
  if (clear) {
    await networkLog({ clearThrough: canaries });
    performance.clearResourceTimings();
  }
  return urls;
}

/**
 * Runs `run` (which puts something on the page and awaits its `updateComplete`) while following
 * the page's timers, waits until everything scheduled meanwhile has run ({@link watchTimers}),
 * then takes the third-party requests before a canary ({@link requestsBeforeCanary}).
 */
export async function requestsOnceSettled<T>(run: () => Promise<T>, options: { tab?: boolean; limit?: number } = {}): Promise<{ result: T; requests: string[] }> {
  const timers = watchTimers();
  try {
    const result = await run();
    await timers.settled(options.limit);
    return { result, requests: await requestsBeforeCanary(options) };
  } finally {
    timers.stop();
  }
}

/** A timer the page set and that has not run yet: its kind, delay and where it was set. */
interface PendingTimer {
  kind: string;
  delay: number;
  at: string;
}

/**
 * Follows the timers the page sets from now on — `setTimeout`, `setInterval`,
 * `requestAnimationFrame`, `requestIdleCallback` — until `stop()`. `settled()` resolves once each
 * of them has run or was cleared, those they set in turn included: whatever the page scheduled
 * has happened then (a request "200 ms after render" included), and a canary after it comes after
 * all of it. It fails after `limit` ms naming the timers still pending (an interval is pending
 * until cleared).
 */
export function watchTimers(): { settled: (limit?: number) => Promise<void>; stop: () => void } {
  const pending = new Map<string, PendingTimer>();
  const originals = {
    setTimeout: window.setTimeout,
    clearTimeout: window.clearTimeout,
    setInterval: window.setInterval,
    clearInterval: window.clearInterval,
    requestAnimationFrame: window.requestAnimationFrame,
    cancelAnimationFrame: window.cancelAnimationFrame,
    requestIdleCallback: window.requestIdleCallback,
    cancelIdleCallback: window.cancelIdleCallback,
  };
  // Called on `window`, as the browser's own functions must be.
  const real = Object.fromEntries(Object.entries(originals).map(([name, f]) => [name, (f as (...a: unknown[]) => unknown).bind(window)])) as unknown as typeof originals;
  const where = () => new Error().stack?.split('\n').slice(3).find((line) => !line.includes('/test/helpers.ts')) ?? '';
  // The test runner's own timers (a server command's time limit) are not the page's.
  const track = (key: string, kind: string, delay: number) => {
    const at = where();
    if (!/__web-dev-server__|\/node_modules\/@web\//.test(at)) pending.set(key, { kind, delay, at });
  };
  type Callback = (...args: unknown[]) => void;
  window.setTimeout = ((handler: TimerHandler, delay = 0, ...args: unknown[]) => {
    if (typeof handler !== 'function') return real.setTimeout(handler, delay, ...args);
    const id: number = real.setTimeout(
      (...a: unknown[]) => {
        pending.delete(`t${id}`);
        (handler as Callback)(...a);
      },
      delay,
      ...args,
    );
    track(`t${id}`, 'setTimeout', delay);
    return id;
  }) as typeof setTimeout;
  window.setInterval = ((handler: TimerHandler, delay = 0, ...args: unknown[]) => {
    const id = real.setInterval(handler, delay, ...args);
    track(`t${id}`, 'setInterval', delay);
    return id;
  }) as typeof setInterval;
  // Timeouts and intervals share their ids: either function clears either.
  window.clearTimeout = window.clearInterval = ((id?: number) => {
    pending.delete(`t${id}`);
    real.clearTimeout(id);
  }) as typeof clearTimeout;
  window.requestAnimationFrame = (callback) => {
    const id = real.requestAnimationFrame((t) => {
      pending.delete(`r${id}`);
      callback(t);
    });
    track(`r${id}`, 'requestAnimationFrame', 0);
    return id;
  };
  window.cancelAnimationFrame = (id) => {
    pending.delete(`r${id}`);
    real.cancelAnimationFrame(id);
  };
  window.requestIdleCallback = (callback, options) => {
    const id = real.requestIdleCallback((deadline) => {
      pending.delete(`i${id}`);
      callback(deadline);
    }, options);
    track(`i${id}`, 'requestIdleCallback', options?.timeout ?? 0);
    return id;
  };
  window.cancelIdleCallback = (id) => {
    pending.delete(`i${id}`);
    real.cancelIdleCallback(id);
  };
  return {
    async settled(limit = WAIT_LIMIT_MS) {
      const start = performance.now();
      while (pending.size) {
        if (performance.now() - start > limit) {
          const list = [...pending.values()].map((t) => `${t.kind}(${t.delay} ms) ${t.at.trim()}`);
          throw new Error(`timers still pending after ${limit} ms:\n${list.join('\n')}`);
        }
        await new Promise((r) => real.setTimeout(r, 10));
      }
    },
    stop() {
      Object.assign(window, originals);
    },
  };
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

/** Adds a configuration block, `<script type="application/json" data-consentkit>`, with `text` to the page's head. */
export function addConfigBlock(text: string): void {
  const script = document.createElement('script');
  script.type = 'application/json';
  script.dataset.consentkit = '';
  script.textContent = text;
  document.head.append(script);
}

/** A clean slate: no consentkit cookie, no config, a new store. */
export async function resetConsent(): Promise<void> {
  fixtureCleanup(); // remove this test's elements first, so their frames cannot log into the next test
  await thirdPartyRequests({ clear: true });
  for (const name of Object.keys(Cookies.get())) Cookies.remove(name, { path: '/' });
  document.querySelectorAll('script[data-consentkit]').forEach((s) => s.remove());
  resetRuntime();
}

/** Resolves after `n` animation frames: for what a rendering shows (a box, a layout), never to let time pass before asserting that something did not happen. */
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

/**
 * Polls until `check` returns something truthy other than an empty list, and returns it; fails
 * the test after `limit` ms.
 */
export async function waitFor<T>(check: () => T | Promise<T>, limit = WAIT_LIMIT_MS, what = 'condition'): Promise<NonNullable<T>> {
  const start = performance.now();
  for (;;) {
    const value = await check();
    if (value && !(Array.isArray(value) && value.length === 0)) return value as NonNullable<T>;
    if (performance.now() - start > limit) throw new Error(`timed out waiting for ${what} (limit ${limit} ms)`);
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
