import type { Database } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { ACTIVE_ENTRANCE_CHECK_IN, checkedInFilter } from "~/modules/checkin/attendance.server";
import { searchKey } from "./name-keys";
import { eventQuestions } from "~/modules/questions/stored.server";
import { PAGE_SIZE, type AttendeeQuery } from "./query";

/**
 * The organisers' attendee list: search and filters become one Prisma `where` (shared with the exports,
 * so an export holds exactly the list as filtered), sorting and paging happen in the database, so
 * 10,000 attendees cost one page of rows and a count.
 */
export function attendeeWhere(eventId: string, query: AttendeeQuery): Prisma.AttendeeWhereInput {
  const and: Prisma.AttendeeWhereInput[] = [{ eventId }];
  for (const word of query.q?.split(/\s+/).filter(Boolean).slice(0, 5) ?? []) {
    // Names, e-mail and organisation through their folded copy (name-keys.ts), so "muller" finds "Müller".
    and.push({ OR: [{ searchText: { contains: searchKey(word) } }, { ticketReference: { contains: word.toUpperCase() } }] });
  }
  if (query.status) and.push({ status: query.status });
  if (query.payment) and.push({ registration: { paymentStatus: query.payment } });
  if (query.ticketType) and.push({ ticketTypeId: query.ticketType });
  if (query.item)
    and.push({ OR: [{ bookings: { some: { programmeItemId: query.item } } }, { waitingList: { some: { programmeItemId: query.item, status: "waiting" } } }] });
  if (query.checkedIn) and.push(checkedInFilter(query.checkedIn === "yes"));
  if (query.answer) and.push(answerFilter(query.answer));
  return { AND: and };
}

/** Attendees whose own answer, or their registration's, to a question is the one chosen (see AttendeeQuery.answer). */
function answerFilter(answer: string): Prisma.AttendeeWhereInput {
  const [questionId = "", wanted = "*"] = answer.split(":");
  const value = wanted === "*" ? undefined : wanted === "yes" || wanted === "no" ? wanted : { contains: `,${wanted},` };
  return {
    OR: [{ answers: { some: { questionId, value } } }, { registration: { answers: { some: { questionId, attendeeId: null, value } } } }],
  };
}

export function attendeeOrder(query: AttendeeQuery): Prisma.AttendeeOrderByWithRelationInput[] {
  const dir = query.dir;
  const byName: Prisma.AttendeeOrderByWithRelationInput[] = [{ sortName: dir }, { id: dir }];
  switch (query.sort) {
    case "organisation":
      return [{ sortOrganisation: dir }, ...byName];
    case "registered":
      return [{ createdAt: dir }, { position: dir }, { id: dir }];
    case "status":
      return [{ status: dir }, ...byName];
    case "ticketType":
      return [{ ticketType: { sortOrder: dir } }, ...byName];
    default:
      return byName;
  }
}

export async function listAttendees(database: Database, eventId: string, query: AttendeeQuery) {
  const where = attendeeWhere(eventId, query);
  const [total, rows] = await Promise.all([
    database.read.attendee.count({ where }),
    database.read.attendee.findMany({
      where,
      orderBy: attendeeOrder(query),
      skip: (query.page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: {
        id: true,
        firstName: true,
        lastName: true,
        email: true,
        organisation: true,
        status: true,
        createdAt: true,
        ticketReference: true,
        ticketType: { select: { nameDe: true, nameEn: true } },
        bookings: { select: { programmeItem: { select: { titleDe: true, titleEn: true, startsAt: true } } } },
        waitingList: { where: { status: "waiting", programmeItemId: { not: null } }, select: { programmeItem: { select: { titleDe: true, titleEn: true } } } },
        _count: { select: { checkIns: { where: ACTIVE_ENTRANCE_CHECK_IN } } },
      },
    }),
  ]);
  return {
    total,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    rows: rows.map((row) => ({
      id: row.id,
      name: `${row.lastName}, ${row.firstName}`,
      email: row.email,
      organisation: row.organisation,
      status: row.status,
      registeredAt: row.createdAt,
      ticketReference: row.ticketReference,
      ticketType: row.ticketType,
      bookings: row.bookings
        .map((booking) => booking.programmeItem)
        .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
        .map(({ titleDe, titleEn }) => ({ titleDe, titleEn })),
      waiting: row.waitingList.flatMap((entry) => (entry.programmeItem ? [entry.programmeItem] : [])),
      checkedIn: row._count.checkIns > 0,
    })),
  };
}

/** What the filters offer: the event's ticket types and bookable items; and which event is shown. */
export async function attendeeFilterOptions(database: Database, eventId: string) {
  const [ticketTypes, items, questions] = await Promise.all([
    database.read.ticketType.findMany({ where: { eventId }, orderBy: { sortOrder: "asc" }, select: { id: true, nameDe: true, nameEn: true } }),
    database.read.programmeItem.findMany({
      where: { eventId, kind: { in: ["workshop", "site_visit"] } },
      orderBy: [{ startsAt: "asc" }, { sortOrder: "asc" }],
      select: { id: true, titleDe: true, titleEn: true, kind: true },
    }),
    eventQuestions(database, eventId),
  ]);
  return { ticketTypes, items, questions };
}

/** The event the back office shows: the one asked for, else the next upcoming, else the latest. */
export async function currentEvent(database: Database, eventId?: string | null) {
  const select = { id: true, slug: true, titleDe: true, titleEn: true, startsAt: true } as const;
  if (eventId) {
    const event = await database.read.event.findUnique({ where: { id: eventId }, select });
    if (event) return event;
  }
  return (
    (await database.read.event.findFirst({ where: { endsAt: { gte: new Date() } }, orderBy: { startsAt: "asc" }, select })) ??
    (await database.read.event.findFirst({ orderBy: { startsAt: "desc" }, select }))
  );
}

export async function listEventsForSwitcher(database: Database) {
  return database.read.event.findMany({ orderBy: { startsAt: "desc" }, select: { id: true, titleDe: true, titleEn: true, startsAt: true } });
}
