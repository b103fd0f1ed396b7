/**
 * Settles once the page's deferred and module scripts have run (DOMContentLoaded), so that a
 * site script calling `configure()` after consentkit's own comes first (GPC lists, who runs a
 * frame). The tag watcher (loader.ts) uses it, so every entry carries it and listens from
 * the start, even when element code arrives later (a bare `import './page-ready.js'` was dropped
 * by bundlers under package.json `sideEffects`). Loaded after the event (inserted by a tag
 * manager while the page is still `interactive`), it waits for `load` instead.
 */
export let pageScriptsRan = typeof document === 'undefined' || document.readyState === 'complete';
export const pageScriptsDone: Promise<void> = pageScriptsRan
  ? Promise.resolve()
  : new Promise<void>((resolve) => {
      const done = (): void => {
        pageScriptsRan = true;
        resolve();
      };
      document.addEventListener('DOMContentLoaded', done, { once: true });
      addEventListener('load', done, { once: true });
    });
