import type { z } from 'zod/mini';
import type { PushTemplateSchema } from './config.js';
import type { ConsentRecord } from './decision.js';
import { Decision } from './decision.js';

/** The service id push consent is kept and proven under. */
export const PUSH_SERVICE = 'push';

/** The texts of a soft prompt; placeholders `{site}` and `{topics}` (the config's schema says their limits). */
export type PushTemplate = z.output<typeof PushTemplateSchema>;

/**
 * A VAPID public key (base64url, as web-push tools print it) as the bytes `pushManager.subscribe`
 * wants: an uncompressed P-256 point, 65 bytes starting with 0x04. Undefined when it is not one.
 */
export function vapidKeyBytes(key: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]{86,88}={0,2}$/.test(key)) return undefined;
  const base64 = key.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  let binary: string;
  try {
    binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  } catch {
    return undefined;
  }
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return bytes.length === 65 && bytes[0] === 4 ? bytes : undefined;
}

/** Why a soft prompt is not offered, or undefined when it may be. */
export type PushHold = 'unsupported' | 'denied' | 'cooldown' | 'subscribed';

/**
 * Whether to offer the soft prompt: never where push is unsupported, never when the browser
 * blocks notifications, never within `cooldownDays` of the visitor's "No", never while the
 * visitor's "Allow" stands. A browser permission granted earlier alone does not hold it back: after
 * a withdrawal or a failed subscription the visitor can turn push on again (their browser then
 * asks no more).
 */
export function pushHold(input: { supported: boolean; permission: 'default' | 'granted' | 'denied'; record: ConsentRecord | undefined; now: number; cooldownDays: number }): PushHold | undefined {
  if (!input.supported) return 'unsupported';
  const { record } = input;
  if (input.permission === 'granted' && record?.decision === Decision.granted) return 'subscribed';
  if (input.permission === 'denied') return 'denied';
  if (record?.decision === Decision.denied && input.now - record.at < input.cooldownDays * 86_400_000) return 'cooldown';
  return undefined;
}
