import type { Failure, FailureMatch } from './sim-types';

interface NextRule {
  match: FailureMatch;
  failure: Failure;
  remaining: number;
}

interface RateRule {
  match: FailureMatch;
  rate: number;
  failures: Failure[];
  random: () => number;
}

/** Decides which requests get an injected failure instead of a normal answer. */
export class FailureInjector {
  private next: NextRule[] = [];
  private rates: RateRule[] = [];

  failNext(match: FailureMatch, failure: Failure, count = 1): void {
    this.next.push({ match, failure, remaining: count });
  }

  failRate(match: FailureMatch, rate: number, failures: Failure[], random: () => number = Math.random): void {
    if (failures.length === 0) throw new Error('failRate needs at least one failure');
    this.rates.push({ match, rate, failures, random });
  }

  clear(): void {
    this.next = [];
    this.rates = [];
  }

  /** The failure for this request, if any (consumes one failNext use). `template` is the spec path template when known. */
  take(method: string, path: string, template: string | undefined): Failure | undefined {
    const index = this.next.findIndex((rule) => matches(rule.match, method, path, template));
    const rule = index >= 0 ? this.next[index] : undefined;
    if (rule !== undefined) {
      rule.remaining -= 1;
      if (rule.remaining <= 0) this.next.splice(index, 1);
      return rule.failure;
    }
    for (const rateRule of this.rates) {
      if (!matches(rateRule.match, method, path, template)) continue;
      if (rateRule.random() < rateRule.rate) {
        return rateRule.failures[Math.floor(rateRule.random() * rateRule.failures.length)] ?? rateRule.failures[0];
      }
    }
    return undefined;
  }
}

function matches(match: FailureMatch, method: string, path: string, template: string | undefined): boolean {
  if (match.method !== undefined && match.method.toUpperCase() !== method.toUpperCase()) return false;
  if (match.path instanceof RegExp) return match.path.test(path);
  if (match.path === path || match.path === template) return true;
  // a template with {params} also matches concrete paths (and `~`)
  const source = match.path
    .split(/(\{[^}]+\})/)
    .map((part) => (/^\{[^}]+\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`).test(path);
}
