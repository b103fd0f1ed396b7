/**
 * Settles once the page's deferred and module scripts have run (DOMContentLoaded), so that a
 * site script calling `configure()` after consentkit's own comes first (GPC lists, who runs a
 * frame). The entries call {@link hearPageReady} first thing, so the listener is in place before
 * the event even when element code arrives later (a call, unlike a bare `import`, is never
 * dropped by a bundler that takes the module for free of side effects). Loaded after the event
 * (inserted by a tag manager while the page is still `interactive`), it waits for `load` instead.
 */
export let pageScriptsRan = typeof document === 'undefined' || document.readyState === 'complete';
let ran: () => void;
export const pageScriptsDone: Promise<void> = new Promise<void>((resolve) => (ran = resolve));
let listening = false;

/** Starts listening for the end of the page's scripts (once; later calls do nothing). */
export function hearPageReady(): void {
  if (listening) return;
  listening = true;
  if (pageScriptsRan) return ran();
  const done = (): void => {
    pageScriptsRan = true;
    ran();
  };
  document.addEventListener('DOMContentLoaded', done, { once: true });
  addEventListener('load', done, { once: true });
}
hearPageReady();
