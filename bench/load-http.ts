import http from 'node:http';

/** Throughput and latency of one load run. */
export interface LoadResult {
  requests: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Answers other than `expectStatus`. */
  unexpected: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * POSTs `body` to `url` from `connections` keep-alive connections, each sending its next request
 * when the previous one is answered, for `durationMs`. A function `body` is called with the request's
 * number (0, 1, 2… across all connections), for loads where each request must differ (a notification's uuid).
 * With `ratePerSecond` the requests keep to that rate, spread evenly over the connections' turns.
 */
export async function loadHttp(input: {
  url: string;
  body: string | ((n: number) => string);
  headers: Record<string, string>;
  connections: number;
  durationMs: number;
  expectStatus: number;
  /** At most this many requests a second in all, spread evenly (request n not before start + n / rate); unset: as fast as answered. */
  ratePerSecond?: number;
}): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: input.connections });
  const target = new URL(input.url);
  const latencies: number[] = [];
  let unexpected = 0;
  const started = process.hrtime.bigint();
  const deadline = Date.now() + input.durationMs;
  const bodyOf = input.body;
  let sent = 0;
  let slots = 0;
  const startedMs = Date.now();
  /** Waits for the next request's turn when a rate is set. */
  const turn = async () => {
    if (!input.ratePerSecond) return;
    const due = startedMs + (slots++ * 1000) / input.ratePerSecond;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  };
  const one = () =>
    new Promise<void>((resolve) => {
      const body = typeof bodyOf === 'string' ? bodyOf : bodyOf(sent++);
      const t0 = process.hrtime.bigint();
      const req = http.request(
        { agent, method: 'POST', hostname: target.hostname, port: target.port, path: target.pathname, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), ...input.headers } },
        (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
            if (res.statusCode !== input.expectStatus) unexpected += 1;
            resolve();
          });
        },
      );
      req.on('error', () => {
        unexpected += 1;
        resolve();
      });
      req.end(body);
    });
  await Promise.all(
    Array.from({ length: input.connections }, async () => {
      for (;;) {
        await turn();
        if (Date.now() >= deadline) break;
        await one();
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  const sorted = [...latencies].sort((a, b) => a - b);
  return { requests: latencies.length, perSecond: latencies.length / seconds, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99), unexpected };
}
