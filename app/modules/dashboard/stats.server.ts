import { DateTime } from "luxon";
import type { Database } from "~/db.server";
import { listCheckInLists } from "~/modules/checkin/lists.server";

/**
 * The numbers on the organisers' dashboard for one event: registrations in total and per day, by ticket
 * type and field of action, how full each workshop and bus is with its waiting list, and check-in
 * progress per list. Counts come from the database's grouping; days are Berlin days.
 */
export async function eventDashboard(database: Database, eventId: string) {
  const db = database.read;
  const [byStatus, byTicketType, ticketTypes, items, waiting, registeredAt, bookingsByItem, fields, checkInLists, needs] = await Promise.all([
    db.attendee.groupBy({ by: ["status"], where: { eventId }, _count: { _all: true } }),
    db.attendee.groupBy({ by: ["ticketTypeId"], where: { eventId, status: { not: "cancelled" } }, _count: { _all: true } }),
    db.ticketType.findMany({
      where: { eventId },
      orderBy: { sortOrder: "asc" },
      select: { id: true, nameDe: true, nameEn: true, capacity: true, confirmedCount: true },
    }),
    db.programmeItem.findMany({
      where: { eventId, kind: { in: ["workshop", "site_visit"] } },
      orderBy: [{ startsAt: "asc" }, { sortOrder: "asc" }],
      select: { id: true, titleDe: true, titleEn: true, kind: true, capacity: true, confirmedCount: true, fieldOfActionId: true },
    }),
    db.waitingListEntry.groupBy({ by: ["programmeItemId"], where: { eventId, status: "waiting", programmeItemId: { not: null } }, _count: { _all: true } }),
    db.attendee.findMany({ where: { eventId, status: { not: "cancelled" } }, select: { createdAt: true } }),
    db.booking.groupBy({ by: ["programmeItemId"], where: { programmeItem: { eventId } }, _count: { _all: true } }),
    db.fieldOfAction.findMany({ where: { eventId }, orderBy: { position: "asc" }, select: { id: true, nameDe: true, nameEn: true } }),
    listCheckInLists(database, eventId),
    db.attendee.findMany({
      where: { eventId, status: { not: "cancelled" }, OR: [{ dietaryNeeds: { not: null } }, { accessibilityNeeds: { not: null } }] },
      select: { dietaryNeeds: true, accessibilityNeeds: true },
    }),
  ]);

  const countOf = <K extends string>(rows: ({ _count: { _all: number } } & Record<K, string | null>)[], key: K, id: string) =>
    rows.find((row) => row[key] === id)?._count._all ?? 0;
  const statusCount = (status: string) => byStatus.find((row) => row.status === status)?._count._all ?? 0;

  return {
    attendees: {
      confirmed: statusCount("confirmed"),
      waitlisted: statusCount("waitlisted"),
      pendingApproval: statusCount("pending_approval"),
      // Seats held for an open online payment (confirmed once paid, released when the checkout expires).
      awaitingPayment: statusCount("awaiting_payment"),
      cancelled: statusCount("cancelled"),
    },
    registrationsPerDay: perBerlinDay(registeredAt.map((row) => row.createdAt)),
    ticketTypes: ticketTypes.map((type) => ({ ...type, attendees: countOf(byTicketType, "ticketTypeId", type.id) })),
    fieldsOfAction: fields.map((field) => ({
      ...field,
      bookings: items.filter((item) => item.fieldOfActionId === field.id).reduce((sum, item) => sum + countOf(bookingsByItem, "programmeItemId", item.id), 0),
    })),
    items: items.map((item) => ({ ...item, waiting: countOf(waiting, "programmeItemId", item.id) })),
    checkInLists,
    needs: { dietary: tally(needs.map((row) => row.dietaryNeeds)), accessibility: tally(needs.map((row) => row.accessibilityNeeds)) },
  };
}

/**
 * For catering and the venue: how many people named a need, and the answers most often given (free text,
 * compared without case and surrounding spaces), so "vegetarisch" and "Vegetarisch " count together.
 */
export function tally(answers: (string | null)[], top = 6): { people: number; answers: { text: string; count: number }[] } {
  const counts = new Map<string, { text: string; count: number }>();
  let people = 0;
  for (const answer of answers) {
    const text = answer?.trim();
    if (!text) continue;
    people += 1;
    const key = text.toLocaleLowerCase("de").replace(/\s+/g, " ");
    const entry = counts.get(key) ?? { text, count: 0 };
    entry.count += 1;
    counts.set(key, entry);
  }
  const answersByCount = [...counts.values()].sort((a, b) => b.count - a.count || a.text.localeCompare(b.text, "de"));
  return { people, answers: answersByCount.slice(0, top) };
}

/** Registrations per Berlin calendar day, every day from the first to the last included (zero days too). */
export function perBerlinDay(dates: Date[]): { day: string; count: number; total: number }[] {
  if (dates.length === 0) return [];
  const counts = new Map<string, number>();
  for (const date of dates) {
    const day = DateTime.fromJSDate(date, { zone: "Europe/Berlin" }).toISODate()!;
    counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  const days = [...counts.keys()].sort();
  const result: { day: string; count: number; total: number }[] = [];
  let total = 0;
  for (let day = DateTime.fromISO(days[0]!); day.toISODate()! <= days.at(-1)!; day = day.plus({ days: 1 })) {
    const count = counts.get(day.toISODate()!) ?? 0;
    total += count;
    result.push({ day: day.toISODate()!, count, total });
  }
  return result;
}
