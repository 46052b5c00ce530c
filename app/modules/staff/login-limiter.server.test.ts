import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS, LoginLimiter } from "./login-limiter.server";

const fail = (limiter: LoginLimiter, account: string, address: string, now: number) => {
  const reservation = limiter.reserve(account, address, now);
  if (reservation.ok) reservation.release("failed");
  return reservation.ok;
};

describe("the sign-in limiter", () => {
  it("throttles one account from one address with a growing wait, not a fixed lockout", () => {
    const limiter = new LoginLimiter();
    const start = 1_000_000;
    for (let i = 0; i < 5; i++) expect(fail(limiter, "orga", "203.0.113.9", start)).toBe(true);
    expect(limiter.reserve("orga", "203.0.113.9", start + 1_000)).toEqual({ ok: false, retryAfterMs: 29_000 });
    // After 30 s one more try; failing it doubles the wait.
    expect(fail(limiter, "orga", "203.0.113.9", start + 30_000)).toBe(true);
    expect(limiter.reserve("orga", "203.0.113.9", start + 30_000 + 59_000).ok).toBe(false);
    expect(limiter.reserve("orga", "203.0.113.9", start + 30_000 + 60_000).ok).toBe(true);
  });

  it("does not let an attacker lock the real person out from another address", () => {
    const limiter = new LoginLimiter();
    for (let i = 0; i < 50; i++) fail(limiter, "orga", "198.51.100.66", 1_000);
    expect(limiter.reserve("orga", "198.51.100.66", 2_000).ok).toBe(false);
    expect(limiter.reserve("orga", "192.0.2.10", 2_000).ok).toBe(true);
  });

  it("limits one address trying many accounts", () => {
    const limiter = new LoginLimiter();
    for (let i = 0; i < DEFAULT_LIMITS.perAddress; i++) expect(fail(limiter, `account-${i}`, "198.51.100.7", 1_000)).toBe(true);
    expect(limiter.reserve("someone-else", "198.51.100.7", 1_000).ok).toBe(false);
  });

  it("forgives the failures of an account after the right password, and gives back unchecked tries", () => {
    const limiter = new LoginLimiter();
    for (let i = 0; i < 4; i++) fail(limiter, "orga", "192.0.2.1", 1_000);
    const right = limiter.reserve("orga", "192.0.2.1", 1_000);
    expect(right.ok).toBe(true);
    if (right.ok) right.release("succeeded");
    for (let i = 0; i < 5; i++) expect(fail(limiter, "orga", "192.0.2.1", 2_000)).toBe(true);

    const busy = new LoginLimiter();
    for (let i = 0; i < 20; i++) {
      const reservation = busy.reserve("orga", "192.0.2.2", 1_000);
      expect(reservation.ok).toBe(true);
      if (reservation.ok) reservation.release("unchecked");
    }
  });

  it("keeps a bounded number of entries however many addresses try", () => {
    const limiter = new LoginLimiter({ ...DEFAULT_LIMITS, maxEntries: 100 });
    for (let i = 0; i < 5_000; i++) fail(limiter, "orga", `10.0.${i >> 8}.${i & 255}`, 1_000);
    expect(limiter.size).toBeLessThanOrEqual(100);
  });
});
