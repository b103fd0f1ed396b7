/**
 * Under a Trusted Types CSP a script URL or text must come from a policy. Ours, "consentkit",
 * passes only the URLs it was just asked for (each checked first: https on the provider's hosts, a
 * gated script's own, the site's push service worker on its own origin) and the texts of gated
 * inline scripts the site itself wrote. A module of its own, so push and the gate do not fetch
 * the embed's code.
 */
type ScriptPolicy = { createScriptURL(url: string): unknown; createScript(text: string): unknown };
let policy: ScriptPolicy | null | undefined;
const allowedUrls = new Set<string>();
const allowedTexts = new Set<string>();

/** `url` as the browser accepts it for `script.src`, also under a Trusted Types CSP; throws when refused. */
export function trustedScriptUrl(url: string): unknown {
  allowedUrls.add(url);
  return scriptPolicy()?.createScriptURL(url) ?? url;
}

/** The text of a gated inline script the site wrote itself, as the browser accepts it for `script.text`. */
export function trustedScript(text: string): unknown {
  allowedTexts.add(text);
  return scriptPolicy()?.createScript(text) ?? text;
}

function scriptPolicy(): ScriptPolicy | null {
  const tt = (globalThis as { trustedTypes?: { createPolicy(name: string, rules: object): ScriptPolicy } }).trustedTypes;
  return (policy ??= tt
    ? tt.createPolicy('consentkit', {
        createScriptURL: (url: string) => {
          if (!allowedUrls.has(url)) throw new TypeError(`consentkit: ${url} was not checked`);
          return url;
        },
        createScript: (text: string) => {
          if (!allowedTexts.has(text)) throw new TypeError('consentkit: this script text is not a gated script of the page');
          return text;
        },
      })
    : null);
}
