/**
 * Settles once the page's deferred and module scripts have run (DOMContentLoaded), so that a
 * site script calling `configure()` after consentkit's own comes first (GPC lists, who runs a
 * frame). The tag watcher (loader.ts) uses it, so every entry carries it and listens from
 * the start, even when element code arrives later (a bare `import './page-ready.js'` was dropped
 * by bundlers under package.json `sideEffects`). Loaded after the event (the drop-in fetches the
 * watcher itself, so it often arrives after DOMContentLoaded), it knows from the navigation
 * timing that the event has passed.
 */
export let pageScriptsRan = typeof document === 'undefined' || document.readyState === 'complete' || domContentLoadedPassed();
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

/** DOMContentLoaded has fired: `readyState` alone cannot tell, it is `interactive` both while module scripts run and after the event. */
function domContentLoadedPassed(): boolean {
  const navigation = performance.getEntriesByType?.('navigation')[0] as PerformanceNavigationTiming | undefined;
  return !!navigation && navigation.domContentLoadedEventStart > 0;
}
