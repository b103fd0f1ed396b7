import type { Config } from './core/config.js';
import { Decision } from './core/decision.js';
import { ProofMethod } from './core/proof.js';
import { PUSH_SERVICE, vapidKeyBytes } from './core/push.js';
import { fire } from './events.js';
import { getStore, withdraw } from './runtime.js';

/** `ck-push-subscribed`: the visitor allowed push; `subscription` is null when the site configured no push subscription (permission only). */
export interface PushSubscribedEventDetail {
  subscription: PushSubscriptionJSON | null;
  topics: string[];
}

/** `ck-push-error`: turning push on failed. */
export interface PushErrorEventDetail {
  /** `denied` (at the browser's prompt), `unsupported`, or what the browser said. */
  reason: string;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ck-push-subscribed': CustomEvent<PushSubscribedEventDetail>;
    'ck-push-unsubscribed': CustomEvent<{ hadSubscription: boolean }>;
    'ck-push-error': CustomEvent<PushErrorEventDetail>;
  }
}

/** True when "Allow" should also subscribe to the Push API (a service worker and a VAPID key are configured). */
export function wantsSubscription(config: Config): boolean {
  return !!(config.push.serviceWorker && config.push.vapidPublicKey);
}

/** Why push cannot work in this browser, or undefined when it can. */
export function pushUnsupported(config: Config): string | undefined {
  if (typeof Notification === 'undefined') return 'this browser has no Notification API';
  if (wantsSubscription(config)) {
    if (!('serviceWorker' in navigator)) return 'this browser offers no service workers here (is the page served over https?)';
    if (typeof PushManager === 'undefined') return 'this browser has no Push API';
  }
  return undefined;
}

/**
 * Subscribes to push through the site's service worker (registered here if needed), once it is
 * active. Null when the site configured no subscription. Throws the browser's error, e.g.
 * `AbortError` when its push service cannot be reached.
 */
export async function subscribe(config: Config): Promise<PushSubscription | null> {
  const { serviceWorker, vapidPublicKey } = config.push;
  if (!serviceWorker || !vapidPublicKey) return null;
  const registration = await navigator.serviceWorker.register(serviceWorker);
  await activated(registration);
  return registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: vapidKeyBytes(vapidPublicKey) as BufferSource });
}

function activated(registration: ServiceWorkerRegistration): Promise<void> {
  if (registration.active) return Promise.resolve();
  const worker = registration.installing ?? registration.waiting;
  return new Promise((resolve, reject) => {
    worker?.addEventListener('statechange', () => {
      if (worker.state === 'activated') resolve();
      if (worker.state === 'redundant') reject(new Error('the service worker could not be installed'));
    });
  });
}

/** The browser's current push subscription for the site's service worker, if any. */
export async function currentSubscription(config: Config): Promise<PushSubscription | null> {
  if (!config.push.serviceWorker || !('serviceWorker' in navigator)) return null;
  const registration = await navigator.serviceWorker.getRegistration(config.push.serviceWorker);
  return (await registration?.pushManager.getSubscription()) ?? null;
}

/** Tells the site's subscription endpoint (if configured) about a new or ended subscription. */
export function announce(config: Config, body: { type: 'subscribe'; subscription: PushSubscriptionJSON; topics: string[] } | { type: 'unsubscribe'; endpoint: string }): void {
  const url = config.push.subscriptionEndpoint;
  if (!url) return;
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), keepalive: true, credentials: 'omit', referrerPolicy: 'no-referrer' })
    .then((r) => {
      if (!r.ok) throw new Error(`it answered ${r.status}`);
    })
    .catch((e: unknown) => console.error(`consentkit: could not tell ${url} about the push ${body.type} (${(e as Error).message}).`));
}

/** Ends the browser's push subscription (the consent is already withdrawn). */
export async function dropSubscription(config: Config): Promise<boolean> {
  const subscription = await currentSubscription(config).catch(() => null);
  if (!subscription) return false;
  const endpoint = subscription.endpoint;
  await subscription.unsubscribe().catch(() => false);
  announce(config, { type: 'unsubscribe', endpoint });
  return true;
}

/**
 * "Turn off notifications": ends the subscription, withdraws the push consent (a withdrawal
 * proof is posted) and fires `ck-push-unsubscribed` on `document`.
 */
export async function unsubscribePush(config: Config, method: ProofMethod = ProofMethod.api): Promise<boolean> {
  const granted = getStore().get(PUSH_SERVICE)?.decision === Decision.granted;
  // Withdrawing ends the subscription too (see runtime.withdraw); without a grant, end it here.
  const hadSubscription = granted ? !!(await currentSubscription(config).catch(() => null)) : await dropSubscription(config);
  if (granted) withdraw(PUSH_SERVICE, method);
  fire(document, 'ck-push-unsubscribed', { hadSubscription });
  return hadSubscription;
}
