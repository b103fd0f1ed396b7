import { checkConfig, type ConfigInput } from '../core/config.js';
import type { Config } from '../core/config-defaults.js';
import { configure as apply, useConfigCheck } from './runtime.js';

/**
 * Configures consentkit from JavaScript. Invalid fields are reported in the console and fall
 * back to their defaults; the valid rest applies. Returns the merged configuration. Brings the
 * code that checks configuration with it (elements alone fetch that only when there is some).
 */
export function configure(input?: ConfigInput): Config {
  useConfigCheck(checkConfig);
  return apply(input);
}
