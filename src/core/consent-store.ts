import { CookieFormatError, parse, serialize, type CookieContent } from './cookie-format.js';
import { Decision, SERVICE_ID, TEXT_VERSION, type ConsentRecord } from './decision.js';
import { newSubjectId } from './subject.js';
import type { CookieStorage } from './storage.js';

/** What subscribers hear: which service changed (`null`: possibly all) and where the change came from. */
export interface ConsentChange {
  service: string | null;
  /** `local`: this page decided; `remote`: another tab of the site did. */
  source: 'local' | 'remote';
}
export type ConsentListener = (change: ConsentChange) => void;

/** The slice of BroadcastChannel the store needs; injectable for tests and old browsers. */
export interface Channel {
  postMessage(message: unknown): void;
  close(): void;
  onmessage: ((event: { data: unknown }) => void) | null;
}

export interface ConsentStoreOptions {
  storage: CookieStorage;
  cookieName?: string;
  /** How long a remembered decision lasts, in days (default 365). */
  days?: number;
  now?: () => number;
  /** Makes the cross-tab channel; `null` for none. Default: BroadcastChannel when available (unref'd in Node). */
  channel?: ((name: string) => Channel) | null;
  /** Where problems with the stored cookie are reported (default: console). */
  warn?: (message: string) => void;
  /** This page view's "load once" decisions, carried over from a store this one replaces. */
  pageDecisions?: ConsentRecord[];
}

export interface DecideOptions {
  /** Short hash of the exact text shown to the visitor. */
  version: string;
  /** Keep the decision for later visits ("always allow"). */
  remember?: boolean;
}

const DAY = 86_400_000;

/**
 * Per-service consent decisions. Remembered decisions live in one first-party cookie, the rest
 * in memory for this page view. Every change is announced to subscribers at once and to the
 * site's other tabs through a BroadcastChannel. DOM-free.
 */
export class ConsentStore {
  readonly cookieName: string;
  readonly days: number;
  private readonly storage: CookieStorage;
  private readonly now: () => number;
  private readonly warn: (message: string) => void;
  private readonly listeners = new Set<ConsentListener>();
  private readonly channel: Channel | null;
  private records = new Map<string, ConsentRecord>();
  private subject: string | undefined;

  constructor(options: ConsentStoreOptions) {
    this.storage = options.storage;
    this.cookieName = options.cookieName ?? 'consentkit';
    this.days = options.days ?? 365;
    this.now = options.now ?? Date.now;
    this.warn = options.warn ?? ((m) => console.warn(m));
    const makeChannel =
      options.channel === undefined
        ? typeof BroadcastChannel === 'function'
          ? (name: string) => {
              const channel = new BroadcastChannel(name);
              // Node (SSR, tests) has BroadcastChannel too: an open one would keep the process alive.
              (channel as { unref?: () => void }).unref?.();
              return channel as unknown as Channel;
            }
          : null
        : options.channel;
    this.channel = makeChannel?.(`consentkit:${this.cookieName}`) ?? null;
    if (this.channel) this.channel.onmessage = (e) => this.onRemote(e.data);
    for (const r of options.pageDecisions ?? []) if (!r.remembered) this.records.set(r.service, r);
    this.load();
  }

  /** The decision for a service, if there is one. */
  get(service: string): ConsentRecord | undefined {
    return this.records.get(service);
  }

  /** Every decision, remembered or for this page view only. */
  list(): ConsentRecord[] {
    return [...this.records.values()];
  }

  /** True when the visitor granted the service and asked to remember it ("always allow"). */
  isAlwaysAllowed(service: string): boolean {
    const r = this.records.get(service);
    return r?.decision === Decision.granted && r.remembered;
  }

  /** Records a decision. Throws for a malformed service id (a programming error, not visitor input). */
  decide(service: string, decision: Decision, { version, remember = false }: DecideOptions): ConsentRecord {
    if (!SERVICE_ID.test(service)) throw new TypeError(`consentkit: "${service}" is not a valid service id`);
    if (!TEXT_VERSION.test(version)) throw new TypeError(`consentkit: "${version}" is not a valid text version`);
    const record: ConsentRecord = { service, decision, at: this.now(), version, remembered: remember };
    const before = this.records.get(service);
    this.records.set(service, record);
    // A remembered decision, or one that replaces a remembered one, belongs in the cookie.
    if (remember || before?.remembered) this.persist(service);
    this.emit({ service, source: 'local' });
    return record;
  }

  /**
   * Withdraws consent "with effect for the future": the service counts as denied from now on.
   * If the grant was remembered, so is the withdrawal (it is what later visits must see).
   */
  withdraw(service: string, version = ''): ConsentRecord | undefined {
    const before = this.records.get(service);
    if (!before || before.decision !== Decision.granted) return before;
    return this.decide(service, Decision.denied, { version: version || before.version, remember: before.remembered });
  }

