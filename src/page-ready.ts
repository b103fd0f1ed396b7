/**
 * Settles once the page's deferred and module scripts have run (DOMContentLoaded), so that a
 * site script calling `configure()` after consentkit's own comes first (GPC lists, who runs a
 * frame). Part of the entry (index.ts imports it), so the listener is in place before the event
 * even when element code arrives later. Loaded after the event (inserted by a tag manager while
 * the page is still `interactive`), it waits for `load` instead.
 */
export let pageScriptsRan = typeof document === 'undefined' || document.readyState === 'complete';
export const pageScriptsDone: Promise<void> = pageScriptsRan
  ? Promise.resolve()
  : new Promise<void>((resolve) => {
      document.addEventListener('DOMContentLoaded', () => resolve(), { once: true });
      addEventListener('load', () => resolve(), { once: true });
    });
void pageScriptsDone.then(() => (pageScriptsRan = true));
