/**
 * Group commit: submissions wait in a bounded queue and go to the store in batches, one
 * transaction (one fsync) for many proofs. Each caller's promise resolves once its batch is
 * durable, so a proof is acknowledged only after its commit; a full queue refuses at once
 * (the handler answers 503 + Retry-After) instead of holding requests and memory without bound.
 */
import type { Outcome, ProofStore, Submission } from './store.js';

export class QueueFullError extends Error {}

interface Waiting {
  item: Submission;
  resolve: (outcome: Outcome) => void;
  reject: (error: unknown) => void;
}

export class BatchWriter {
  private queue: Waiting[] = [];
  private active = 0;
  private scheduled = false;
  private idleWaiters: Array<() => void> = [];

  /**
   * `inFlight`: batches handed to the store and not yet durable. More than one lets the next batch
   * commit while the previous one waits for the disk (the store keeps them in call order).
   */
  constructor(
    private readonly store: ProofStore,
    private readonly options: { limit: number; batchSize: number; inFlight?: number; onCommit?: (outcomes: Outcome[]) => void; now?: () => Date },
  ) {}

  get waiting(): number {
    return this.queue.length;
  }

  submit(item: Submission): Promise<Outcome> {
    if (this.queue.length >= this.options.limit) return Promise.reject(new QueueFullError(`${this.queue.length} records are waiting for the database`));
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // Let the requests that arrive in this turn of the event loop join the batch.
        setImmediate(() => {
          this.scheduled = false;
          this.pump();
        });
      }
    });
  }

  /** Resolves when everything submitted so far is committed (or failed). */
  idle(): Promise<void> {
    if (!this.queue.length && !this.active) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.queue.length && this.active < (this.options.inFlight ?? 1)) {
      const batch = this.queue.splice(0, this.options.batchSize);
      this.active++;
      this.store
        .append(
          batch.map((w) => w.item),
          (this.options.now?.() ?? new Date()).toISOString(),
        )
        .then(
          (outcomes) => {
            batch.forEach((w, i) => w.resolve(outcomes[i]!));
            this.options.onCommit?.(outcomes);
          },
          (error: unknown) => batch.forEach((w) => w.reject(error)),
        )
        .finally(() => {
          this.active--;
          this.pump();
          if (!this.queue.length && !this.active) this.idleWaiters.splice(0).forEach((r) => r());
        });
    }
  }
}
