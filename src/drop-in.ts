/**
 * The drop-in script: one `<script src="consentkit.js">` registers the elements and exposes the
 * JS API as `window.consentkit` for site owners' own scripts.
 */
import * as api from './index.js';

declare global {
  interface Window {
    consentkit: typeof api;
  }
}

window.consentkit = api;
// `data-audit` on this script's tag: the self-check watches the page from now on (see audit.ts).
if ([...document.querySelectorAll<HTMLScriptElement>('script[data-audit]')].some((s) => s.src === import.meta.url)) {
  performance.setResourceTimingBufferSize?.(5000); // at once: the default 250 entries fill up on a busy page
  void api.audit({ watch: true });
}
// Scripts that load before this module (the Consent Mode adapter, a site's own) wait for this.
document.dispatchEvent(new CustomEvent('ck-ready'));
