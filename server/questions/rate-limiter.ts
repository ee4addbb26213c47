/** One limit: at most `max` events within `windowMs`. */
export type RateRule = { windowMs: number; max: number };

export type RateDecision = { ok: true } | { ok: false; retryAfterSec: number };

/**
 * Sliding-window counters in memory, per key (a browser, an address). One server process holds them all;
 * a restart forgets them, which costs an abuser nothing they could not get by waiting. `take` checks every
 * key first and counts on all of them only when all allow it, so a refused request uses up nothing.
 */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();
  private readonly longestMs: number;
  private takes = 0;

  constructor(
    private readonly rules: Readonly<Record<string, readonly RateRule[]>>,
    private readonly now: () => number = Date.now,
  ) {
    this.longestMs = Math.max(0, ...Object.values(rules).flat().map((r) => r.windowMs));
  }

  /** `keys` maps a rule set name (as given to the constructor) to the key counted under it. */
  take(keys: Readonly<Record<string, string>>): RateDecision {
    const now = this.now();
    let retryAfterMs = 0;
    for (const [ruleSet, key] of Object.entries(keys)) {
      const times = this.live(`${ruleSet}:${key}`, now);
      for (const rule of this.rules[ruleSet] ?? []) {
        const inWindow = times.filter((t) => t > now - rule.windowMs);
        if (inWindow.length >= rule.max) retryAfterMs = Math.max(retryAfterMs, inWindow[inWindow.length - rule.max]! + rule.windowMs - now);
      }
    }
    if (retryAfterMs > 0) return { ok: false, retryAfterSec: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
    for (const [ruleSet, key] of Object.entries(keys)) {
      const id = `${ruleSet}:${key}`;
      const times = this.live(id, now);
      times.push(now);
      this.hits.set(id, times);
    }
    if (++this.takes % 1000 === 0) this.sweep(now);
    return { ok: true };
  }

  get size(): number {
    return this.hits.size;
  }

  private live(id: string, now: number): number[] {
    const times = this.hits.get(id) ?? [];
    while (times.length && times[0]! <= now - this.longestMs) times.shift();
    return times;
  }

  /** Forgets keys with nothing left in any window, so memory follows the recent traffic. */
  private sweep(now: number): void {
    for (const [id, times] of this.hits) {
      if (!times.length || times[times.length - 1]! <= now - this.longestMs) this.hits.delete(id);
    }
  }
}
