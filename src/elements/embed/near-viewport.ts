/**
 * One IntersectionObserver for every embed on the page: a grant that reaches many widgets at once
 * (a remembered "always allow", one given on another placeholder) creates each one as it comes
 * within a screen of the viewport, not 200 frames in one task.
 */
interface Waiting {
  near: () => void;
  observed: () => void;
}

let observer: IntersectionObserver | undefined;
const waiting = new Map<Element, Waiting>();

function observe(entries: IntersectionObserverEntry[]): void {
  for (const entry of entries) {
    const wait = waiting.get(entry.target);
    if (!wait) continue;
    if (entry.isIntersecting) {
      waiting.delete(entry.target);
      observer!.unobserve(entry.target);
      wait.near(); // first: the widget is on its way before anyone waiting for the first look goes on
    }
    wait.observed();
  }
}

/**
 * `near` resolves once `el` is within a screen of the viewport; `observed` once the observer has
 * first looked at it (near or not), which comes with the next rendering.
 */
export function whenNear(el: Element): { near: Promise<void>; observed: Promise<void> } {
  let near!: () => void;
  let observed!: () => void;
  const result = { near: new Promise<void>((r) => (near = r)), observed: new Promise<void>((r) => (observed = r)) };
  waiting.set(el, { near, observed });
  (observer ??= new IntersectionObserver(observe, { rootMargin: '100% 0px' })).observe(el);
  // A hidden tab does not render, and the observer looks only when it does: nobody waits for that.
  if (document.hidden) observed();
  return result;
}

/** Stops waiting for `el` (detached, withdrawn): `observed` resolves, `near` never does. */
export function stopWaiting(el: Element): void {
  waiting.get(el)?.observed();
  waiting.delete(el);
  observer?.unobserve(el);
}
