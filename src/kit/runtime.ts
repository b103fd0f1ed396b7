import type { ConfigInput } from '../core/config.js';
import { mergeConfig, type Config } from '../core/config-defaults.js';
import { ConsentStore, type ConsentListener } from '../core/consent-store.js';
import { cookieStorage } from './cookie-storage.js';
import { Decision, ProofDecision, ProofMethod } from '../core/decision.js';
import { resolveLocale, type Locale } from '../core/i18n.js';
import { PUSH_SERVICE } from '../core/push.js';
import { fire } from './events.js';
import { builtinHint, getProvider } from '../providers/registry.js';
import { forgetServices, seenServices } from './services.js';
import { uuid } from '../core/subject.js';
import { keepWaitingDecision, type ProofInput } from '../core/waiting-decision.js';
import { pageStorage } from './local-storage.js';
import { CONFIG_BLOCK, queuedConfig } from '../core/queued-config.js';
import { pageScriptsDone } from './page-ready.js';

/**
 * The page's single consent store and configuration, shared by every element.
 * Configuration sources, later ones winning: defaults, `<script type="application/json"
 * data-consentkit>` blocks, `configure()` calls; element attributes win for their element.
 */

let fromScripts: ConfigInput[] | undefined;
const fromCalls: ConfigInput[] = [];
let config: Config | undefined;
let store: ConsentStore | undefined;
const listeners = new Set<ConsentListener>();
const forward: ConsentListener = (change) =>
  listeners.forEach((listener) => {
    try {
      listener(change);
    } catch (e) {
      console.error(e); // one listener's failure must not keep the others from hearing a change
    }
  });

/** Checks one configuration source (see core/config.ts `checkConfig`). */
type Check = (input: unknown, source: string) => ConfigInput;
let check: Check | undefined;
let checking: Promise<void> | undefined;

/**
 * Gives the runtime the code that checks configuration (zod): the JS API passes it at once;
 * pages with elements only fetch it when there is configuration to check (see configChecked).
 */
export function useConfigCheck(fn: Check): void {
  check = fn;
}

/**
 * How much of the page's configure() queue this runtime has taken. The queue is read, not
 * emptied: a page may hold two copies of this code (a bundled Consent Mode adapter beside the
 * drop-in), and each must see every call.
 */
let taken = 0;
const waitingCalls = (): number => queuedConfig.length - taken;

/** The `<script data-consentkit>` blocks, parsed but not checked yet. */
let scripts: { input: unknown; source: string }[] | undefined;
/** The blocks were read while the parser was still at work: one further down the page may come. */
let readWhileParsing = false;

function readScripts(): { input: unknown; source: string }[] {
  if (typeof document === 'undefined') return [];
  if (document.readyState === 'loading') readWhileParsing = true;
  return [...document.querySelectorAll(CONFIG_BLOCK)].flatMap((script, i) => {
    const source = `<script data-consentkit> #${i + 1}`;
    try {
      return [{ input: JSON.parse(script.textContent ?? '') as unknown, source }];
    } catch (e) {
      console.error(`consentkit: config ${source} is not valid JSON (${(e as Error).message}); ignoring it.`);
      return [];
    }
  });
}

/** True while there is configuration and not yet the code to check it. */
function unchecked(): boolean {
  scripts ??= readScripts();
  return !check && (scripts.length > 0 || waitingCalls() > 0);
}

/** The configuration blocks are not checked yet: nothing of the configuration can be read. */
function blocksUnchecked(): boolean {
  scripts ??= readScripts();
  return !check && scripts.length > 0;
}

/**
 * Undefined when the configuration can be read now; otherwise a promise that settles once the
 * code that checks it has arrived. Elements wait for it before their first update.
 */
export function configChecked(): Promise<void> | undefined {
  if (!unchecked()) return undefined;
  return (checking ??= import('../core/config.js').then(
    (m) => {
      useConfigCheck(m.checkConfig);
      // configure() calls made meanwhile apply now: elements and outboxes re-read.
      if (waitingCalls() && (fromScripts || config)) configure();
    },
    (e: unknown) => {
      checking = undefined; // a later element tries again
      console.error(`consentkit: the code that checks the configuration could not be loaded (${(e as Error).message}); the elements wait and nothing third-party loads.`);
      throw e;
    },
  ));
}

