import type { Decision } from '../core/decision.js';

/** `ck-consent`: a visitor decided about a service. */
export interface ConsentEventDetail {
  service: string;
  decision: Decision;
  /** True when the decision is kept for later visits ("always allow"). */
  remembered: boolean;
  /** Short hash of the exact text the visitor saw. */
  version: string;
}

/** `ck-before-load` (cancelable) and `ck-load`: third-party content is about to load / has been inserted. */
export interface LoadEventDetail {
  service: string;
  /** True when the content loads because of a remembered "always allow", not a click. */
  automatic: boolean;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ck-consent': CustomEvent<ConsentEventDetail>;
    'ck-before-load': CustomEvent<LoadEventDetail>;
    'ck-load': CustomEvent<LoadEventDetail>;
  }
}

/** Dispatches a consentkit event: bubbles, crosses shadow roots, returns false if a listener vetoed it. */
export function fire<K extends keyof GlobalEventHandlersEventMap & `ck-${string}`>(
  target: EventTarget,
  type: K,
  detail: GlobalEventHandlersEventMap[K]['detail'],
  cancelable = false,
): boolean {
  return target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable }));
}
