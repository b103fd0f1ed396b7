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
  private running: Promise<void> | undefined;

  constructor(
    private readonly store: ProofStore,
    private readonly options: { limit: number; batchSize: number; onCommit?: (outcomes: Outcome[]) => void; now?: () => Date },
  ) {}

  get waiting(): number {
    return this.queue.length;
  }

  submit(item: Submission): Promise<Outcome> {
    if (this.queue.length >= this.options.limit) return Promise.reject(new QueueFullError(`${this.queue.length} records are waiting for the database`));
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.running ??= this.drain().finally(() => (this.running = undefined));
    });
  }

  /** Resolves when everything submitted so far is committed (or failed). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    // Let the requests that arrived in this turn of the event loop join the first batch.
    await new Promise((r) => setImmediate(r));
    while (this.queue.length) {
      const batch = this.queue.splice(0, this.options.batchSize);
      try {
        const outcomes = await this.store.append(
          batch.map((w) => w.item),
          (this.options.now?.() ?? new Date()).toISOString(),
        );
        batch.forEach((w, i) => w.resolve(outcomes[i]!));
        this.options.onCommit?.(outcomes);
      } catch (error) {
        batch.forEach((w) => w.reject(error));
      }
    }
  }
}
