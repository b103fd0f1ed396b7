import type { Proof } from './proof.js';

import { keysWithPrefix, timeKey, type QueueStorage } from './storage-keys.js';

export { keysWithPrefix, timeKey, type QueueStorage } from './storage-keys.js';

/** What the endpoint answered; `retryAfter` in seconds when it said so. Throws on network errors. */
export type Transport = (body: string, options: { keepalive: boolean; signal?: AbortSignal }) => Promise<{ status: number; retryAfter?: number }>;

/** The longest `Retry-After` honoured (s); a larger one is taken as this, so a wrong header cannot park a proof for days. */
export const MAX_RETRY_AFTER_S = 3600;

/**
 * Seconds to wait from a `Retry-After` header: delay-seconds (`120`) or an HTTP-date
 * (`Wed, 02 Dec 2026 07:00:00 GMT`), capped at {@link MAX_RETRY_AFTER_S}. Undefined when absent,
 * unreadable or not in the future: the queue's own backoff applies.
 */
export function retryAfterSeconds(header: string | null | undefined, now: number): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  const seconds = /^\d+$/.test(value) ? Number(value) : (Date.parse(value) - now) / 1000;
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, MAX_RETRY_AFTER_S) : undefined;
}

/** Runs `task` while holding a lock every tab of the site shares (Web Locks in browsers). */
export type Lock = <T>(name: string, task: () => Promise<T>) => Promise<T>;

export type ProofStatus = 'queued' | 'sent' | 'dropped';

export interface ProofQueueOptions {
  transport: Transport;
  storage: QueueStorage;
  /** Default: an in-page mutex (enough for one tab; browsers pass navigator.locks). */
  lock?: Lock;
  /** Most records kept waiting; the oldest is dropped (with a warning) beyond it. Default 500. */
  limit?: number;
  /** Backoff: first delay and ceiling, in ms. Defaults 1 s and 5 min. */
  retry?: { baseMs?: number; maxMs?: number };
  /** A request that has not answered by then counts as failed (ms, default 10 s). */
  timeoutMs?: number;
  /** Requests in flight at once (default 4). */
  concurrency?: number;
  /** Hears every status change of a record sent or dropped by this page; `sent` comes with the record. */
  onStatus?: (id: string, status: ProofStatus, reason?: string, record?: { id: string }) => void;
  isOnline?: () => boolean;
  now?: () => number;
  random?: () => number;
  /** Storage key prefix; one queue per prefix. */
  prefix?: string;
  /** What a record is called in console messages. Default `consent proof`. */
  noun?: string;
}

/**
 * A waiting record as stored: one storage key per record (`<prefix><queued time>:<id>`), so tabs
 * never overwrite each other and the keys alone sort oldest first.
 */
interface Entry<R> {
  key: string;
  proof: R;
  queuedAt: number;
  attempts: number;
  nextAt: number;
  /** Set while a tab is sending it, so a second tab (or a page-hide beacon) leaves it alone. */
  lease?: { tab: string; until: number };
}

const noLock: Lock = (() => {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(_name: string, task: () => Promise<T>) => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
})();

/**
 * A persistent outbox for consent proofs that never loses one and never sends one twice at once.
 * Each record waits in storage until the endpoint acknowledges it (2xx). Network errors, timeouts,
 * 408, 429 and 5xx are retried with exponential backoff and jitter; other answers drop the record
 * with a console error. One tab at a time sends (a shared lock); records carry a lease while in
 * flight. DOM-free: transport, storage, lock and clock are injected.
 */
export class ProofQueue<R extends { id: string } = Proof> {
  private readonly o: Required<Omit<ProofQueueOptions, 'retry' | 'onStatus'>> & { retry: { baseMs: number; maxMs: number } };
  private readonly onStatus: NonNullable<ProofQueueOptions['onStatus']>;
  private readonly tab = Math.random().toString(36).slice(2);
  /** Ids this page is sending now, and whether as keepalive (which survives the page). */
  private readonly inFlight = new Map<string, boolean>();
  private flushing: Promise<void> | undefined;
  private again = false;
  /** A caller asked for every waiting record, not only those due. */
  private forced = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private warnedFull = false;
  /** The sorted keys of the last scan, valid until the current task ends (other tabs may write after). */
  private keyCache: string[] | undefined;
  private disposed = false;

