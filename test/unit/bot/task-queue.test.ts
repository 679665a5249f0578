import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { TaskQueue } from '../../../src/bot/task-queue';

/** A real pino logger whose JSON lines are collected for assertions. */
function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

describe('TaskQueue', () => {
  it('When nothing was started, then idle() resolves at once', async () => {
    const queue = new TaskQueue(capturedLogger().logger);

    await queue.idle();

    expect(queue.size).toBe(0);
  });

  it('When a webhook handler queues slow work, then run() returns before the work finishes and idle() waits for it', async () => {
    const queue = new TaskQueue(capturedLogger().logger);
    const done: string[] = [];

    queue.run('reply to help', async () => {
      await sleep(15);
      done.push('help card posted');
    });

    expect(done).toEqual([]);
    expect(queue.size).toBe(1);
    await queue.idle();
    expect(done).toEqual(['help card posted']);
    expect(queue.size).toBe(0);
  });

  it('When a task starts another task as it ends, then idle() also waits for the second one', async () => {
    const queue = new TaskQueue(capturedLogger().logger);
    const done: string[] = [];

    queue.run('install bot', async () => {
      await sleep(5);
      queue.run('post welcome card', async () => {
        await sleep(20);
        done.push('welcome card posted');
      });
      done.push('installed');
    });

    await queue.idle();

    expect(done).toEqual(['installed', 'welcome card posted']);
    expect(queue.size).toBe(0);
  });

  it('When a task throws, then idle() still resolves, the other tasks finish, and the failure is logged with the task name and context', async () => {
    const { logger, lines } = capturedLogger();
    const queue = new TaskQueue(logger);
    const done: string[] = [];

    queue.run(
      'renew subscription',
      async () => {
        await sleep(1);
        throw new Error('SUB-406 bot user not ready');
      },
      { accountId: '37439510' },
    );
    queue.run('reply to status', async () => {
      await sleep(10);
      done.push('status posted');
    });

    await expect(queue.idle()).resolves.toBeUndefined();

    expect(done).toEqual(['status posted']);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 50,
      msg: 'background task failed',
      task: 'renew subscription',
      accountId: '37439510',
      err: { type: 'Error', message: 'SUB-406 bot user not ready' },
    });
  });

  it('When work throws synchronously instead of rejecting, then it is still caught and logged', async () => {
    const { logger, lines } = capturedLogger();
    const queue = new TaskQueue(logger);

    queue.run('broken handler', (() => {
      throw new TypeError('cannot read properties of undefined');
    }) as () => Promise<void>);

    await queue.idle();

    expect(lines.map((l) => [l.task, (l.err as { message?: string } | undefined)?.message])).toEqual([
      ['broken handler', 'cannot read properties of undefined'],
    ]);
  });
});

describe('TaskQueue bounds for inbound work', () => {
  it('When more inbound work is offered than may run and wait, then at most `concurrency` run, at most `maxWaiting` wait, the rest is dropped, counted and logged once', async () => {
    const { logger, lines } = capturedLogger();
    const queue = new TaskQueue(logger, { concurrency: 2, maxWaiting: 3 });
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    const accepted = Array.from({ length: 10 }, (_, i) =>
      queue.offer('webhook event', async () => {
        running += 1;
        peak = Math.max(peak, running);
        await sleep(5);
        running -= 1;
        done.push(i);
      }),
    );

    expect(accepted).toEqual([true, true, true, true, true, false, false, false, false, false]);
    expect(queue.waitingCount).toBe(3);
    await queue.idle();
    expect(done.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
    expect(queue.dropped).toBe(5);
    expect(queue.highWater).toBe(3);
    expect(lines.filter((l) => l.msg === 'background work dropped: the task queue is full')).toHaveLength(1);
  });

  it('When the inbound queue is full, then the bot\'s own work still starts at once', async () => {
    const queue = new TaskQueue(capturedLogger().logger, { concurrency: 1, maxWaiting: 0 });
    const done: string[] = [];
    queue.offer('webhook event', () => sleep(20));
    expect(queue.offer('webhook event', () => sleep(1))).toBe(false);
    queue.run('install bot', async () => {
      done.push('installed');
    });
    await sleep(1);
    expect(done).toEqual(['installed']);
    await queue.idle();
  });
});
