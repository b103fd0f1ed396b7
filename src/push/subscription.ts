import type { Config } from '../core/config.js';
import { Decision, ProofMethod } from '../core/decision.js';
import { PUSH_SERVICE, vapidKeyBytes } from '../core/push.js';
import { trustedScriptUrl } from '../kit/trusted-types.js';
import { fire } from '../kit/events.js';
import { getStore, pushEnded, withdraw } from '../kit/runtime.js';

/** `ck-push-subscribed`: the visitor allowed push and the browser subscribed. */
export interface PushSubscribedEventDetail {
  subscription: PushSubscriptionJSON;
  topics: string[];
}

/** `ck-push-error`: turning push on did not work. */
export interface PushErrorEventDetail {
  /** `denied` (blocked at the browser's prompt), `dismissed` (the prompt was closed), `unreachable` (no push service), `failed` (anything else). */
  reason: 'denied' | 'dismissed' | 'unreachable' | 'failed';
  /** The browser's words, for the console or a support ticket. */
  message: string;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ck-push-subscribed': CustomEvent<PushSubscribedEventDetail>;
    'ck-push-unsubscribed': CustomEvent<{ hadSubscription: boolean }>;
    'ck-push-error': CustomEvent<PushErrorEventDetail>;
  }
}

/** What is missing from the config for push, or undefined when nothing is. */
export function pushMisconfigured(config: Config): string | undefined {
  const missing = (['serviceWorker', 'vapidPublicKey'] as const).filter((field) => !config.push[field]).map((field) => `push.${field}`);
  return missing.length ? `the config has no valid ${missing.join(' and no valid ')}` : undefined;
}

/** Why push cannot work in this browser, or undefined when it can. */
export function pushUnsupported(): string | undefined {
  if (typeof Notification === 'undefined') return 'this browser has no Notification API';
  if (!('serviceWorker' in navigator)) return 'this browser offers no service workers here (is the page served over https?)';
  if (typeof PushManager === 'undefined') return 'this browser has no Push API';
  return undefined;
}

/** How long "Allow" waits for the browser's push service before it tells the visitor it cannot be reached. */
export const SUBSCRIBE_TIMEOUT_MS = 15_000;

/**
 * The site's service worker as a parsed, absolute URL, checked (again: the config did) to be on
 * this page's origin; undefined when there is none. Only this URL reaches `register()`.
 */
function workerUrl(config: Config): string | undefined {
  if (!config.push.serviceWorker) return undefined;
  const url = new URL(config.push.serviceWorker, location.href);
  if (url.origin !== location.origin) throw new TypeError(`push.serviceWorker ${url.href} is not on this site's origin ${location.origin}`);
  return url.href;
}

/**
 * Subscribes to push through the site's service worker (registered here if needed), once it is
 * active. Throws the browser's error, e.g. `AbortError` when its push service cannot be reached.
 */
export async function subscribe(config: Config, timeoutMs = SUBSCRIBE_TIMEOUT_MS): Promise<PushSubscription> {
  const url = workerUrl(config)!;
  let trusted: unknown;
  try {
    trusted = trustedScriptUrl(url);
  } catch (e) {
    throw new Error(`the page's Trusted Types policy refused the service worker ${url} (${(e as Error).message}); allow the policy name "consentkit"`);
  }
  // Under a Trusted Types CSP, register() takes only a TrustedScriptURL (one of the consentkit policy).
  const registration = await navigator.serviceWorker.register(trusted as string);
  await activated(registration);
  const subscribing = registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: vapidKeyBytes(config.push.vapidPublicKey!) as BufferSource });
  // Offline, a browser may wait for its push service for minutes; the visitor should not.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`the push service did not answer within ${timeoutMs / 1000} s`), { name: 'TimeoutError' })), timeoutMs);
  });
  try {
    return await Promise.race([subscribing, late]);
  } catch (e) {
    // A subscription that arrives after all was never agreed to: it ends at once.
    void subscribing.then((s) => s.unsubscribe(), () => undefined);
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves once the registration has an active worker; rejects when it fails or takes over 10 s. */
function activated(registration: ServiceWorkerRegistration): Promise<void> {
  if (registration.active) return Promise.resolve();
  const worker = registration.installing ?? registration.waiting;
  if (!worker) return Promise.reject(new Error('the service worker has no worker to activate'));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the service worker did not activate within 10 s')), 10_000);
    worker.addEventListener('statechange', () => {
      if (worker.state === 'activated') resolve();
      if (worker.state === 'redundant') reject(new Error('the service worker could not be installed'));
      if (worker.state === 'activated' || worker.state === 'redundant') clearTimeout(timer);
    });
  });
}

/** The browser's current push subscription for the site's service worker, if any. */
async function currentSubscription(config: Config): Promise<PushSubscription | null> {
  const url = workerUrl(config);
  if (!url || !('serviceWorker' in navigator)) return null;
  const registration = await navigator.serviceWorker.getRegistration(url);
  return (await registration?.pushManager.getSubscription()) ?? null;
}

/** Tells the site's subscription endpoint (if configured) about a new or ended subscription, with the proofs' headers and credentials. */
export function announce(config: Config, body: { type: 'subscribe'; subscription: PushSubscriptionJSON; topics: string[] } | { type: 'unsubscribe'; endpoint: string }): void {
  const url = config.push.subscriptionEndpoint;
  if (!url) return;
  const { headers = {}, credentials = 'omit' } = config.proofs;
  fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body), keepalive: true, credentials, referrerPolicy: 'no-referrer' })
    .then((r) => {
      if (!r.ok) throw new Error(`it answered ${r.status}`);
    })
    .catch((e: unknown) => console.error(`consentkit: could not tell ${url} about the push ${body.type} (${(e as Error).message}).`));
}

/**
 * Ends the browser's push subscription (the consent is already withdrawn, or never was) and fires
 * `ck-push-unsubscribed` on `document`. Resolves whether there was a subscription.
 */
export async function dropSubscription(config: Config): Promise<boolean> {
  const subscription = await currentSubscription(config).catch(() => null);
  if (subscription) {
    const endpoint = subscription.endpoint;
    await subscription.unsubscribe().catch(() => false);
    announce(config, { type: 'unsubscribe', endpoint });
  }
  fire(document, 'ck-push-unsubscribed', { hadSubscription: !!subscription });
  return !!subscription;
}

/**
 * "Turn off notifications": withdraws the push consent (a withdrawal proof is posted), ends the
 * subscription and fires `ck-push-unsubscribed` on `document`. Resolves once it has ended.
 */
export function unsubscribePush(config: Config, method: ProofMethod = ProofMethod.api): Promise<boolean> {
  // Withdrawing ends the subscription (runtime.withdraw → endPush); without a grant, end it here.
  if (getStore().get(PUSH_SERVICE)?.decision === Decision.granted && withdraw(PUSH_SERVICE, method)) return pushEnded();
  return dropSubscription(config);
}
