/**
 * Each element's code, fetched when its tag first appears on the page (at load, or inserted
 * later by a CMS or a single-page app): a page with one `<ck-embed>` loads the embed alone.
 */
const loaders: Record<string, () => Promise<unknown>> = {
  'ck-embed': () => import('./embed/embed.js'),
  'ck-chat-gate': () => import('./chat-gate/chat-gate.js'),
  'ck-push-prompt': () => import('./push-prompt/push-prompt.js'),
  'ck-privacy-center': () => import('./privacy-center/privacy-center.js'),
  'ck-privacy-button': () => import('./privacy-button/privacy-button.js'),
  'ck-policy-text': () => import('./policy-text/policy-text.js'),
};

const requested = new Set<string>();

/** Loads the code of every consentkit element in `root` that is not defined yet. */
function upgrade(root: ParentNode): void {
  for (const [tag, load] of Object.entries(loaders)) {
    if (requested.has(tag) || customElements.get(tag) || !root.querySelector(tag)) continue;
    requested.add(tag);
    load().catch((e: unknown) => {
      requested.delete(tag); // a later insertion tries again
      console.error(`consentkit: the code of <${tag}> could not be loaded (${(e as Error).message}).`);
    });
  }
}

/** Watches the document for consentkit elements and loads their code on first sight. */
export function defineLazily(): void {
  upgrade(document);
  const observer = new MutationObserver((records) => {
    if (requested.size === Object.keys(loaders).length) return observer.disconnect();
    if (records.some((r) => [...r.addedNodes].some((n) => n instanceof Element))) upgrade(document);
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });
}

/** Loads one element's code now (e.g. before creating it from script). */
export function loadElement(tag: keyof typeof loaders): Promise<unknown> {
  requested.add(tag);
  return loaders[tag]!();
}
