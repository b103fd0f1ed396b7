/**
 * Configuration handed over before the code that checks it has arrived: the drop-in's
 * `configure()` puts it here at once, and the runtime checks and applies it, in order, as soon as
 * that code is here (elements and the Consent Mode adapter wait for it before they read the
 * configuration). Plain data, unchecked.
 *
 * One array per page, kept under a registered symbol: the drop-in script shares no module with
 * the chunks (it must run as a classic script; see src/drop-in.ts, which uses the same key), and
 * code evaluated before it (a bundled Consent Mode adapter) must see the same queue.
 */
export const QUEUED_CONFIG_KEY = 'consentkit.queued-config';
export const queuedConfig: unknown[] = ((globalThis as unknown as Record<symbol, unknown[]>)[Symbol.for(QUEUED_CONFIG_KEY)] ??= []);

/** The page's configuration blocks, `<script type="application/json" data-consentkit>`. */
export const CONFIG_BLOCK = 'script[type="application/json"][data-consentkit]';
