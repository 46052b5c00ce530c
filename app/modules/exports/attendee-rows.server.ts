import type { Database } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { attendeeOrder, attendeeWhere } from "~/modules/attendees/list.server";
import type { AttendeeQuery } from "~/modules/attendees/query";
import { localized, type Language } from "~/modules/i18n/language";
import { translator } from "~/modules/i18n/messages";
import type { CellValue } from "./cells";
import type { AttendeeColumn } from "./columns";

/**
 * The attendees of an export, exactly as the attendee list filters and sorts them, read in batches so
 * that memory stays flat however many there are: each batch is turned into rows and written before the
 * next is read.
 */
const BATCH = 1000;

const exportSelect = {
  id: true, firstName: true, lastName: true, email: true, organisation: true, jobFunction: true, phone: true, status: true,
  dietaryNeeds: true, accessibilityNeeds: true, ticketReference: true, createdAt: true,
  ticketType: { select: { nameDe: true, nameEn: true } },
  registration: { select: { contactEmail: true } },
  bookings: { select: { programmeItem: { select: { titleDe: true, titleEn: true, kind: true, startsAt: true } } } },
  waitingList: { where: { status: "waiting" }, select: { programmeItem: { select: { titleDe: true, titleEn: true } } } },
  checkIns: { where: { activeKey: { not: null }, checkInList: { programmeItemId: null } }, select: { id: true }, take: 1 },
} satisfies Prisma.AttendeeSelect;

export type ExportAttendee = Prisma.AttendeeGetPayload<{ select: typeof exportSelect }>;

export async function* exportAttendees(database: Database, where: Prisma.AttendeeWhereInput, orderBy: Prisma.AttendeeOrderByWithRelationInput[]): AsyncGenerator<ExportAttendee[]> {
  for (let skip = 0; ; skip += BATCH) {
    const batch = await database.read.attendee.findMany({ where, orderBy, skip, take: BATCH, select: exportSelect });
    if (batch.length > 0) yield batch;
    if (batch.length < BATCH) return;
  }
}

export function attendeesOfList(database: Database, eventId: string, query: AttendeeQuery) {
  return exportAttendees(database, attendeeWhere(eventId, query), attendeeOrder(query));
}

/** One attendee as the cells of the chosen columns, in the organiser's language. */
export function attendeeCells(attendee: ExportAttendee, columns: AttendeeColumn[], language: Language): CellValue[] {
  const t = translator(language);
  const local = (text: { titleDe: string; titleEn: string | null }) => localized(language, text.titleDe, text.titleEn);
  const booked = attendee.bookings.map((booking) => booking.programmeItem).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  return columns.map((column): CellValue => {
    switch (column) {
      case "ticketType":
        return localized(language, attendee.ticketType.nameDe, attendee.ticketType.nameEn);
      case "status":
        return t(`admin.attendeeStatus.${attendee.status}`);
      case "workshops":
        return booked.filter((item) => item.kind === "workshop").map(local).join("; ");
      case "siteVisit":
        return booked.filter((item) => item.kind === "site_visit").map(local).join("; ");
      case "waitingFor":
        return attendee.waitingList.flatMap((entry) => (entry.programmeItem ? [local(entry.programmeItem)] : [])).join("; ");
      case "checkedIn":
        return attendee.checkIns.length > 0 ? t("admin.yes") : t("admin.no");
      case "contactEmail":
        return attendee.registration.contactEmail;
      case "registeredAt":
        return attendee.createdAt;
      default:
        return attendee[column] ?? "";
    }
  });
}

/** Batches of attendees as batches of rows. */
export async function* rowsOf<T>(batches: AsyncIterable<T[]>, toCells: (item: T) => CellValue[]): AsyncGenerator<CellValue[][]> {
  for await (const batch of batches) yield batch.map(toCells);
}
