/**
 * Runs tasks one at a time, in arrival order. The recognizer is CPU-bound (pocketsphinx decodes at about
 * half real time on one core), so a burst of uploads must queue rather than thrash a small machine.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  /** Tasks queued or running. */
  get size(): number {
    return this.waiting;
  }

  /** Runs `task` after every task pushed before it has settled; a failure does not block the queue. */
  push<T>(task: () => Promise<T>): Promise<T> {
    this.waiting += 1;
    const run = this.tail.then(() => task());
    this.tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run.finally(() => {
      this.waiting -= 1;
    });
  }
}
