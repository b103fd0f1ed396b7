import { SERVICE_ID } from '../core/decision.js';
import { toUrl } from '../core/url.js';
import { GATED_FRAME, GATED_SCRIPT, loadElement, within } from '../loader.js';
import { pageScriptsDone } from '../kit/page-ready.js';
import { trustedScript, trustedScriptUrl } from '../kit/trusted-types.js';
import { isBuiltin, loadParamCode, loadProvider } from '../providers/registry.js';
import { allowed, configChecked, getConfig, onConsentChange } from '../kit/runtime.js';
import { noteService, plainService } from '../kit/services.js';

/**
 * Gating markup a site already has, or that a CMS or single-page app adds later:
 *
 * - `<script type="text/plain" data-ck-service="id" data-src="…">` (or inline) stays inert until
 *   the service is allowed, then runs once: a copy is made (the browser never runs a script
 *   whose type changes), with its nonce carried over, in document order.
 * - `<iframe data-ck-service="id" data-src="…">` (no `src`, so nothing loads) is replaced by a
 *   `<ck-embed provider="iframe">` placeholder that loads the frame after consent and takes it
 *   away again on withdrawal. Who receives the data: a built-in provider's metadata for its id,
 *   else `data-ck-name`, `data-ck-company`, `data-ck-address`, `data-ck-privacy-url` on the frame
 *   or config `providers.<id>`.
 *
 * - A post pasted as its platform hands it out (`<blockquote class="twitter-tweet">`, Instagram's,
 *   the Facebook page plugin's `<div class="fb-page">`) and marked with the built-in provider's id
 *   gets a `<ck-embed provider="pasted">` placeholder right after it (its fallback text stays);
 *   the platform's script, gated as `<script type="text/plain" data-ck-service="x" data-src="…">`,
 *   never runs by itself: the placeholders load it, once per page, on that provider's consent
 *   (see pasted.ts, fetched only for such markup).
 *
 * Fetched by the element loader when it first sees such markup; from then on a MutationObserver
 * handles every later insertion (no polling).
 */

/** Attributes of a gated script that only steer the gate; the copy that runs gets the others. */
const GATE_ATTRIBUTES = ['type', 'src', 'data-type', 'data-src', 'data-ck-service', 'data-ck-purpose', 'data-ck-state', 'nonce'];
/** What the copy of a platform script (a built-in provider's) may take of its tag: no handler (inline code), no type. */
const PLATFORM_ATTRIBUTES = ['async', 'defer', 'crossorigin', 'referrerpolicy', 'charset', 'id', 'class'];
/** A gated frame's attributes that become the placeholder's, by name on the frame. */
const FRAME_ATTRIBUTES: Record<string, string> = {
  'data-src': 'src',
  'data-ck-service': 'service',
  'data-ck-name': 'name',
  'data-ck-company': 'company',
  'data-ck-address': 'address',
  'data-ck-privacy-url': 'privacy-url',
  'data-ck-data': 'data',
  title: 'title',
  allow: 'allow',
  sandbox: 'sandbox',
  class: 'class',
  lang: 'lang',
  id: 'id',
};

/** How long the next gated script waits for an external one to load. */
const LOAD_WAIT_MS = 15_000;
/** Pasted posts (see pasted.ts): the platform's markup, marked with a built-in provider's id. */
const PASTED = 'blockquote[data-ck-service], div.fb-page[data-ck-service]';
/** The code for pasted posts and platform scripts, once fetched (or `false`: it could not be). */
let pasted: typeof import('./pasted.js') | false | undefined;
let pastedLoading: Promise<void> | undefined;
/** Services said (once) to be described nowhere in the configuration. */
const undescribed = new Set<string>();
/** Scripts known to be unusable: said once in the console, never run. */
const refused = new WeakSet<HTMLScriptElement>();
/** Built-in services whose frames' platform script (Vimeo's player.js) is on this page: once per page view, whatever the tags. */
const platformAdded = new Set<string>();
let started = false;
let ready = false;
let queue: Promise<void> = Promise.resolve();

