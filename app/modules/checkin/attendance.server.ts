import type { Database } from "~/db.server";
import { Prisma } from "~/generated/prisma/client";

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

/** Which of these attendees are checked in: one plain query, for the exports' batches. */
export async function checkedInAmong(database: Database, attendeeIds: string[]): Promise<Set<string>> {
  if (attendeeIds.length === 0) return new Set();
  const rows = await database.read.$queryRaw<{ attendeeId: string }[]>`
    SELECT c."attendeeId" FROM "CheckIn" c JOIN "CheckInList" l ON l."id" = c."checkInListId"
    WHERE c."activeKey" IS NOT NULL AND l."programmeItemId" IS NULL AND c."attendeeId" IN (${Prisma.join(attendeeIds)})`;
  return new Set(rows.map((row) => row.attendeeId));
}

/** Every checked-in attendee of an event. */
export async function checkedInOfEvent(database: Database, eventId: string): Promise<Set<string>> {
  const rows = await database.read.checkIn.findMany({
    where: { ...ACTIVE_ENTRANCE_CHECK_IN, checkInList: { ...ACTIVE_ENTRANCE_CHECK_IN.checkInList, eventId } },
    select: { attendeeId: true },
  });
  return new Set(rows.flatMap((row) => (row.attendeeId ? [row.attendeeId] : [])));
}
