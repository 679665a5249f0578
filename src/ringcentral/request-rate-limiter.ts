/**
 * Keeps our own calls under a per-user budget (RingCentral's Heavy group allows 10 a minute), so we
 * wait before the API has to answer 429. A sliding 60-second window per key.
 */
const SAFETY_MARGIN_MS = 1_000;

export class RequestRateLimiter {
  private readonly calls = new Map<string, number[]>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => Date,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  /** Resolves when one more call for `key` fits in the window, and counts it. */
  async take(key: string): Promise<void> {
    for (;;) {
      const now = this.now().getTime();
      const recent = (this.calls.get(key) ?? []).filter((t) => now - t < 60_000);
      if (recent.length < this.perMinute) {
        recent.push(now);
        this.calls.set(key, recent);
        return;
      }
      this.calls.set(key, recent);
      // A second of margin: RingCentral counts a call when it arrives, a little after we send it.
      await this.sleep(60_000 - (now - (recent[0] ?? now)) + SAFETY_MARGIN_MS);
    }
  }
}