/** Starts gating: the markup in the document now, and whatever is added later. */
export function startGate(): void {
  if (started) return;
  started = true;
  new MutationObserver((records) => {
    if (ready) for (const r of records) for (const n of r.addedNodes) if (n instanceof Element) scan(n);
  }).observe(document.documentElement, { childList: true, subtree: true });
  onConsentChange(() => runAllowed());
  // Configuration set by the site's own scripts (who runs a frame, services held back by GPC)
  // comes first; gated markup loads nothing meanwhile.
  // Blocks further down the page than the drop-in are read once the page is parsed: checked after that.
  void pageScriptsDone.then(configChecked).then(() => {
    ready = true;
    scan(document);
  });
}

function scan(root: Element | Document): void {
  const scripts = within(root, GATED_SCRIPT) as HTMLScriptElement[];
  // A pasted post, or a script under a built-in provider's name: their code first, then the rest
  // (and whatever comes meanwhile, so markup is still handled in the order it arrived).
  if (pasted === undefined && (pastedLoading || within(root, PASTED).length || scripts.some((s) => isBuiltin(s.dataset.ckService ?? '')))) {
    pastedLoading ??= import('./pasted.js').then(
      (m) => {
        pasted = m;
        m.startPasted();
      },
      (e: unknown) => {
        pasted = false;
        console.error(`consentkit: the code for pasted posts could not be loaded (${(e as Error).message}); they stay as they are.`);
      },
    );
    void pastedLoading.then(() => scan(root));
    return;
  }
  for (const frame of within(root, GATED_FRAME)) gateFrame(frame as HTMLIFrameElement);
  if (pasted) for (const post of within(root, PASTED)) pasted.gatePost(post);
  for (const script of scripts) announce(script);
  if (scripts.length) runAllowed();
}

/**
 * Replaces a gated frame by its placeholder once the placeholder's code is here (the element, the
 * iframe provider, the built-in provider the frame names, the code that checks its attributes): until then the inert frame (it has no
 * src) keeps its place in the site's layout, and the page does not move while the code arrives.
 */
function gateFrame(frame: HTMLIFrameElement): void {
  const src = frame.getAttribute('src');
  if (src && src !== 'about:blank') {
    console.error(`consentkit: a gated <iframe data-ck-service="${frame.dataset.ckService}"> has a src and loaded before consent; give the address in data-src instead.`, frame);
  }
  const service = frame.dataset.ckService ?? '';
  Promise.all([loadElement('ck-embed'), loadProvider('iframe'), isBuiltin(service) && loadProvider(service), loadParamCode()]).then(
    // Taken out meanwhile (or already replaced, when seen twice): nothing to do.
    () => frame.isConnected && placeholder(frame),
    (e: unknown) => console.error(`consentkit: a gated <iframe data-ck-service="${service}"> stays inert: the code of its placeholder could not be loaded (${(e as Error).message}).`),
  );
}

/** Replaces a gated frame by a placeholder carrying its attributes and its place in the layout. */
function placeholder(frame: HTMLIFrameElement): void {
  const embed = document.createElement('ck-embed');
  embed.setAttribute('provider', 'iframe');
  for (const [from, to] of Object.entries(FRAME_ATTRIBUTES)) {
    const value = frame.getAttribute(from);
    if (value !== null) embed.setAttribute(to, value);
  }
  // Pixel sizes only: "100%" is the placeholder's natural width anyway.
  for (const size of ['width', 'height']) {
    const value = frame.getAttribute(size);
    if (value && /^\d+$/.test(value)) embed.setAttribute(size, value);
  }
  // The site's layout of the frame becomes the placeholder's, and the loaded frame fills it: its
  // class (above) and style, through the CSSOM: what the page's CSP let apply, nothing more.
  embed.style.cssText = frame.style.cssText;
  // Sized by the site's CSS, then, not by a default height.
  if ((frame.style.length || frame.classList.length) && !embed.hasAttribute('height')) embed.setAttribute('height', 'auto');
  // A frame stands in the line of text by default, sitting on the baseline by its bottom edge
  // (which leaves a descender's gap below it); so does the placeholder, or the text below moves.
  if (getComputedStyle(frame).display === 'inline') {
    embed.style.display = 'inline-block';
    embed.style.overflow = 'hidden'; // its baseline is then its bottom edge, as a frame's
  }
  // Who receives the data may be named once, in config `providers`, instead of on every frame.
  const named = getConfig().providers[embed.getAttribute('service') ?? ''];
  if (named && !isBuiltin(embed.getAttribute('service')!)) {
    for (const [key, attribute] of [['name', 'name'], ['company', 'company'], ['address', 'address'], ['privacyUrl', 'privacy-url']] as const) {
      const value = named[key];
      if (value && !embed.hasAttribute(attribute)) embed.setAttribute(attribute, value);
    }
  }
  // What browsers forgive in a hand-written allow list: spaces and a trailing semicolon.
  const allow = embed.getAttribute('allow')?.trim().replace(/;\s*$/, '');
  if (allow) embed.setAttribute('allow', allow);
  else embed.removeAttribute('allow');
  if (frame.hasAttribute('allowfullscreen') && !/\bfullscreen\b/.test(embed.getAttribute('allow') ?? '')) {
    embed.setAttribute('allow', [embed.getAttribute('allow'), 'fullscreen'].filter(Boolean).join('; '));
  }
  frame.replaceWith(embed);
}

