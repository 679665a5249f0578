import type { Logger } from '../logging/create-logger';

/**
 * Work started after an HTTP answer has gone out (RingCentral wants webhooks answered within
 * seconds). Failures are logged, never thrown back; `idle()` lets tests and shutdown wait.
 */
export class TaskQueue {
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly logger: Logger) {}

  run(name: string, work: () => Promise<void>, context: object = {}): void {
    const task = (async () => {
      try {
        await work();
      } catch (error) {
        this.logger.error({ ...context, task: name, err: error }, 'background task failed');
      }
    })();
    this.pending.add(task);
    void task.finally(() => this.pending.delete(task));
  }

  /** Resolves when every task started so far, and every task they started, has finished. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  get size(): number {
    return this.pending.size;
  }
}
