import { GATED_SCRIPT, loadElement } from '../loader.js';
import { allowed, onConsentChange } from '../kit/runtime.js';
import { FRAME_SCRIPTS, PLATFORM_SCRIPTS, platformScript, platformScriptOf } from '../providers/platform-scripts.js';

/**
 * Posts pasted as their platform hands them out (`<blockquote class="twitter-tweet">`,
 * Instagram's, the Facebook page plugin's `<div class="fb-page">`), marked with the built-in
 * provider's id, and the platform's script gated under that id. Fetched by the gate on first
 * sight of either, so a page with gated scripts and frames alone does not pay for it.
 */

/** Services whose platform script a pasted post's placeholder has added: later posts need none. */
const platformLoaded = new Set<string>();
/** Posts that cannot be gated: said once in the console. */
const refused = new WeakSet<Element>();

/** Follows loads and withdrawals of the platforms' scripts (once, when this module arrives). */
export function startPasted(): void {
  // The platform script draws every pasted post of its service: one "Load" does for all of them.
  document.addEventListener('ck-load', (event) => {
    const embed = event.target as Element;
    if (!embed.matches('ck-embed[provider="pasted"]')) return;
    const service = embed.getAttribute('service')!;
    platformLoaded.add(service);
    for (const other of document.querySelectorAll(`ck-embed[provider="pasted"][service="${service}"]`)) other.remove();
  });
  // Withdrawn: a post added from now on asks again (what the script drew stays until a reload).
  onConsentChange(() => {
    for (const service of platformLoaded) if (!allowed(service)) platformLoaded.delete(service);
  });
}

/**
 * Puts a placeholder after a pasted post (once): a `<ck-embed provider="pasted">` that shares the
 * built-in provider's texts and consent, and loads the platform script the page names (gated)
 * or the usual one. The post itself stays, its fallback text readable.
 */
export function gatePost(post: Element): void {
  const service = post.getAttribute('data-ck-service') ?? '';
  if (!Object.hasOwn(PLATFORM_SCRIPTS, service)) {
    if (!refused.has(post)) console.error(`consentkit: a pasted post with data-ck-service="${service}" stays as it is: only ${Object.keys(PLATFORM_SCRIPTS).join(', ')} posts can be marked.`, post);
    refused.add(post);
    return;
  }
  // Seen twice, or its platform script is here already (it drew the posts it found).
  if (post.nextElementSibling?.matches('ck-embed[provider="pasted"]') || platformLoaded.has(service)) return;
  const embed = document.createElement('ck-embed');
  embed.setAttribute('provider', 'pasted');
  embed.setAttribute('service', service);
  const gated = [...document.querySelectorAll<HTMLScriptElement>(GATED_SCRIPT)].find((s) => s.dataset.ckService === service && platformScript(service, s.dataset.src ?? ''));
  if (gated) embed.setAttribute('src', platformScript(service, gated.dataset.src!)!);
  post.after(embed);
  void loadElement('ck-embed').catch(() => undefined);
}

/**
 * What is wrong with a gated script that names a built-in provider. Its consent covers its widget
 * and its platform script: for pasted posts, loaded by their placeholders (never by the tag); for
 * frames (Vimeo's player.js), run by the gate once the service is allowed (`goesWithFrames`).
 */
export function platformProblem(script: HTMLScriptElement): string | undefined {
  const service = script.dataset.ckService!;
  const known = platformScriptOf(service);
  if (!known) return 'names a built-in provider; a gated script needs a service id of its own';
  // A protocol-relative address is taken as https.
  if (!platformScript(service, script.dataset.src ?? '') || script.text.trim()) return `names a built-in provider; only its platform script (${known.src.replace(/#.*/, '')}, https) may, as data-src with no inline code`;
  return undefined;
}

/** The https address of a valid platform script tag (a protocol-relative one taken as https). */
export function platformSrc(script: HTMLScriptElement): string | undefined {
  return platformScript(script.dataset.ckService!, script.dataset.src ?? '');
}

/** Whether `service`'s platform script is one the gate runs (it goes with frames, draws no post). */
export function goesWithFrames(service: string): boolean {
  return Object.hasOwn(FRAME_SCRIPTS, service);
}
