import { DateTime } from "luxon";
import type { Database } from "~/db.server";
import { EVENT_TIME_ZONE } from "~/modules/i18n/format";
import { queueAttendeeMails } from "./queue.server";

/**
 * The reminder the day before: at the event's reminder time (Berlin) on the day before it starts, every
 * confirmed attendee gets their ticket and the day's programme. Each event is claimed once by a conditional
 * update of `reminderQueuedAt`, in the same transaction as its mails: two workers, or two server processes,
 * never send it twice, and a crash before the commit leaves it to the next round.
 */
export function reminderDueAt(event: { startsAt: Date; reminderTime: string | null }): Date | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(event.reminderTime ?? "");
  if (!match) return null;
  const dayBefore = DateTime.fromJSDate(event.startsAt, { zone: EVENT_TIME_ZONE }).minus({ days: 1 });
  return dayBefore.set({ hour: Number(match[1]), minute: Number(match[2]), second: 0, millisecond: 0 }).toJSDate();
}

/** Queues the reminders that are due; returns how many mails were queued. */
export async function queueDueReminders(database: Database, now = new Date()): Promise<number> {
  const candidates = await database.read.event.findMany({
    where: { reminderTime: { not: null }, reminderQueuedAt: null, startsAt: { gt: now, lte: new Date(now.getTime() + 2 * 86_400_000) } },
    select: { id: true, startsAt: true, reminderTime: true },
  });
  let queued = 0;
  for (const event of candidates) {
    const due = reminderDueAt(event);
    if (!due || due > now) continue;
    queued += await database.write.$transaction(async (tx) => {
      const claimed = await tx.event.updateMany({ where: { id: event.id, reminderQueuedAt: null }, data: { reminderQueuedAt: now } });
      if (claimed.count !== 1) return 0;
      const attendees = await tx.attendee.findMany({ where: { eventId: event.id, status: "confirmed" }, select: { id: true } });
      await queueAttendeeMails(
        tx,
        attendees.map((attendee) => ({ kind: "event_reminder" as const, attendeeId: attendee.id })),
        now,
      );
      return attendees.length;
    });
  }
  return queued;
}
