import type { Database } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";

/**
 * What "checked in" means wherever a person is called checked in (the attendee list, its filter, every
 * export, the funding report's attendance): admitted at an entrance, i.e. holding an active valid
 * check-in on a list of the event that is not a workshop's or bus's own list. A bus or workshop list's
 * check-ins are that item's attendance and count there (its list and progress), not as "at the congress".
 */
export const ACTIVE_ENTRANCE_CHECK_IN = {
  activeKey: { not: null },
  checkInList: { programmeItemId: null },
} satisfies Prisma.CheckInWhereInput;

/** Attendees who are (or are not) checked in, as a Prisma filter. */
export function checkedInFilter(checkedIn: boolean): Prisma.AttendeeWhereInput {
  return checkedIn ? { checkIns: { some: ACTIVE_ENTRANCE_CHECK_IN } } : { checkIns: { none: ACTIVE_ENTRANCE_CHECK_IN } };
}

/** Which of these attendees are checked in (one query per export batch). */
export async function checkedInAmong(database: Database, attendeeIds: string[]): Promise<Set<string>> {
  return attendeeIds.length === 0 ? new Set() : checkedInWhere(database, { attendeeId: { in: attendeeIds } });
}

/** Every checked-in attendee of an event. */
export function checkedInOfEvent(database: Database, eventId: string): Promise<Set<string>> {
  return checkedInWhere(database, { checkInList: { eventId } });
}

async function checkedInWhere(database: Database, where: Prisma.CheckInWhereInput): Promise<Set<string>> {
  const rows = await database.read.checkIn.findMany({ where: { AND: [ACTIVE_ENTRANCE_CHECK_IN, where] }, select: { attendeeId: true } });
  return new Set(rows.flatMap((row) => (row.attendeeId ? [row.attendeeId] : [])));
}
