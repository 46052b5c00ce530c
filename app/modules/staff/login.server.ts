import type { Database } from "~/db.server";
import { LoginLimiter, databaseCounters, type AttemptOutcome } from "./login-limiter.server";
import { HashingBusy, verifyPassword } from "./passwords.server";

/** Checked for unknown addresses too, so the answer time does not tell which accounts exist. */
const DUMMY_HASH = "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

export type LoginOutcome =
  { ok: true; userId: string } | { ok: false; reason: "invalid" } | { ok: false; reason: "rate_limited" | "busy"; retryAfterSeconds: number };

/**
 * Checks a sign-in. Failed attempts are throttled per account and address and per address
 * (login-limiter.server.ts); the attempt is reserved before the password is hashed.
 */
export async function checkLogin(
  database: Database,
  email: string,
  password: string,
  client: string,
  now = Date.now(),
  // Counted in the database, so that every instance behind the proxy counts the same tries.
  limits: LoginLimiter = new LoginLimiter(databaseCounters(database)),
): Promise<LoginOutcome> {
  const account = email.trim().toLowerCase();
  const reservation = await limits.reserve(account, client, now);
  if (!reservation.ok) return { ok: false, reason: "rate_limited", retryAfterSeconds: Math.ceil(reservation.retryAfterMs / 1000) };
  let outcome: AttemptOutcome = "failed";
  try {
    const user = await database.read.staffUser.findUnique({ where: { email: account } });
    const valid = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !valid || user.disabledAt) return { ok: false, reason: "invalid" };
    outcome = "succeeded";
    return { ok: true, userId: user.id };
  } catch (error) {
    outcome = "unchecked";
    if (error instanceof HashingBusy) return { ok: false, reason: "busy", retryAfterSeconds: 5 };
    throw error;
  } finally {
    await reservation.release(outcome);
  }
}
