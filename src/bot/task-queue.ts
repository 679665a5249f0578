import type { Logger } from '../logging/create-logger';

/** How much inbound work may run at once and wait behind it (see `TaskQueue.offer`). */
export interface TaskQueueLimits {
  /** Inbound tasks running at the same time. */
  concurrency: number;
  /** Inbound tasks waiting for a slot; one more is dropped. */
  maxWaiting: number;
}

export const DEFAULT_TASK_QUEUE_LIMITS: TaskQueueLimits = { concurrency: 8, maxWaiting: 1000 };

interface Waiting {
  name: string;
  work: () => Promise<void>;
  context: object;
}

/** Drops are logged at most once a second, with the running count, so a flood cannot flood the log too. */
const DROP_LOG_INTERVAL_MS = 1000;

/**
 * Work started after an HTTP answer has gone out (RingCentral wants webhooks answered within
 * seconds). Failures are logged, never thrown back; `idle()` lets tests and shutdown wait.
 *
 * Two doors: `run()` for the bot's own rare work (installs, login follow-ups, refreshes), which
 * always starts at once; `offer()` for work that strangers and floods can multiply (chat events,
 * card submits), which runs at most `concurrency` at a time with at most `maxWaiting` behind it.
 * Beyond that the work is dropped, logged and counted: a chat command in a flood gets no reply
 * rather than a "busy" one, because each reply is itself a RingCentral post that would spend the
 * bot's rate limit on the flood.
 */
export class TaskQueue {
  private readonly pending = new Set<Promise<void>>();
  private readonly waiting: Waiting[] = [];
  private runningOffered = 0;
  private lastDropLogAt = 0;
  private droppedSinceLog = 0;
  /** Inbound tasks dropped because the queue was full, since start. */
  dropped = 0;
  /** The most inbound tasks that ever waited at once. */
  highWater = 0;
  readonly limits: TaskQueueLimits;

  constructor(
    private readonly logger: Logger,
    limits: Partial<TaskQueueLimits> = {},
  ) {
    this.limits = { ...DEFAULT_TASK_QUEUE_LIMITS, ...limits };
  }

  /** Starts `work` now, whatever the load. */
  run(name: string, work: () => Promise<void>, context: object = {}): void {
    this.track(this.execute(name, work, context));
  }

  /** Queues inbound work within the limits; false when it was dropped because the queue is full. */
  offer(name: string, work: () => Promise<void>, context: object = {}): boolean {
    if (this.runningOffered < this.limits.concurrency) {
      this.startOffered({ name, work, context });
      return true;
    }
    if (this.waiting.length >= this.limits.maxWaiting) {
      this.drop(name, context);
      return false;
    }
    this.waiting.push({ name, work, context });
    this.highWater = Math.max(this.highWater, this.waiting.length);
    return true;
  }

  /** Resolves when every task started so far, and every task they started, has finished. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /** Tasks running or waiting. */
  get size(): number {
    return this.pending.size + this.waiting.length;
  }

  /** Inbound tasks waiting for a slot now. */
  get waitingCount(): number {
    return this.waiting.length;
  }

  private startOffered(job: Waiting): void {
    this.runningOffered += 1;
    const task = this.execute(job.name, job.work, job.context).finally(() => {
      this.runningOffered -= 1;
      const next = this.waiting.shift();
      if (next) this.startOffered(next);
    });
    this.track(task);
  }

  private async execute(name: string, work: () => Promise<void>, context: object): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.logger.error({ ...context, task: name, err: error }, 'background task failed');
    }
  }

  private track(task: Promise<void>): void {
    this.pending.add(task);
    void task.finally(() => this.pending.delete(task));
  }

  private drop(name: string, context: object): void {
    this.dropped += 1;
    this.droppedSinceLog += 1;
    const now = Date.now();
    if (now - this.lastDropLogAt < DROP_LOG_INTERVAL_MS) return;
    this.logger.warn(
      { ...context, task: name, droppedSinceLastLine: this.droppedSinceLog, droppedTotal: this.dropped, ...this.limits },
      'background work dropped: the task queue is full',
    );
    this.lastDropLogAt = now;
    this.droppedSinceLog = 0;
  }
}
