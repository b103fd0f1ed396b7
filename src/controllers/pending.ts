/**
 * Work an element is waiting for (a provider module, texts, a list) before it shows what it
 * will show; its `updateComplete` waits for all of it via {@link Pending.settle}.
 */
export class Pending {
  private current: Promise<unknown> | undefined;

  /** Adds `task`; the chain is dropped once everything in it has settled. */
  add(task: Promise<unknown>): void {
    const all: Promise<unknown> = Promise.allSettled([this.current, task]).finally(() => {
      if (this.current === all) this.current = undefined;
    });
    this.current = all;
  }

  /** Runs `update` (an element's update cycle) until no work is pending. */
  async settle(update: () => Promise<boolean>): Promise<boolean> {
    let done = await update();
    while (this.current) {
      await this.current;
      done = await update();
    }
    return done;
  }
}