/** Checks a gated script and tells the privacy center about its service. */
function announce(script: HTMLScriptElement): void {
  const problem = scriptProblem(script);
  if (problem) {
    if (!refused.has(script)) console.error(`consentkit: ${describe(script)} ${problem}; it does not run.`, script);
    refused.add(script);
    return;
  }
  const service = script.dataset.ckService!;
  if (isBuiltin(service)) return; // a platform script: its provider's placeholders say who gets what
  const url = script.dataset.src ? toUrl(script.dataset.src, location.href) : undefined;
  if (!getConfig().providers[service]?.name && !undescribed.has(service)) {
    undescribed.add(service);
    console.warn(`consentkit: ${describe(script)} names a service the configuration does not describe; add providers["${service}"] = {name, company, address, privacyUrl, data} so the privacy settings tell visitors what they allow.`);
  }
  noteService(
    plainService(service, {
      purpose: script.dataset.ckPurpose ?? service,
      allowable: true, // no placeholder of its own: the privacy center is where it is allowed
      ...(url && url.origin !== location.origin && { hosts: [url.hostname] }),
    }),
  );
}

function scriptProblem(script: HTMLScriptElement): string | undefined {
  if (!SERVICE_ID.test(script.dataset.ckService ?? '')) return 'needs data-ck-service with a service id (lower-case letters, digits and dashes)';
  if (script.hasAttribute('src')) return 'has a src attribute; give the address in data-src';
  // A built-in provider's consent covers its widget, and a pasted post's platform script, not any script that names it.
  if (isBuiltin(script.dataset.ckService!)) return pasted ? pasted.platformProblem(script) : 'names a built-in provider; a gated script needs a service id of its own';
  if (script.dataset.ckPurpose !== undefined && !SERVICE_ID.test(script.dataset.ckPurpose)) return 'has a data-ck-purpose that is not an id (lower-case letters, digits and dashes)';
  const type = script.dataset.type;
  if (type !== undefined && !['', 'module', 'text/javascript'].includes(type)) return 'has a data-type other than "module" or "text/javascript"';
  const src = script.dataset.src;
  if (src !== undefined) {
    const url = toUrl(src, location.href);
    if (!url || !(url.protocol === 'https:' || url.origin === location.origin)) return 'needs a data-src that is https or on this site';
  }
  return undefined;
}

function describe(script: HTMLScriptElement): string {
  return `<script type="text/plain" data-ck-service="${script.dataset.ckService ?? ''}"${script.dataset.src ? ` data-src="${script.dataset.src}"` : ''}>`;
}

/** Runs, in document order, every gated script whose service is allowed and that has not run. */
function runAllowed(): void {
  if (!ready) return;
  // `data-ck-state` says a script is queued or ran: each runs once per page, whatever consent does
  // afterwards. It also marks copies of that markup (re-rendered, restored from a cache).
  const due = [...document.querySelectorAll<HTMLScriptElement>(GATED_SCRIPT)].filter(
    (script) => !script.dataset.ckState && !refused.has(script) && !scriptProblem(script) && mayRun(script),
  );
  // Marked before anything waits: a second decision in this task, or a copy of the markup made
  // before the script's turn (an earlier script may take 15 s), must not run it a second time.
  for (const script of due) script.dataset.ckState = 'queued';
  // One after the other, as the page wrote them: a script may rely on the one before it.
  for (const script of due) {
    queue = queue
      .then(() => run(script))
      .catch((e: unknown) => console.error(`consentkit: ${describe(script)} could not be run (${(e as Error).message}).`));
  }
}

