import { Decision, ProofMethod } from '../core/decision.js';
import type { DataExport, ErasureRequest } from '../core/erasure.js';
import { cookieStorage } from './cookie-storage.js';
import { uuid } from '../core/subject.js';
import { fire } from './events.js';
import { ERASURE_PREFIX, erasureQueue, pageStorage, proofQueue, PROOF_PREFIX, RECEIPT_PREFIX, storedKeys, storedValues } from './proof-client.js';
import { isBuiltin, loadProvider } from '../providers/registry.js';
import { endPush, getConfig, getStore, withdraw } from './runtime.js';
import { PUSH_SERVICE } from '../core/push.js';
import { plainService, seenServices, type ServiceInfo } from './services.js';

export { onServicesChange, type ServiceInfo } from './services.js';

/**
 * The visitor's rights, as functions the privacy center and site owners call: which services the
 * site uses, withdraw all, export what is stored, erase it.
 */

/**
 * Every service the site uses, as far as this page knows: those of the elements on it, those in
 * config `services`, and those the visitor decided about before. Built-in providers are described
 * by their metadata; the config's provider overrides apply. The services of gated scripts on the
 * page may be allowed here too (they have no placeholder of their own).
 */
export async function listServices(): Promise<ServiceInfo[]> {
  const { services, providers } = getConfig();
  const seen = seenServices();
  const ids = [...new Set([...seen.keys(), ...services, ...getStore().list().map((r) => r.service)])];
  const found = await Promise.all(
    ids.map(async (id): Promise<ServiceInfo> => {
      let info = seen.get(id);
      if (!info) {
        const provider = await loadProvider(id).catch(() => undefined);
        // A generic provider (iframe, script) names no company of its own; its services come from elements.
        info = provider && !provider.meta
          ? { id, name: provider.name, company: provider.company, address: provider.address, privacyUrl: provider.privacyUrl, data: provider.data, purpose: provider.purpose ?? 'embed' }
          : // Push on a page without its prompt: the center names it in its own words.
            plainService(id, id === PUSH_SERVICE ? { name: '', own: true } : { purpose: 'embed' });
      }
      const override = providers[id] ?? {};
      return { ...info, ...Object.fromEntries(Object.entries(override).filter(([, v]) => v !== undefined)), allowable: (!!info.own || !!info.allowable || isBuiltin(id)) && id !== PUSH_SERVICE };
    }),
  );
  return found;
}

/** Withdraws every granted service; returns their ids. */
export function withdrawAll(method: ProofMethod = ProofMethod.api): string[] {
  const services = getStore()
    .list()
    .filter((r) => r.decision === Decision.granted)
    .map((r) => r.service)
    .filter((service) => withdraw(service, method));
  getStore().withdrawAll(); // and the page-view grants of the site's other tabs
  return services;
}

/** Everything consentkit keeps about this visitor in this browser, in the documented export format. */
export function exportData(): DataExport {
  const { cookie } = getConfig();
  const store = getStore();
  return {
    format: 'consentkit-export',
    version: 1,
    exportedAt: new Date().toISOString(),
    origin: location.origin,
    subject: store.existingSubjectId() ?? null,
    cookie: { name: cookie.name, value: cookieStorage().read(cookie.name) ?? null },
    decisions: store.list().map((r) => ({ ...r, at: new Date(r.at).toISOString() })),
    proofs: {
      waiting: storedValues(PROOF_PREFIX, (entry) => entry.proof),
      sent: storedValues(RECEIPT_PREFIX),
    },
    erasureRequests: storedValues(ERASURE_PREFIX, (entry) => entry.proof as ErasureRequest),
    other: Object.fromEntries(
      storedKeys()
        .filter((key) => ![PROOF_PREFIX, RECEIPT_PREFIX, ERASURE_PREFIX].some((prefix) => key.startsWith(prefix)))
        .map((key) => [key, pageStorage().getItem(key) ?? '']),
    ),
  };
}

/** What `erase()` did. */
export interface ErasureResult {
  /** Services whose consent ended. */
  withdrawn: string[];
  /** The id of the erasure request posted to `deletionEndpoint` (watch `ck-erasure` for it); none without endpoint or subject id. */
  requestId?: string;
}

/**
 * "Delete my data": ends every consent, deletes consentkit's cookie, waiting proofs and receipts
 * from this browser, and, when `deletionEndpoint` is configured and the visitor has a subject id,
 * asks the site to erase that subject's proofs (a request that is retried until acknowledged).
 * No withdrawal proofs are sent: the erasure request stands for all of them.
 */
export function erase(): ErasureResult {
  const config = getConfig();
  const store = getStore();
  const subject = store.existingSubjectId();
  const granted = store.list().filter((r) => r.decision === Decision.granted);
  proofQueue(config)?.clear();
  // Waiting proofs, decisions whose proof is still being built, receipts, the push prompt's count.
  for (const key of storedKeys()) if (!key.startsWith(ERASURE_PREFIX)) pageStorage().removeItem(key);
  store.clear();
  if (granted.some((r) => r.service === PUSH_SERVICE)) endPush();
  for (const r of granted) fire(document, 'ck-consent', { service: r.service, decision: Decision.denied, remembered: r.remembered, version: r.version });
  const queue = subject ? erasureQueue(config) : undefined;
  if (!queue || !subject) return { withdrawn: granted.map((r) => r.service) };
  const request: ErasureRequest = { schema: 1, type: 'erasure', id: uuid(), subject, origin: location.origin, at: new Date().toISOString() };
  queue.enqueue(request);
  return { withdrawn: granted.map((r) => r.service), requestId: request.id };
}
