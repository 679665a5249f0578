/**
 * How many public-install code exchanges one instance makes per minute at most. RingCentral's Auth
 * group allows 5 requests a minute per app and punishes the next one with a 60 s penalty
 * (RINGCENTRAL.md §6); the exchange is made with the bot app's client credentials whatever code a
 * caller sends. Two a minute leave three for admin logins, refreshes and revokes when one app plays
 * both roles (a genuine install makes exactly one exchange).
 */
export const BOT_CODE_EXCHANGES_PER_MINUTE = 2;

/** A sliding one-minute window of spends that refuses (never waits) once it is full. */
export class CodeExchangeBudget {
  private spent: number[] = [];

  constructor(
    private readonly perMinute: number,
    private readonly now: () => Date,
  ) {}

  /** Spends one unit when the last minute has room, and says whether it did. */
  tryTake(): boolean {
    const at = this.now().getTime();
    this.spent = this.spent.filter((t) => at - t < 60_000);
    if (this.spent.length >= this.perMinute) return false;
    this.spent.push(at);
    return true;
  }

  /** Seconds until the oldest spend leaves the window (for Retry-After). */
  secondsUntilRoom(): number {
    const oldest = this.spent[0];
    if (oldest === undefined) return 0;
    return Math.max(1, Math.ceil((oldest + 60_000 - this.now().getTime()) / 1000));
  }
}
