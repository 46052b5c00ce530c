import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS, LoginLimiter, memoryCounters } from "./login-limiter.server";

// The rules, on counters in memory; tests/integration/staff-access.test.ts runs them on the database's counters.
const fail = async (limiter: LoginLimiter, account: string, address: string, now: number) => {
  const reservation = await limiter.reserve(account, address, now);
  if (reservation.ok) await reservation.release("failed");
  return reservation.ok;
};
const newLimiter = () => new LoginLimiter(memoryCounters());

describe("the sign-in limiter", () => {
  it("throttles one account from one address with a growing wait, not a fixed lockout", async () => {
    const limiter = newLimiter();
    const start = 1_000_000;
    for (let i = 0; i < 5; i++) expect(await fail(limiter, "orga", "203.0.113.9", start)).toBe(true);
    expect(await limiter.reserve("orga", "203.0.113.9", start + 1_000)).toEqual({ ok: false, retryAfterMs: 29_000 });
    // After 30 s one more try; failing it doubles the wait.
    expect(await fail(limiter, "orga", "203.0.113.9", start + 30_000)).toBe(true);
    expect((await limiter.reserve("orga", "203.0.113.9", start + 30_000 + 59_000)).ok).toBe(false);
    expect((await limiter.reserve("orga", "203.0.113.9", start + 30_000 + 60_000)).ok).toBe(true);
  });

  it("does not let an attacker lock the real person out from another address", async () => {
    const limiter = newLimiter();
    for (let i = 0; i < 50; i++) await fail(limiter, "orga", "198.51.100.66", 1_000);
    expect((await limiter.reserve("orga", "198.51.100.66", 2_000)).ok).toBe(false);
    expect((await limiter.reserve("orga", "192.0.2.10", 2_000)).ok).toBe(true);
  });

  it("limits one address trying many accounts", async () => {
    const limiter = newLimiter();
    for (let i = 0; i < DEFAULT_LIMITS.perAddress; i++) expect(await fail(limiter, `account-${i}`, "198.51.100.7", 1_000)).toBe(true);
    expect((await limiter.reserve("someone-else", "198.51.100.7", 1_000)).ok).toBe(false);
  });

  it("forgives the failures of an account after the right password, and gives back unchecked tries", async () => {
    const limiter = newLimiter();
    for (let i = 0; i < 4; i++) await fail(limiter, "orga", "192.0.2.1", 1_000);
    const right = await limiter.reserve("orga", "192.0.2.1", 1_000);
    expect(right.ok).toBe(true);
    if (right.ok) await right.release("succeeded");
    for (let i = 0; i < 5; i++) expect(await fail(limiter, "orga", "192.0.2.1", 2_000)).toBe(true);

    const busy = newLimiter();
    for (let i = 0; i < 20; i++) {
      const reservation = await busy.reserve("orga", "192.0.2.2", 1_000);
      expect(reservation.ok).toBe(true);
      if (reservation.ok) await reservation.release("unchecked");
    }
  });

  it("keeps a bounded number of entries however many addresses try", async () => {
    const counters = memoryCounters(100);
    const limiter = new LoginLimiter(counters);
    for (let i = 0; i < 5_000; i++) await fail(limiter, "orga", `10.0.${i >> 8}.${i & 255}`, 1_000);
    expect(counters.size).toBeLessThanOrEqual(100);
  });
});