/**
 * Runs `run` once the configuration can be read: at once, or after the code that checks it has
 * arrived. Elements route their updates through it (`scheduleUpdate`), so none renders from
 * unchecked configuration.
 */
export function afterConfig<T>(run: () => T): T | Promise<T | undefined> {
  const wait = configChecked();
  // Not loaded (offline): `run` does not run, nothing renders from unchecked configuration, and the
  // next call tries again (configChecked forgets a failed fetch).
  return wait ? wait.then(run, () => undefined) : run();
}

// The drop-in in <head> (a configure() right after it, say) can bring this code before the parser
// has reached a block further down the page: once the page is parsed, the blocks are read again
// and elements and outboxes re-read the configuration. What waits for the page's scripts
// (remembered grants, gated markup, Consent Mode) reads it after this.
void pageScriptsDone.then(() => {
  if (!readWhileParsing) return;
  readWhileParsing = false;
  scripts = fromScripts = config = undefined;
  void afterConfig(() => configure());
});

/** The merged configuration. */
export function getConfig(): Config {
  if (blocksUnchecked()) throw new Error('consentkit: the configuration was read before the code that checks it had arrived (wait for configChecked()).');
  fromScripts ??= scripts!.map(({ input, source }) => check!(input, source));
  if (!check) {
    // configure() input waits for its check (fetched now) and applies when it arrives; until then the checked rest holds.
    if (waitingCalls()) void configChecked();
  } else {
    if (waitingCalls()) config = undefined;
    for (const input of queuedConfig.slice(taken)) fromCalls.push(check(input, 'configure()'));
    taken = queuedConfig.length;
  }
  return (config ??= mergeConfig(...fromScripts, ...fromCalls));
}

/**
 * Applies `input` (checked by the code given to {@link useConfigCheck}; see configure.ts, the
 * public `configure()`) and tells elements and outboxes. Without `input`: applies what the
 * drop-in's `configure()` queued before this code had arrived.
 */
export function configure(input?: ConfigInput): Config {
  if (input !== undefined) queuedConfig.push(input);
  const next = getConfig();
  if (store && (store.cookieName !== next.cookie.name || store.days !== next.cookie.days)) {
    const pageDecisions = store.list();
    store.close();
    store = new ConsentStore({ storage: cookieStorage(), cookieName: next.cookie.name, days: next.cookie.days, pageDecisions });
    store.subscribe(forward);
  }
  // Elements re-read texts, links and decisions; outboxes pick up new endpoints (and what waits for them).
  forward({ service: null, source: 'local' });
  startProofs();
  return next;
}

/** The page's consent store (created on first use, with the configured cookie). */
export function getStore(): ConsentStore {
  const { cookie } = getConfig();
  if (!store) {
    store = new ConsentStore({ storage: cookieStorage(), cookieName: cookie.name, days: cookie.days });
    store.subscribe(forward);
    logGrants(0);
  }
  return store;
}

/** When each service became allowed, or stopped being allowed, on this page (ms since navigation start; 0: before the page). */
const grants: { service: string; at: number; allowed: boolean }[] = [];
const allowedNow = new Set<string>();
function logGrants(at: number): void {
  const now = new Set((store?.list() ?? []).map((r) => r.service).filter(allowed));
  for (const service of now) if (!allowedNow.has(service)) grants.push({ service, at, allowed: true });
  for (const service of allowedNow) if (!now.has(service)) grants.push({ service, at, allowed: false });
  allowedNow.clear();
  for (const service of now) allowedNow.add(service);
}
listeners.add(() => logGrants(performance.now()));

/**
 * A visitor's click is about to add `service`'s script, and records the grant right after: the
 * self-check dates the grant from now, so the script's first request is not taken for a leak.
 * `settled` false (the script was refused, no grant follows): the log is brought back in line.
 */
export function scriptGrantStarting(service: string, settled = true): void {
  if (!settled) return logGrants(performance.now());
  if (allowedNow.has(service)) return;
  allowedNow.add(service);
  grants.push({ service, at: performance.now(), allowed: true });
}

