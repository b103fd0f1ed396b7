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