/**
 * Whether consent lets a (valid) gated script run now. A platform script (a built-in provider's)
 * of pasted posts never runs itself: their placeholders load it. One that goes with the provider's
 * frames (Vimeo's player.js) runs like any gated script once the service is allowed, which a
 * one-time "Load" on one of its placeholders does for the page: the page's code may then control the frame.
 */
function mayRun(script: HTMLScriptElement): boolean {
  const service = script.dataset.ckService!;
  return (!isBuiltin(service) || (!!pasted && pasted.goesWithFrames(service))) && allowed(service);
}

/**
 * A queued script that left the page before its turn: a copy of it re-rendered from what was on
 * screen (same attributes and text, so also marked queued) runs in its place; otherwise none.
 */
function standIn(queued: HTMLScriptElement): HTMLScriptElement | undefined {
  return [...document.querySelectorAll<HTMLScriptElement>(GATED_SCRIPT)].find((s) => s.isEqualNode(queued));
}

/** Adds the running copy right after the inert original; resolves when an external one has loaded. */
function run(queued: HTMLScriptElement): Promise<void> {
  // Taken out of the page while it waited (a route change), with no copy in its place: it does
  // not run. A nomodule script never runs in a browser with modules (and would never say it loaded).
  const original = queued.isConnected ? queued : standIn(queued);
  if (!original || original.noModule || original.dataset.ckState === 'ran') return Promise.resolve();
  // Withdrawn before its turn: it waits again, as if never allowed.
  if (!mayRun(original)) {
    delete original.dataset.ckState;
    return Promise.resolve();
  }
  // Changed while it waited (its address, say): checked again at its turn.
  if (scriptProblem(original)) {
    delete original.dataset.ckState;
    announce(original);
    return Promise.resolve();
  }
  // A frame's platform script (Vimeo's player.js, pasted with every video) runs once per page
  // view, however many tags name it (a route of a single-page app may bring its own), from its
  // checked https address, and with nothing of its tag that could run code.
  const service = original.dataset.ckService!;
  const platform = isBuiltin(service);
  if (platform && platformAdded.has(service)) {
    original.dataset.ckState = 'ran';
    return Promise.resolve();
  }
  const copy = document.createElement('script');
  for (const { name, value } of original.attributes) if (platform ? PLATFORM_ATTRIBUTES.includes(name) : !GATE_ATTRIBUTES.includes(name)) copy.setAttribute(name, value);
  if (original.dataset.type && !platform) copy.type = original.dataset.type;
  // Browsers hide the nonce attribute once parsed; the property still holds it.
  copy.nonce = original.nonce;
  original.dataset.ckState = 'ran';
  original.removeAttribute('id'); // the running copy has it now: one element per id
  const src = platform ? (pasted ? pasted.platformSrc(original) : undefined) : original.dataset.src;
  if (platform && !src) return Promise.resolve(); // checked above: never inline code under a built-in id
  try {
    if (!src) {
      (copy as { text: unknown }).text = trustedScript(original.text);
      original.after(copy);
      return Promise.resolve();
    }
    copy.async = original.hasAttribute('async');
    (copy as { src: unknown }).src = trustedScriptUrl(new URL(src, location.href).href);
  } catch (e) {
    console.error(`consentkit: the page's Trusted Types policy refused ${describe(original)} (${(e as Error).message}); allow the policy name "consentkit".`);
    return Promise.resolve();
  }
  const done = new Promise<void>((resolve) => {
    const timer = copy.async ? undefined : setTimeout(() => {
      // A server that never answers must not hold back every gated script after this one.
      console.warn(`consentkit: ${describe(original)} has not loaded in ${LOAD_WAIT_MS / 1000} s; the gated scripts after it run now.`);
      resolve();
    }, LOAD_WAIT_MS);
    const settle = () => {
      clearTimeout(timer);
      resolve();
    };
    copy.addEventListener('load', settle, { once: true });
    copy.addEventListener('error', () => {
      console.error(`consentkit: ${describe(original)} could not be loaded.`);
      settle();
    }, { once: true });
  });
  original.after(copy);
  if (platform) platformAdded.add(service);
  return copy.async ? Promise.resolve() : done;
}