/** The moments services became allowed (and were withdrawn) on this page, in order; what `audit()` compares requests with. */
export function grantLog(): readonly { service: string; at: number; allowed: boolean }[] {
  return grants;
}

/** True when the visitor's browser sends Global Privacy Control (`navigator.globalPrivacyControl`). */
export function gpcSignal(): boolean {
  return typeof navigator !== 'undefined' && (navigator as { globalPrivacyControl?: unknown }).globalPrivacyControl === true;
}

const exemptionsSaid = new Set<string>();

/**
 * True when GPC holds `service` back: the signal is on and the site lists the service in
 * `gpc.services` without exempting it. Its remembered grants then wait; a choice made on this
 * page counts.
 */
export function gpcApplies(service: string): boolean {
  if (!gpcSignal()) return false;
  const { gpc } = getConfig();
  if (!gpc.services.includes(service)) return false;
  const reason = gpc.exempt[service];
  if (reason === undefined) return true;
  if (!exemptionsSaid.has(service)) {
    exemptionsSaid.add(service);
    console.info(`consentkit: the browser sends Global Privacy Control; "${service}" is exempt by the site's configuration: ${reason}`);
  }
  return false;
}

/**
 * Whether `service` may run now: granted, and not a remembered grant that Global Privacy Control
 * holds back (see {@link gpcApplies}).
 */
export function allowed(service: string): boolean {
  const record = getStore().get(service);
  return record?.decision === Decision.granted && !(record.remembered && gpcApplies(service));
}

/** `texts` with the site's own wording for `locale` (config `texts`) laid over them. */
export function withSiteTexts<T extends object>(locale: Locale, texts: T): T {
  return { ...texts, ...getConfig().texts[locale] };
}

/** Calls `listener` on every consent change, whichever store is current. Returns the unsubscribe. */
export function onConsentChange(listener: ConsentListener): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/** What a visitor decided, where, and what they saw: everything a proof needs. */
export type DecisionInput = Omit<ProofInput, 'decision'> & { decision: Decision };

/** The proof client, fetched only by sites that configure an endpoint (and then at page start). */
let stopOutboxes: (() => void) | undefined;
function proofs(): Promise<typeof import('./proof-client.js')> {
  return import('./proof-client.js');
}

/** proof-client.ts hands over its stop when it loads, however it was loaded (runtime or rights). */
export function adoptOutboxes(stop: () => void): void {
  stopOutboxes = stop;
}

/** Bumped by resetRuntime: work that waited on the proof client's import for an earlier page is dropped. */
let generation = 0;

/**
 * Posts the proof of a decision when an endpoint is configured. What the proof needs is written to
 * storage before anything asynchronous happens, so a page that reloads or closes in this same task
 * still leaves it for the next page; the proof client (fetched on demand) builds and sends it.
 */
function prove(input: ProofInput): void {
  const config = getConfig();
  if (!config.endpoint) return;
  const page = new URL(location.href);
  keepWaitingDecision(pageStorage(), {
    id: uuid(),
    subject: getStore().subjectId(),
    at: new Date().toISOString(),
    origin: location.origin,
    path: page.pathname,
    ...(config.proofs.includeQuery && page.search && { query: page.search }),
    ...(gpcSignal() && { gpc: true as const }),
    input,
  });
  const at = generation;
  proofs().then(
    (m) => void (at === generation && m.sendDecisions(config)),
    (e: unknown) => console.error(`consentkit: the proof client could not be loaded (${(e as Error).message}); the decision about "${input.service}" stays stored, and its proof is sent from a later page.`),
  );
}

/**
 * Services granted through the API on this page (allow()): the site's own control spoke for every
 * element of the service, so each loads, remembered or not. A click in one placeholder without
 * "always allow" loads that one only.
 */
const pageWide = new Set<string>();

/** True while `service` holds a page-wide grant from {@link recordDecision} through the API. */
export function grantedPageWide(service: string): boolean {
  return pageWide.has(service) && getStore().get(service)?.decision === Decision.granted;
}

/**
 * Records a decision: in the store (which tells every element and tab), as a `ck-consent` event
 * on `target`, and as a proof to the configured endpoint.
 */
