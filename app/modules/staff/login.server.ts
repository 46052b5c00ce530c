import type { Database } from "~/db.server";
import { verifyPassword } from "./passwords.server";

/**
 * Checks a login. Failed attempts are limited per address and per client: after 5 failures within 15
 * minutes further attempts are refused until the window has passed, whatever the password.
 */
const WINDOW_MS = 15 * 60_000;
const MAX_FAILURES = 5;
const failures = new Map<string, number[]>();

function recentFailures(key: string, now: number) {
  const recent = (failures.get(key) ?? []).filter((at) => now - at < WINDOW_MS);
  failures.set(key, recent);
  return recent;
}

export type LoginOutcome = { ok: true; userId: string } | { ok: false; reason: "invalid" | "rate_limited" };

export async function checkLogin(database: Database, email: string, password: string, client: string, now = Date.now()): Promise<LoginOutcome> {
  const keys = [`email:${email.toLowerCase()}`, `client:${client}`];
  if (keys.some((key) => recentFailures(key, now).length >= MAX_FAILURES)) return { ok: false, reason: "rate_limited" };
  const user = await database.read.staffUser.findUnique({ where: { email: email.toLowerCase() } });
  // Verify even for unknown users, so the answer time does not tell which addresses exist.
  const valid = await verifyPassword(password, user?.passwordHash ?? "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
  if (!user || !valid || user.disabledAt) {
    for (const key of keys) recentFailures(key, now).push(now);
    return { ok: false, reason: "invalid" };
  }
  return { ok: true, userId: user.id };
}
