import type { ScriptWidget } from '../providers/provider.js';
import { getScript } from '../providers/registry.js';
import { allowed, onConsentChange } from './runtime.js';
import { trustedScriptUrl } from './trusted-types.js';

/**
 * Third-party scripts on the page, one set per service. They belong to the page, not to the
 * element that asked for them: a withdrawal removes them (and runs the site's teardown) even when
 * that element is gone by then.
 */
const added = new Map<string, Element[]>();
const initialized = new Set<string>();
let listening = false;

/**
 * Adds the script of `service` (once per page), after its setup. Returns an error message when
 * the browser refuses (a Trusted Types CSP that does not allow the "consentkit" policy).
 */
export function addScript(widget: ScriptWidget, service: string): string | undefined {
  if (added.has(service)) return undefined;
  let url: unknown;
  try {
    url = trustedScriptUrl(widget.src);
  } catch (e) {
    return `the page's Trusted Types policy refused the script (${(e as Error).message}); allow the policy name "consentkit"`;
  }
  const registration = widget.service ? getScript(widget.service) : undefined;
  const setup = registration?.init ?? widget.setup;
  if (setup && !initialized.has(service)) {
    initialized.add(service);
    setup();
  }
  const nodes: Element[] = [];
  if (widget.marker) {
    const marker = document.createElement('div');
    for (const [name, value] of Object.entries(widget.marker)) marker.setAttribute(name, value);
    document.body.append(marker);
    nodes.push(marker);
  }
  const node = document.createElement('script');
  node.async = true;
  node.dataset.ckService = service;
  (node as { src: unknown }).src = url;
  document.head.append(node);
  nodes.push(node);
  added.set(service, nodes);
  if (!listening) {
    listening = true;
    onConsentChange(() => {
      for (const id of [...added.keys()]) if (!allowed(id)) remove(id);
    });
  }
  return undefined;
}

/** Takes a service's script out of the page; what it already did stays until the next page load. */
function remove(service: string): void {
  for (const node of added.get(service) ?? []) node.remove();
  added.delete(service);
  initialized.delete(service);
  getScript(service)?.teardown?.();
}
