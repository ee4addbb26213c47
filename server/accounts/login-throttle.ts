/**
 * Counts failed logins per account and per address in a sliding window; past the limit the key is locked
 * until the window of its oldest counted failure passes. In memory: one server, and a restart forgetting
 * failures costs an attacker a restart they cannot cause.
 */
export type ThrottleOptions = {
  windowMs: number;
  maxPerAccount: number;
  maxPerAddress: number;
  lockMs: number;
  now?: () => number;
};

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSec: number; reason: 'account' | 'address' };

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  private readonly locks = new Map<string, number>();
  private readonly now: () => number;

  constructor(private readonly options: ThrottleOptions) {
    this.now = options.now ?? Date.now;
  }

  check(username: string, address: string): ThrottleVerdict {
    for (const [key, reason] of [[`a:${username.toLowerCase()}`, 'account'], [`ip:${address}`, 'address']] as const) {
      const until = this.locks.get(key);
      if (until !== undefined) {
        const left = until - this.now();
        if (left > 0) return { allowed: false, retryAfterSec: Math.ceil(left / 1000), reason };
        this.locks.delete(key);
        this.failures.delete(key);
      }
    }
    return { allowed: true };
  }

  recordFailure(username: string, address: string): void {
    this.bump(`a:${username.toLowerCase()}`, this.options.maxPerAccount);
    this.bump(`ip:${address}`, this.options.maxPerAddress);
  }

  recordSuccess(username: string): void {
    this.failures.delete(`a:${username.toLowerCase()}`);
  }

  /** An admin unlocks an account (also done on password reset). */
  unlockAccount(username: string): void {
    this.locks.delete(`a:${username.toLowerCase()}`);
    this.failures.delete(`a:${username.toLowerCase()}`);
  }

  isAccountLocked(username: string): boolean {
    const until = this.locks.get(`a:${username.toLowerCase()}`);
    return until !== undefined && until > this.now();
  }

  private bump(key: string, max: number): void {
    const now = this.now();
    const recent = (this.failures.get(key) ?? []).filter((t) => now - t < this.options.windowMs);
    recent.push(now);
    this.failures.set(key, recent);
    if (recent.length >= max) this.locks.set(key, now + this.options.lockMs);
    if (this.failures.size > 50_000) this.prune(now);
  }

  private prune(now: number): void {
    for (const [key, times] of this.failures) {
      if (times.every((t) => now - t >= this.options.windowMs)) this.failures.delete(key);
    }
  }
}
