import type { Database } from "~/db.server";
import { expireOffers } from "~/modules/capacity/offers.server";
import { queueDueReminders } from "~/modules/mail/reminders.server";
import { pruneAudit } from "~/modules/audit/log.server";
import { anonymiseDue } from "~/modules/privacy/anonymise.server";
import { sweepCheckouts } from "~/modules/payments/checkout.server";
import { pruneLoginThrottle } from "~/modules/staff/login-limiter.server";

/**
 * The attendee journey's timed work, beside the requests in the server process: closing waiting-list offers
 * whose deadline passed (the seat moves on without anyone's action) and queueing the reminders of the day
 * before; and every six hours (so at least daily) the retention job: events past their retention period are
 * anonymised, old invoice data and old audit entries removed. Each step claims its rows by conditional updates,
 * so running it twice at once does each job once.
 */
const RETENTION_EVERY_MS = 6 * 3_600_000;
export type JourneyWorker = { stop(): Promise<void>; runOnce(now?: Date): Promise<{ expired: number; reminders: number }> };

export function startJourneyWorker(database: Database, options: { intervalMs?: number } = {}): JourneyWorker {
  const intervalMs = options.intervalMs ?? 30_000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let retentionRanAt = 0;

  const runOnce = async (now = new Date()) => {
    let expired = 0;
    // Offers in rounds of 100 until none is due: a long outage's backlog is cleared in one go.
    for (let round = 0; round < 100 && !stopped; round++) {
      const closed = await expireOffers(database, now, 100);
      expired += closed;
      if (closed < 100) break;
    }
    const reminders = await queueDueReminders(database, now);
    // Sign-in counters past the limiter's window: the table keeps only the last minutes' failed tries.
    await pruneLoginThrottle(database, now);
    // Checkouts past their expiry whose Stripe event did not arrive, and online refunds that failed before.
    const checkouts = await sweepCheckouts(database, now);
    if (expired > 0 || reminders > 0 || checkouts.settled > 0)
      console.log(`journey worker: ${expired} offers expired, ${reminders} reminders queued, ${checkouts.settled} overdue checkouts settled`);
    if (now.getTime() - retentionRanAt >= RETENTION_EVERY_MS) {
      retentionRanAt = now.getTime();
      const retention = await anonymiseDue(database, now);
      const pruned = await pruneAudit(database, now);
      // Numbers only: no personal data reaches the log.
      console.log(
        `retention job: ${retention.events} events (${retention.attendees} attendees) anonymised, ${retention.invoices} registrations past the invoice period anonymised, ${pruned} audit entries pruned`,
      );
    }
    return { expired, reminders };
  };

  const tick = () => {
    running = runOnce()
      .catch((error: unknown) => console.error("journey worker:", error))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  timer = setTimeout(tick, 1_000);
  return {
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