  constructor(options: ProofQueueOptions) {
    this.o = {
      lock: noLock,
      limit: 500,
      timeoutMs: 10_000,
      concurrency: 4,
      isOnline: () => true,
      now: Date.now,
      random: Math.random,
      prefix: 'consentkit:proof:',
      noun: 'consent proof',
      ...options,
      retry: { baseMs: 1000, maxMs: 300_000, ...options.retry },
    };
    this.onStatus = options.onStatus ?? (() => {});
  }

  /**
   * Stores the record at once (synchronously, so a page closed right after still keeps it) and
   * starts sending. Beyond the limit the oldest waiting record is dropped, with a warning.
   */
  enqueue(proof: R): void {
    const keys = this.keys();
    while (keys.length >= this.o.limit) {
      const key = keys.shift()!;
      const oldest = this.read(key);
      this.o.storage.removeItem(key);
      if (!this.warnedFull) {
        this.warnedFull = true;
        console.warn(`consentkit: ${keys.length} ${this.o.noun}s are waiting for the endpoint, the most kept (proofs.queueLimit = ${this.o.limit}); dropping the oldest. Is the endpoint reachable?`);
      }
      if (oldest) this.onStatus(oldest.proof.id, 'dropped', 'queue full');
    }
    const now = this.o.now();
    const key = timeKey(this.o.prefix, now, proof.id); // sorts in queue order
    this.write({ key, proof, queuedAt: now, attempts: 0, nextAt: now });
    keys.push(key); // the newest: later than every key but those of this same millisecond
    this.onStatus(proof.id, 'queued');
    void this.flush();
  }

  /** Records still waiting for an acknowledgement (from every tab). */
  pending(): R[] {
    return this.entries().map((e) => e.proof);
  }

  /**
   * Sends every due record now; with `now`, every waiting record whatever its backoff (the page
   * just started, the browser came back online, the site knows its endpoint is back). Resolves
   * when this round is done. Safe to call any time.
   */
  flush({ now = false }: { now?: boolean } = {}): Promise<void> {
    if (this.disposed) return Promise.resolve();
    if (now) this.forced = true;
    if (this.flushing) {
      this.again = true;
      return this.flushing;
    }
    this.flushing = (async () => {
      do {
        this.again = false;
        const all = this.forced;
        this.forced = false;
        await this.o.lock(this.o.prefix, () => this.sendDue(all)); // one sender per queue across the site's tabs
      } while (this.again && !this.disposed);
    })().finally(() => {
      this.flushing = undefined;
      this.schedule();
    });
    return this.flushing;
  }

  /**
   * The page is going away: hand every waiting record that nobody is sending to the browser as a
   * keepalive request, which outlives the page. Records stay stored until acknowledged, so one the
   * browser could not deliver goes out again on the next visit (the receiver dedups by id).
   */
  flushOnHide(): void {
    if (this.disposed || !this.o.isOnline()) return;
    const now = this.o.now();
    for (const entry of this.entries()) {
      // A plain request in flight dies with the page, so it goes again as keepalive (should the
      // first one have arrived after all, the receiver keeps the record once).
      if (this.inFlight.get(entry.proof.id) === true || this.leasedElsewhere(entry, now)) continue;
      void this.send(entry, true);
    }
  }

  /** Deletes every waiting record (the visitor erased their data); requests in flight are not retried. */
  clear(): void {
    for (const key of this.keys()) this.o.storage.removeItem(key);
    this.keyCache = undefined;
  }