  /** The subject id if the visitor has one already; never creates one. */
  existingSubjectId(): string | undefined {
    return this.subject;
  }

  /** The pseudonymous subject id; created (and stored) on first use only. */
  subjectId(): string {
    if (!this.subject) {
      this.subject = newSubjectId();
      this.persist(null);
    }
    return this.subject;
  }

  /** Forgets everything: records, subject id and the cookie, here and in the site's other tabs. */
  clear(): void {
    this.forget();
    this.storage.remove(this.cookieName);
    this.broadcast('cleared');
    this.emit({ service: null, source: 'local' });
  }

  /**
   * Withdraws every grant, the remembered ones and those for this page view, here and in the
   * site's other tabs (whose page-view grants the cookie does not show). Returns the records
   * withdrawn in this tab, as they were before.
   */
  withdrawAll(): ConsentRecord[] {
    const granted = this.list().filter((r) => r.decision === Decision.granted);
    for (const r of granted) this.withdraw(r.service);
    this.broadcast('withdraw-all');
    return granted;
  }

  private forget(): void {
    this.records.clear();
    this.subject = undefined;
  }

  /** Calls `listener` on every change until the returned function is called. */
  subscribe(listener: ConsentListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Stops listening to other tabs. */
  close(): void {
    this.channel?.close();
    this.listeners.clear();
  }

  /** Re-reads the cookie, keeping this page's not-remembered decisions where the cookie is silent. */
  reload(): void {
    this.load();
  }

  private load(): void {
    const pageOnly = [...this.records.values()].filter((r) => !r.remembered);
    this.records = new Map(pageOnly.map((r) => [r.service, r]));
    const content = this.readCookie(true);
    this.subject = content.subject;
    for (const r of content.records) this.records.set(r.service, r);
  }

  /** The cookie's valid, unexpired content; nothing when it is missing or unreadable. */
  private readCookie(warn: boolean): CookieContent {
    const raw = this.storage.read(this.cookieName);
    if (raw === undefined || raw === '') return { records: [] };
    try {
      const content = parse(raw, this.now());
      const oldest = this.now() - this.days * DAY;
      return { subject: content.subject, records: content.records.filter((r) => r.at >= oldest) };
    } catch (e) {
      if (!(e instanceof CookieFormatError)) throw e;
      if (warn) this.warn(`consentkit: ignoring the "${this.cookieName}" cookie because ${e.message}; every service counts as not allowed until the visitor decides again.`);
      return { records: [] };
    }
  }

  /**
   * Writes `service`'s decision into the cookie *as it is now*: another tab may have written it
   * since this one read it, and its decisions for other services must survive (a withdrawal
   * there must never turn back into a grant here).
   */
  private persist(service: string | null): void {
    const current = this.readCookie(false);
    const remembered = new Map(current.records.map((r) => [r.service, r]));
    const mine = service === null ? undefined : this.records.get(service);
    if (service !== null) {
      if (mine?.remembered) remembered.set(service, mine);
      else remembered.delete(service);
    }
    this.subject = current.subject ?? this.subject ?? (remembered.size ? newSubjectId() : undefined);
    // This tab's memory follows the cookie for every remembered decision.
    for (const [id, r] of this.records) if (r.remembered && !remembered.has(id)) this.records.delete(id);
    for (const r of remembered.values()) this.records.set(r.service, r);
    this.storage.write(this.cookieName, serialize({ subject: this.subject, records: [...remembered.values()] }), this.days);
    this.broadcast();
  }

  private broadcast(type: 'changed' | 'cleared' | 'withdraw-all' = 'changed'): void {
    this.channel?.postMessage({ type: `consentkit:${type}` });
  }

  private onRemote(data: unknown): void {
    const type = (data as { type?: unknown } | null)?.type;
    if (type === 'consentkit:cleared') this.forget();
    else if (type === 'consentkit:withdraw-all') {
      // Page-view grants live only in this tab's memory: they end here, without touching the cookie.
      for (const r of this.records.values()) {
        if (!r.remembered && r.decision === Decision.granted) this.records.set(r.service, { ...r, decision: Decision.denied, at: this.now() });
      }
    } else if (type !== 'consentkit:changed') return;
    this.load();
    this.emit({ service: null, source: 'remote' });
  }

  private emit(change: ConsentChange): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch (e) {
        // One broken subscriber must not keep the others (or the decision) from happening.
        console.error('consentkit: a consent listener threw', e);
      }
    }
  }
}
