import { CONFIG_BLOCK } from './core/queued-config.js';
import { pageScriptsDone, pageScriptsRan } from './kit/page-ready.js';
import { reserveBoxes } from './kit/boxes.js';

/**
 * Each element's code, fetched when its tag first appears on the page (at load, or inserted
 * later by a CMS or a single-page app): a page with one `<ck-embed>` loads the embed alone.
 */
const loaders: Record<string, () => Promise<unknown>> = {
  'ck-embed': () => import('./elements/embed/embed.js'),
  'ck-chat-gate': () => import('./elements/chat-gate/chat-gate.js'),
  'ck-push-prompt': () => import('./elements/push-prompt/push-prompt.js'),
  'ck-privacy-center': () => import('./elements/privacy-center/privacy-center.js'),
  'ck-privacy-button': () => import('./elements/privacy-button/privacy-button.js'),
  'ck-policy-text': () => import('./elements/policy-text/policy-text.js'),
};

const requested = new Set<string>();
const SELECTOR = Object.keys(loaders).join(',');
/** Gated markup (see gate/gate.ts): its code is fetched on first sight too. */
export const GATED_SCRIPT = 'script[type="text/plain"][data-ck-service]';
export const GATED_FRAME = 'iframe[data-ck-service]';
const GATED = `${GATED_SCRIPT},${GATED_FRAME}`;
let gate: Promise<unknown> | undefined;
/** The gate is running (it watches the document itself from then on). */
let gateStarted = false;

/** What element code waits for before it is fetched: providers and scripts the drop-in's API still has to register. */
let held: Promise<unknown> = Promise.resolve();

/** Element code waits until `done` settles (e.g. a provider registered before the API's code arrived). */
export function holdElements(done: Promise<unknown>): void {
  held = Promise.all([held, done.catch(() => undefined)]);
}

function load(tag: string): Promise<unknown> {
  requested.add(tag);
  // A configuration block is checked before any element renders: its check travels alongside.
  // No document: a server with a DOM shim (Lit SSR) defines the elements to render them.
  const server = typeof document === 'undefined';
  if (!server && document.querySelector(CONFIG_BLOCK)) void import('./core/config.js').catch(() => undefined);
  // The page's own scripts run first (they may register providers and scripts through the
  // drop-in, held until its API has them): a module script's wait, as the loader is one too.
  return (server || pageScriptsRan ? Promise.resolve() : pageScriptsDone)
    .then(() => held)
    .then(loaders[tag]!)
    .catch((e: unknown) => {
      requested.delete(tag); // a later insertion (or call) tries again
      console.error(`consentkit: the code of <${tag}> could not be loaded (${(e as Error).message}).`);
      throw e;
    });
}

/** The elements at or below `node` (itself included) that match `selector`. */
export function within(node: Element | Document, selector: string): Element[] {
  return [...(node instanceof Element && node.matches(selector) ? [node] : []), ...node.querySelectorAll(selector)];
}

/** Loads the code of every consentkit element at or below `node` that is not requested yet. */
function upgrade(node: Element | Document): void {
  for (const el of within(node, SELECTOR)) if (!requested.has(el.localName) && !customElements.get(el.localName)) void load(el.localName).catch(() => undefined);
  if (!gate && within(node, GATED).length) {
    gate = import('./gate/gate.js').then(
      (m) => {
        m.startGate(); // from here on the gate watches the document itself
        gateStarted = true;
      },
      (e: unknown) => {
        gate = undefined;
        console.error(`consentkit: the code for gated scripts and frames could not be loaded (${(e as Error).message}); they stay inert.`);
      },
    );
  }
}

let watching = false;

/**
 * Watches the document for consentkit elements and loads their code on first sight. Elements in
 * another component's shadow root are not seen: call {@link loadElement} or `defineAll()` there.
 */
export function defineLazily(): void {
  if (watching) return; // the drop-in and the API it fetches both start it
  watching = true;
  reserveBoxes(document);
  upgrade(document);
  const observer = new MutationObserver((records) => {
    if (requested.size === Object.keys(loaders).length && gateStarted) return observer.disconnect();
    for (const r of records) for (const n of r.addedNodes) if (n instanceof Element) upgrade(n);
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });
}

/**
 * Loads one element's code now (for shadow roots, or before creating it from script). On a server
 * without a custom element registry (Node without a DOM shim) there is nothing to define: it
 * resolves and loads nothing, so shared code can call it during server rendering.
 */
export function loadElement(tag: string): Promise<unknown> {
  if (!Object.hasOwn(loaders, tag)) return Promise.reject(new Error(`consentkit has no element <${tag}>`));
  if (typeof customElements === 'undefined') return Promise.resolve();
  return customElements.get(tag) ? Promise.resolve() : load(tag);
}

/** Loads every element's code now (on a server without a custom element registry: nothing, see {@link loadElement}). */
export function defineAll(): Promise<unknown> {
  return Promise.all(Object.keys(loaders).map(loadElement));
}

/**
 * Resolves true once the page is parsed when its configuration blocks name an endpoint: proofs or
 * erasure requests may be waiting from an earlier page.
 */
export async function endpointConfigured(): Promise<boolean> {
  await pageScriptsDone; // a block may stand below the drop-in's tag

  return [...document.querySelectorAll(CONFIG_BLOCK)].some((script) => {
    try {
      const config = JSON.parse(script.textContent ?? '') as Record<string, unknown>;
      return !!(config?.endpoint || config?.deletionEndpoint);
    } catch {
      return true; // the runtime names the error
    }
  });
}