  /** Stops timers; what is stored stays stored for the next page. */
  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
  }

  private async sendDue(all: boolean): Promise<void> {
    if (!this.o.isOnline()) return;
    const now = this.o.now();
    const due = this.entries().filter((e) => (all || e.nextAt <= now) && !this.inFlight.has(e.proof.id) && !this.leasedElsewhere(e, now));
    const workers = Array.from({ length: Math.min(this.o.concurrency, due.length) }, async () => {
      for (let entry = due.shift(); entry && !this.disposed; entry = due.shift()) await this.send(entry, false);
    });
    await Promise.all(workers);
  }

  private async send(entry: Entry<R>, keepalive: boolean): Promise<void> {
    const { id } = entry.proof;
    // Gone since the list was made (sent by another tab, or erased): writing the lease would bring it back.
    if (this.o.storage.getItem(entry.key) === null) return;
    this.inFlight.set(id, keepalive);
    // The lease ends when the request counts as failed anyway; a tab closed meanwhile holds up
    // nobody for longer than that.
    this.write({ ...entry, lease: { tab: this.tab, until: this.o.now() + this.o.timeoutMs } });
    let outcome: { status: number; retryAfter?: number } | undefined;
    try {
      outcome = await this.o.transport(JSON.stringify(entry.proof), { keepalive, signal: timeout(this.o.timeoutMs) });
    } catch {
      outcome = undefined; // network error, offline or timed out: retry
    } finally {
      if (this.inFlight.get(id) === keepalive) this.inFlight.delete(id);
    }
    if (this.o.storage.getItem(entry.key) === null) return; // dropped meanwhile (queue limit, erasure)
    const status = outcome?.status ?? 0;
    if (status >= 200 && status < 300) {
      this.o.storage.removeItem(entry.key);
      this.onStatus(id, 'sent', undefined, entry.proof);
    } else if (status === 0 || status === 408 || status === 429 || status >= 500) {
      const attempts = entry.attempts + 1;
      const ceiling = Math.min(this.o.retry.maxMs, this.o.retry.baseMs * 2 ** (attempts - 1));
      // "Equal jitter": never less than half the backoff, so retries from many visitors spread out.
      const delay = outcome?.retryAfter !== undefined ? outcome.retryAfter * 1000 : ceiling / 2 + this.o.random() * (ceiling / 2);
      this.write({ ...entry, attempts, nextAt: this.o.now() + delay, lease: undefined });
    } else {
      this.o.storage.removeItem(entry.key);
      const reason = `the endpoint answered ${status}`;
      console.error(`consentkit: ${this.o.noun} ${id} was refused (${reason}); dropping it. Check the endpoint against the receiver contract in the README.`);
      this.onStatus(id, 'dropped', reason);
    }
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (this.disposed) return;
    const next = Math.min(...this.entries().map((e) => Math.max(e.nextAt, e.lease?.until ?? 0)));
    if (Number.isFinite(next)) this.timer = setTimeout(() => void this.flush(), Math.max(0, next - this.o.now()));
  }

  private leasedElsewhere(entry: Entry<R>, now: number): boolean {
    return !!entry.lease && entry.lease.tab !== this.tab && entry.lease.until > now;
  }

  private write(entry: Entry<R>): void {
    this.o.storage.setItem(entry.key, JSON.stringify(entry));
  }

  /**
   * This queue's storage keys, oldest first. A burst of enqueues in one task scans storage once:
   * the scan is cached (and kept up to date by enqueue) until the task ends.
   */
  private keys(): string[] {
    if (this.keyCache) return this.keyCache;
    this.keyCache = keysWithPrefix(this.o.storage, this.o.prefix);
    queueMicrotask(() => (this.keyCache = undefined));
    return this.keyCache;
  }

  /** One stored record; an unreadable one is removed with a warning. */
  private read(key: string): Entry<R> | undefined {
    const raw = this.o.storage.getItem(key);
    if (raw === null) return undefined; // sent and removed meanwhile, perhaps by another tab
    try {
      const entry = JSON.parse(raw) as Entry<R>;
      if (entry?.key !== key || typeof entry.proof?.id !== 'string' || typeof entry.nextAt !== 'number') throw new Error('malformed');
      return entry;
    } catch {
      console.warn(`consentkit: removing the unreadable stored proof "${key}".`);
      this.o.storage.removeItem(key);
      return undefined;
    }
  }

  /** Every stored record, oldest first. */
  private entries(): Entry<R>[] {
    return this.keys().flatMap((key) => this.read(key) ?? []);
  }
}

function timeout(ms: number): AbortSignal | undefined {
  return typeof AbortSignal !== 'undefined' && 'timeout' in AbortSignal ? AbortSignal.timeout(ms) : undefined;
}
