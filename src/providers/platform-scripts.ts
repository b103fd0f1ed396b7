import { toUrl } from '../core/url.js';

/** A platform's script: `path` is what a pasted `src` may be on `host`; `src` is used when the page names none. */
export interface PlatformScript {
  host: string;
  path: RegExp;
  src: string;
}

/**
 * The script a platform's own embed code loads (X's `widgets.js`, Instagram's `embed.js`, the
 * Facebook SDK), per built-in provider: the only script a gated `<script data-ck-service="x">`
 * may name, and the one a pasted post loads after consent.
 */
export const PLATFORM_SCRIPTS: Record<string, PlatformScript> = {
  x: { host: 'platform.twitter.com', path: /^\/widgets\.js$/, src: 'https://platform.twitter.com/widgets.js' },
  instagram: { host: 'www.instagram.com', path: /^\/embed\.js$/, src: 'https://www.instagram.com/embed.js' },
  // The SDK's locale is in its path, its options (xfbml, version) in the fragment.
  'facebook-page': { host: 'connect.facebook.net', path: /^\/[a-z]{2}_[A-Z]{2}\/sdk\.js$/, src: 'https://connect.facebook.net/en_US/sdk.js#xfbml=1&version=v19.0' },
};

/**
 * Platform scripts that draw no post but go with the provider's frames: Vimeo's `player.js`, the
 * API a page's own code uses to control a pasted Vimeo `<iframe>`. The gate runs it once per page
 * view when its service is allowed (a one-time "Load" on a placeholder of it allows it for the page).
 */
export const FRAME_SCRIPTS: Record<string, PlatformScript> = {
  vimeo: { host: 'player.vimeo.com', path: /^\/api\/player\.js$/, src: 'https://player.vimeo.com/api/player.js' },
};

/** The platform script `service` may name (of a pasted post or of its frames), if any. */
export function platformScriptOf(service: string): PlatformScript | undefined {
  return Object.hasOwn(PLATFORM_SCRIPTS, service) ? PLATFORM_SCRIPTS[service] : Object.hasOwn(FRAME_SCRIPTS, service) ? FRAME_SCRIPTS[service] : undefined;
}

/**
 * The https URL of `service`'s platform script as the page wrote it, or undefined when `src` is
 * not that script. Embed codes write Instagram's as `//www.instagram.com/embed.js`, which would
 * take the page's scheme: it is taken as https. Any other scheme than https is refused.
 */
export function platformScript(service: string, src: string): string | undefined {
  const known = platformScriptOf(service);
  const url = toUrl(src.trim().startsWith('//') ? `https:${src.trim()}` : src);
  return known && url?.protocol === 'https:' && url.hostname === known.host && !url.port && !url.username && !url.password && known.path.test(url.pathname) ? url.href : undefined;
}
