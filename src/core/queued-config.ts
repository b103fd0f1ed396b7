/**
 * Configuration handed over before the code that checks it has arrived: the drop-in's
 * `configure()` puts it here at once (so elements that render meanwhile already see it), and the
 * runtime takes it, in order, the next time it reads the configuration. Plain data, unchecked.
 */
export const queuedConfig: unknown[] = [];
