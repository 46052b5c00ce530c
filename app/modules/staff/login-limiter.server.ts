/**
 * Throttling of failed sign-ins (OWASP ASVS 5.0 V6.3), kept in memory with a bounded number of entries.
 *
 * Two counters, so that nobody can lock a person out from elsewhere:
 * - per account *and* address: a few tries, then a growing wait (30 s, 1 min, 2 min, … up to 15 min).
 *   Guessing someone's password from one address stops here; the person signing in from their own
 *   address is not affected.
 * - per address, over all accounts: more tries (one office shares one address), then the same growing
 *   wait. Stops one address from trying many accounts.
 * An attempt is *reserved* before the password is checked and forgiven after a success, so parallel
 * requests cannot all slip past the limit while their passwords are being hashed.
 */
export type LimiterOptions = {
  /** Failures allowed per account and address before the wait begins. */
  perAccountAndAddress: number;
  /** Failures allowed per address (all accounts) before the wait begins. */
  perAddress: number;
  firstWaitMs: number;
  maxWaitMs: number;
  /** Failures older than this are forgotten. */
  windowMs: number;
  /** Entries kept at most; the least recently used go first. */
  maxEntries: number;
};

export const DEFAULT_LIMITS: LimiterOptions = {
  perAccountAndAddress: 5,
  perAddress: 30,
  firstWaitMs: 30_000,
  maxWaitMs: 15 * 60_000,
  windowMs: 15 * 60_000,
  maxEntries: 10_000,
};

type Counter = { failures: number; lastAt: number };
/** How a reserved attempt ended: the right password, a wrong one, or not checked at all (server busy). */
export type AttemptOutcome = "succeeded" | "failed" | "unchecked";
export type Reservation = { ok: true; release(outcome: AttemptOutcome): void } | { ok: false; retryAfterMs: number };

export class LoginLimiter {
  private readonly counters = new Map<string, Counter>();

  constructor(private readonly options: LimiterOptions = DEFAULT_LIMITS) {}

  /** Counts an attempt as failed before it is checked; `release` takes it back unless it failed. */
  reserve(account: string, address: string, now = Date.now()): Reservation {
    const keys = [
      { key: `account:${account}\u0000${address}`, allowed: this.options.perAccountAndAddress },
      { key: `address:${address}`, allowed: this.options.perAddress },
    ];
    const counters = keys.map(({ key }) => this.current(key, now));
    const wait = Math.max(...keys.map(({ allowed }, index) => this.waitMs(counters[index]!, allowed, now)));
    if (wait > 0) return { ok: false, retryAfterMs: wait };
    keys.forEach(({ key }, index) => this.store(key, { failures: counters[index]!.failures + 1, lastAt: now }));
    return {
      ok: true,
      release: (outcome) => {
        if (outcome === "failed") return;
        // The right password: this account may sign in from here again at once. Either way the try is given back.
        if (outcome === "succeeded") this.counters.delete(keys[0]!.key);
        for (const { key } of keys) {
          const counter = this.counters.get(key);
          if (counter) counter.failures = Math.max(0, counter.failures - 1);
        }
      },
    };
  }

  get size() {
    return this.counters.size;
  }

  private current(key: string, now: number): Counter {
    const counter = this.counters.get(key);
    if (!counter || now - counter.lastAt > this.options.windowMs) return { failures: 0, lastAt: now };
    return counter;
  }

  private waitMs(counter: Counter, allowed: number, now: number): number {
    if (counter.failures < allowed) return 0;
    const wait = Math.min(this.options.maxWaitMs, this.options.firstWaitMs * 2 ** (counter.failures - allowed));
    return Math.max(0, counter.lastAt + wait - now);
  }

  private store(key: string, counter: Counter) {
    // Re-inserting moves the key to the end: the Map's order is least recently used first.
    this.counters.delete(key);
    this.counters.set(key, counter);
    while (this.counters.size > this.options.maxEntries) this.counters.delete(this.counters.keys().next().value!);
  }
}