export function recordDecision(target: EventTarget, d: DecisionInput): void {
  const store = getStore();
  // Only a grant through the API (allow()) reaches every element of its service on this page.
  if (d.method === ProofMethod.api && d.decision === Decision.granted) pageWide.add(d.service);
  else pageWide.delete(d.service);
  store.decide(d.service, d.decision, { version: d.version, remember: d.remembered });
  fire(target, 'ck-consent', { service: d.service, decision: d.decision, remembered: d.remembered, version: d.version });
  const decision = d.decision === Decision.granted ? ProofDecision.granted : ProofDecision.denied;
  prove({ ...d, decision });
}

/**
 * Withdraws consent for a service "with effect for the future": its embeds return to their
 * placeholders here and in other tabs, later visits ask again, and a withdrawal proof is sent.
 * Fires `ck-consent` on `document`. Returns false when there was no grant to withdraw.
 */
export function withdraw(service: string, method: ProofMethod = ProofMethod.api): boolean {
  const store = getStore();
  const before = store.get(service);
  if (before?.decision !== Decision.granted) return false;
  pageWide.delete(service);
  const record = store.withdraw(service)!;
  if (service === PUSH_SERVICE) endPush();
  fire(document, 'ck-consent', { service, decision: Decision.denied, remembered: record.remembered, version: record.version });
  prove({
    service,
    purpose: purposeOf(service),
    decision: ProofDecision.withdrawn,
    method,
    remembered: record.remembered,
    text: '',
    version: before.version,
    locale: pageLocale(),
  });
  return true;
}

/** Why the site uses `service` (`embed`, `share`, `chat`, `push`…), known at once, without waiting for the provider's module. */
export function purposeOf(service: string): string {
  return service === PUSH_SERVICE ? PUSH_SERVICE : (seenServices().get(service)?.purpose ?? getProvider(service)?.purpose ?? builtinHint(service)?.purpose ?? 'embed');
}

/** The page's locale: its `lang`, else the configuration's. */
export function pageLocale(): Locale {
  return resolveLocale(document.documentElement.lang || getConfig().locale);
}

let pushEnding: Promise<boolean> | undefined;

/**
 * Push consent ended (withdrawn, erased): the browser's subscription ends too, and
 * `ck-push-unsubscribed` follows. The push code is fetched only by sites that configure push.
 */
export function endPush(): void {
  const config = getConfig();
  if (!config.push.serviceWorker) return;
  pushEnding = import('../push/subscription.js')
    .then((m) => m.dropSubscription(config))
    .catch((e: unknown) => {
      console.error(`consentkit: the push subscription could not be ended (${(e as Error).message}); it ends with the next "Turn off" or in the browser's site settings.`);
      return false;
    });
}

/** Resolves when the last {@link endPush} is done: whether a subscription ended. */
export function pushEnded(): Promise<boolean> {
  return pushEnding ?? Promise.resolve(false);
}

/**
 * Tries every waiting proof now instead of at its next retry, e.g. after the site knows its
 * endpoint is back. Resolves when this round is done.
 */
export async function flushProofs(): Promise<void> {
  const config = getConfig();
  if (!config.endpoint) return;
  const m = await proofs();
  await m.sendDecisions(config);
  await m.proofQueue(config)?.flush({ now: true });
}

/** Starts delivering proofs and erasure requests an earlier page left behind, when endpoints are configured. */
export function startProofs(): void {
  const config = getConfig();
  if (!config.endpoint && !config.deletionEndpoint) return;
  const page = generation;
  proofs().then(
    (m) => {
      if (page !== generation) return;
      m.erasureQueue(config);
      void m.sendDecisions(config); // decisions an earlier page had no time to build a proof of (creates the proof queue)
    },
    (e: unknown) => console.error(`consentkit: the proof client could not be loaded (${(e as Error).message}); waiting proofs stay stored for the next page.`),
  );
}

/** Forgets configuration and store; for tests. */
export function resetRuntime(): void {
  generation++;
  stopOutboxes?.();
  store?.close();
  store = config = fromScripts = scripts = undefined;
  fromCalls.length = 0;
  queuedConfig.length = taken = 0;
  grants.length = 0;
  allowedNow.clear();
  exemptionsSaid.clear();
  pageWide.clear();
  readWhileParsing = false;
  forgetServices();
}
