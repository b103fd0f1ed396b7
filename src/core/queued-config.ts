/**
 * Configuration handed over before the code that checks it has arrived: the drop-in's
 * `configure()` puts it here at once, and the runtime checks and applies it, in order, as soon as
 * that code is here (elements wait for it before they render). Plain data, unchecked.
 */
export const queuedConfig: unknown[] = [];

/** The page's configuration blocks, `<script type="application/json" data-consentkit>`. */
export const CONFIG_BLOCK = 'script[type="application/json"][data-consentkit]';
