import { createHash } from "node:crypto";
import type { Database } from "~/db.server";
import { Prisma } from "~/generated/prisma/client";

/**
 * Throttling of failed sign-ins (OWASP ASVS 5.0 V6.3).
 *
 * Two counters, so that nobody can lock a person out from elsewhere:
 * - per account *and* address: a few tries, then a growing wait (30 s, 1 min, 2 min, … up to 15 min).
 *   Guessing someone's password from one address stops here; the person signing in from their own
 *   address is not affected.
 * - per address, over all accounts: more tries (one office shares one address), then the same growing
 *   wait. Stops one address from trying many accounts.
 * An attempt is *reserved* before the password is checked and forgiven after a success, so parallel
 * requests cannot all slip past the limit while their passwords are being hashed.
 *
 * The counters live in a store: the database (`databaseCounters`), so that several instances behind one proxy
 * count the same tries, or memory (`memoryCounters`, for tests of the rules).
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
  /** Entries kept at most (memory); the least recently used go first. */
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

export type Counter = { failures: number; lastAt: number };

/**
 * Where counters are kept. `change` reads the keys' counters, lets `decide` say what they become (a counter, or
 * null to forget it; no `next` at all leaves them as they are) and writes that, as one step that no other
 * `change` of the same keys can interleave with, in this process or another.
 */
export interface CounterStore {
  change<T>(keys: string[], decide: (current: (Counter | undefined)[]) => { next?: (Counter | null)[]; result: T }): Promise<T>;
}

/** How a reserved attempt ended: the right password, a wrong one, or not checked at all (server busy). */
export type AttemptOutcome = "succeeded" | "failed" | "unchecked";
export type Reservation = { ok: true; release(outcome: AttemptOutcome): Promise<void> } | { ok: false; retryAfterMs: number };

export class LoginLimiter {
  constructor(
    private readonly store: CounterStore,
    private readonly options: LimiterOptions = DEFAULT_LIMITS,
  ) {}

  /** Counts an attempt as failed before it is checked; `release` takes it back unless it failed. */
  async reserve(account: string, address: string, now = Date.now()): Promise<Reservation> {
    const limits = [
      { key: `account:${account}\u0000${address}`, allowed: this.options.perAccountAndAddress },
      { key: `address:${address}`, allowed: this.options.perAddress },
    ];
    const keys = limits.map((limit) => limit.key);
    const allowed = await this.store.change(keys, (stored) => {
      const counters = stored.map((counter) => this.current(counter, now));
      const wait = Math.max(...limits.map((limit, index) => this.waitMs(counters[index]!, limit.allowed, now)));
      if (wait > 0) return { result: wait };
      return { next: counters.map((counter) => ({ failures: counter.failures + 1, lastAt: now })), result: 0 };
    });
    if (allowed > 0) return { ok: false, retryAfterMs: allowed };
    return {
      ok: true,
      release: async (outcome) => {
        if (outcome === "failed") return;
        // The right password: this account may sign in from here again at once. Either way the try is given back.
        await this.store.change(keys, (stored) => ({
          next: stored.map((counter, index) =>
            (outcome === "succeeded" && index === 0) || !counter ? null : { ...counter, failures: Math.max(0, counter.failures - 1) },
          ),
          result: undefined,
        }));
      },
    };
  }

  private current(counter: Counter | undefined, now: number): Counter {
    if (!counter || now - counter.lastAt > this.options.windowMs) return { failures: 0, lastAt: now };
    return counter;
  }

  private waitMs(counter: Counter, allowed: number, now: number): number {
    if (counter.failures < allowed) return 0;
    const wait = Math.min(this.options.maxWaitMs, this.options.firstWaitMs * 2 ** (counter.failures - allowed));
    return Math.max(0, counter.lastAt + wait - now);
  }
}

/** Counters in a Map, bounded to `maxEntries` (least recently used go first). One process only. */
export function memoryCounters(maxEntries = DEFAULT_LIMITS.maxEntries): CounterStore & { readonly size: number } {
  const counters = new Map<string, Counter>();
  return {
    get size() {
      return counters.size;
    },
    async change(keys, decide) {
      const { next, result } = decide(keys.map((key) => counters.get(key)));
      next?.forEach((counter, index) => {
        const key = keys[index]!;
        // Re-inserting moves the key to the end: the Map's order is least recently used first.
        counters.delete(key);
        if (counter) counters.set(key, counter);
      });
      while (counters.size > maxEntries) counters.delete(counters.keys().next().value!);
      return result;
    },
  };
}

/** Neither account nor address is stored: the row's key is a hash of them. */
const hashed = (key: string) => createHash("sha256").update(key).digest("base64url");

/**
 * Counters in the LoginThrottle table. SQLite runs one write transaction at a time; on PostgreSQL a transaction
 * lock per key (taken in key order, so two reservations cannot deadlock) makes the read and the write one step.
 */
export function databaseCounters(database: Database): CounterStore {
  return {
    change: (keys, decide) =>
      database.write.$transaction(async (tx) => {
        const ids = keys.map(hashed);
        if (database.dialect === "postgresql") {
          for (const id of [...ids].sort()) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${id}, 0))`;
        } else {
          // A write first, even one that changes nothing: it takes SQLite's write lock before the read, so a second
          // process on the file waits here instead of deadlocking when both would turn their reads into writes.
          await tx.$executeRaw`UPDATE "LoginThrottle" SET "failures" = "failures" WHERE "key" IN (${Prisma.join(ids)})`;
        }
        const rows = await tx.loginThrottle.findMany({ where: { key: { in: ids } } });
        const { next, result } = decide(
          ids.map((id) => rows.find((row) => row.key === id)).map((row) => row && { failures: row.failures, lastAt: row.lastAt.getTime() }),
        );
        for (const [index, counter] of (next ?? []).entries()) {
          const key = ids[index]!;
          if (!counter) await tx.loginThrottle.deleteMany({ where: { key } });
          else {
            const values = { failures: counter.failures, lastAt: new Date(counter.lastAt) };
            await tx.loginThrottle.upsert({ where: { key }, create: { key, ...values }, update: values });
          }
        }
        return result;
      }),
  };
}

/** Forgets counters older than the window (the journey worker calls it): the table holds only the last minutes' tries. */
export async function pruneLoginThrottle(database: Database, now = new Date(), windowMs = DEFAULT_LIMITS.windowMs): Promise<number> {
  const { count } = await database.write.$transaction((tx) => tx.loginThrottle.deleteMany({ where: { lastAt: { lt: new Date(now.getTime() - windowMs) } } }));
  return count;
}
