import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import type { Harness } from './harness';
import { ADMIN_CLIENT_ID, ADMIN_CLIENT_SECRET, BOT_CLIENT_ID, BOT_CLIENT_SECRET, ENCRYPTION_KEY, SHARED_SECRET } from './harness';

import { findRepoRoot } from '../../src/simulator/openapi/find-repo-root';

/** The repository (also when this file runs compiled, from dist/test/support, for npm run bench). */
const ROOT = findRepoRoot(__dirname);

/** One JSON log line of a bot process, as pino wrote it. */
export interface BotLogLine {
  level: number;
  time: number;
  msg?: string;
  [key: string]: unknown;
}

/** A `node dist/src/main.js` process and what it logged. */
export interface BotProcess {
  name: string;
  child: ChildProcess;
  lines: BotLogLine[];
  startedAt: number;
  /** Set when it was killed with SIGKILL (its leases stay until they run out). */
  killedAt?: number;
  exited: Promise<number | null>;
}

/** Builds dist/ (tsc) so the processes run the code under test. */
export function buildBot(): void {
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
}

/**
 * Several bot instances (real processes, as operators run them) on the harness's database and
 * simulator. The harness already installed the bot and configured the admins.
 */
export class BotFleet {
  readonly processes: BotProcess[] = [];

  constructor(
    private readonly h: Harness,
    private readonly env: Record<string, string>,
  ) {}

  start(name: string): BotProcess {
    const child = spawn(process.execPath, [path.join(ROOT, 'dist/src/main.js')], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        RINGCENTRAL_SERVER: this.h.sim.url,
        RINGCX_SERVER: this.h.sim.ringcxUrl,
        RINGCENTRAL_BOT_CLIENT_ID: BOT_CLIENT_ID,
        RINGCENTRAL_BOT_CLIENT_SECRET: BOT_CLIENT_SECRET,
        RINGCENTRAL_CLIENT_ID: ADMIN_CLIENT_ID,
        RINGCENTRAL_CLIENT_SECRET: ADMIN_CLIENT_SECRET,
        RINGCENTRAL_SHARED_SECRET: SHARED_SECRET,
        APP_SERVER: this.h.url,
        DATABASE_URL: this.h.db.url,
        ENCRYPTION_KEY,
        PORT: '0',
        LOG_LEVEL: 'debug',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const bot: BotProcess = {
      name,
      child,
      lines: [],
      startedAt: Date.now(),
      exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
    };
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        bot.lines.push(JSON.parse(line) as BotLogLine);
      } catch {
        bot.lines.push({ level: 30, time: Date.now(), msg: line });
      }
    });
    readline.createInterface({ input: child.stderr! }).on('line', (line) => bot.lines.push({ level: 50, time: Date.now(), msg: `stderr: ${line}` }));
    this.processes.push(bot);
    return bot;
  }

  /** kill -9: no clean-up, no last words. */
  async kill(bot: BotProcess): Promise<void> {
    bot.killedAt = Date.now();
    bot.child.kill('SIGKILL');
    await bot.exited;
  }

  /** Waits (real time, bounded) until the process logged a line matching `test`. */
  async waitForLine(bot: BotProcess, test: (line: BotLogLine) => boolean, ms = 20_000): Promise<BotLogLine> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = bot.lines.find(test);
      if (found) return found;
      if (bot.child.exitCode !== null) throw new Error(`${bot.name} exited (${bot.child.exitCode}):\n${bot.lines.map((l) => JSON.stringify(l)).join('\n')}`);
      if (Date.now() > deadline) throw new Error(`${bot.name} never logged what was waited for:\n${bot.lines.slice(-30).map((l) => JSON.stringify(l)).join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Stops every process still running (SIGKILL: the database is dropped right after). */
  async stopAll(): Promise<void> {
    for (const bot of this.processes) {
      if (bot.child.exitCode === null && bot.child.signalCode === null) {
        bot.child.kill('SIGKILL');
        await bot.exited;
      }
    }
  }

  /**
   * Each poll lease hold as [from, to] per account and source, from the processes' own log lines: taken
   * at "poll lease taken", held until "poll lease released" or the process was killed.
   */
  leaseHolds(): { key: string; owner: string; from: number; to: number }[] {
    const holds: { key: string; owner: string; from: number; to: number }[] = [];
    for (const bot of this.processes) {
      const open = new Map<string, number>();
      for (const line of bot.lines) {
        const key = `${String(line.accountId)}|${String(line.source)}`;
        if (line.msg === 'poll lease taken') open.set(key, line.time);
        if (line.msg === 'poll lease released' && open.has(key)) {
          holds.push({ key, owner: bot.name, from: open.get(key)!, to: line.time });
          open.delete(key);
        }
      }
      for (const [key, from] of open) holds.push({ key, owner: bot.name, from, to: bot.killedAt ?? Date.now() });
    }
    return holds;
  }
}
