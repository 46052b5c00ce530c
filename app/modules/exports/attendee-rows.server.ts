import type { Database } from "~/db.server";
import { checkedInAmong } from "~/modules/checkin/attendance.server";
import { yieldToRequests } from "./gate.server";
import { Prisma, type AttendeeStatus } from "~/generated/prisma/client";
import { attendeeOrder, attendeeWhere } from "~/modules/attendees/list.server";
import type { AttendeeQuery } from "~/modules/attendees/query";
import { localized, type Language } from "~/modules/i18n/language";
import { translator, type MessageKey } from "~/modules/i18n/messages";
import type { CellValue } from "./cells";
import type { AttendeeColumn, FixedColumn } from "./columns";
import { answerText, answersOfAttendees, type StoredQuestion } from "~/modules/questions/stored.server";

/**
 * The attendees of an export, exactly as the attendee list filters and sorts them, read in batches so
 * that memory stays flat however many there are: each batch is turned into rows and written before the
 * next is read. Prisma finds the batch's ids with the list's own filter and order (one flat query); the
 * details come from four plain SQL queries over those ids, which is several times faster for thousands
 * of rows than Prisma's nested reads (docs/decisions/006-exports.md).
 */
const BATCH = 500;

export type ExportAttendee = {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  organisation: string;
  jobFunction: string | null;
  phone: string | null;
  status: AttendeeStatus;
  dietaryNeeds: string | null;
  accessibilityNeeds: string | null;
  ticketReference: string;
  createdAt: Date;
  ticketType: { nameDe: string; nameEn: string | null };
  registration: {
    contactEmail: string;
    paymentStatus: string;
    paymentMethod: string;
    totalCents: number;
    invoiceAddress: string | null;
    invoiceNumbers: string[];
  };
  bookings: { programmeItem: { titleDe: string; titleEn: string | null; kind: string; startsAt: Date } }[];
  waitingList: { programmeItem: { titleDe: string; titleEn: string | null } | null }[];
  checkedIn: boolean;
  /** Own questions' answers: question id → stored value (the registration's too). */
  answers: Map<string, string>;
};

type SqlDate = Date | string | number;
const toDate = (value: SqlDate) => (value instanceof Date ? value : new Date(value));

export async function* exportAttendees(
  database: Database,
  where: Prisma.AttendeeWhereInput,
  orderBy: Prisma.AttendeeOrderByWithRelationInput[],
): AsyncGenerator<ExportAttendee[]> {
  // All ids at once: 10,000 short strings are a few hundred kilobytes, and one query is far cheaper
  // than paging with OFFSET, which sorts and skips again for every batch.
  const ids = (await database.read.attendee.findMany({ where, orderBy, select: { id: true } })).map((row) => row.id);
  const items = new Map<string, ExportItem>();
  for (let start = 0; start < ids.length; start += BATCH) {
    // Between batches the public pages' requests go first (the queries of a batch block the event loop).
    if (start > 0) await yieldToRequests();
    yield await loadExportAttendees(database, ids.slice(start, start + BATCH), items);
  }
}

type ExportItem = { titleDe: string; titleEn: string | null; kind: string; startsAt: Date };

/** The programme items the rows refer to, read once per export: a congress has dozens, its bookings thousands. */
async function addItems(database: Database, items: Map<string, ExportItem>, wanted: Iterable<string>) {
  const missing = [...new Set(wanted)].filter((id) => !items.has(id));
  if (missing.length === 0) return;
  const rows = await database.read.programmeItem.findMany({
    where: { id: { in: missing } },
    select: { id: true, titleDe: true, titleEn: true, kind: true, startsAt: true },
  });
  for (const { id, ...item } of rows) items.set(id, item);
}

async function loadExportAttendees(database: Database, ids: string[], items: Map<string, ExportItem>): Promise<ExportAttendee[]> {
  const db = database.read;
  const idList = Prisma.join(ids);
  // Bookings and waiting-list places as bare ids (half the cost of joining the items' titles in SQL).
  const [people, bookings, waiting, checkIns] = await Promise.all([
    db.$queryRaw<
      (Omit<ExportAttendee, "createdAt" | "ticketType" | "registration" | "bookings" | "waitingList" | "checkedIn" | "answers"> & {
        createdAt: SqlDate;
        ticketNameDe: string;
        ticketNameEn: string | null;
        contactEmail: string;
        registrationId: string;
        paymentStatus: string;
        paymentMethod: string;
        totalCents: number | bigint;
        invoiceAddress: string | null;
      })[]
    >`
      SELECT a."id", a."firstName", a."lastName", a."email", a."organisation", a."jobFunction", a."phone", a."status", a."dietaryNeeds",
        a."accessibilityNeeds", a."ticketReference", a."createdAt", t."nameDe" AS "ticketNameDe", t."nameEn" AS "ticketNameEn", r."contactEmail",
        r."id" AS "registrationId", r."paymentStatus", r."paymentMethod", r."totalCents", r."invoiceAddress"
      FROM "Attendee" a JOIN "TicketType" t ON t."id" = a."ticketTypeId" JOIN "Registration" r ON r."id" = a."registrationId"
      WHERE a."id" IN (${idList})`,
    db.$queryRaw<{ attendeeId: string; programmeItemId: string }[]>`
      SELECT "attendeeId", "programmeItemId" FROM "Booking" WHERE "attendeeId" IN (${idList})`,
    // Found by the attendees, their entries still waiting kept below: with the status in SQL, SQLite searched through
    // every entry waiting in any event (tests/integration/exports.test.ts).
    db.$queryRaw<{ attendeeId: string; programmeItemId: string | null; status: string }[]>`
      SELECT "attendeeId", "programmeItemId", "status" FROM "WaitingListEntry" WHERE "attendeeId" IN (${idList})`.then((rows) =>
      rows.flatMap(({ attendeeId, programmeItemId, status }) => (status === "waiting" && programmeItemId ? [{ attendeeId, programmeItemId }] : [])),
    ),
    checkedInAmong(database, ids),
  ]);
  // Invoice numbers per registration (credit notes too), for the payment columns.
  const registrationIds = [...new Set(people.map((person) => person.registrationId))];
  const numbers = registrationIds.length
    ? await db.$queryRaw<{ registrationId: string; number: string }[]>`
      SELECT "registrationId", "number" FROM "Invoice" WHERE "registrationId" IN (${Prisma.join(registrationIds)}) ORDER BY "issuedAt"`
    : [];
  const invoiceNumbers = new Map<string, string[]>();
  for (const row of numbers) invoiceNumbers.set(row.registrationId, [...(invoiceNumbers.get(row.registrationId) ?? []), row.number]);
  await addItems(
    database,
    items,
    [...bookings, ...waiting].map((row) => row.programmeItemId),
  );
  const itemsOf = (rows: { attendeeId: string; programmeItemId: string }[]) => {
    const map = new Map<string, ExportItem[]>();
    for (const row of rows) {
      const item = items.get(row.programmeItemId);
      if (!item) continue;
      const list = map.get(row.attendeeId);
      if (list) list.push(item);
      else map.set(row.attendeeId, [item]);
    }
    return map;
  };
  const [bookedBy, waitingBy, present] = [itemsOf(bookings), itemsOf(waiting), checkIns];
  const answers = await answersOfAttendees(database, people);
  const byId = new Map(people.map((person) => [person.id, person]));
  const result: ExportAttendee[] = [];
  for (const id of ids) {
    const person = byId.get(id);
    if (!person) continue;
    // Built field by field: copying the driver's row objects with a rest spread was the slowest step.
    result.push({
      id,
      firstName: person.firstName,
      lastName: person.lastName,
      email: person.email,
      organisation: person.organisation,
      jobFunction: person.jobFunction,
      phone: person.phone,
      status: person.status,
      dietaryNeeds: person.dietaryNeeds,
      accessibilityNeeds: person.accessibilityNeeds,
      ticketReference: person.ticketReference,
      createdAt: toDate(person.createdAt),
      ticketType: { nameDe: person.ticketNameDe, nameEn: person.ticketNameEn },
      registration: {
        contactEmail: person.contactEmail,
        paymentStatus: person.paymentStatus,
        paymentMethod: person.paymentMethod,
        totalCents: Number(person.totalCents),
        invoiceAddress: person.invoiceAddress,
        invoiceNumbers: invoiceNumbers.get(person.registrationId) ?? [],
      },
      bookings: (bookedBy.get(id) ?? []).map((programmeItem) => ({ programmeItem })),
      waitingList: (waitingBy.get(id) ?? []).map((programmeItem) => ({ programmeItem })),
      checkedIn: present.has(id),
      answers: answers.get(id) ?? new Map(),
    });
  }
  return result;
}

export function attendeesOfList(database: Database, eventId: string, query: AttendeeQuery) {
  return exportAttendees(database, attendeeWhere(eventId, query), attendeeOrder(query));
}

/** One attendee as the cells of the chosen columns, in the organiser's language. */
export function attendeeCells(
  attendee: ExportAttendee,
  columns: AttendeeColumn[],
  language: Language,
  questions: Map<string, StoredQuestion> = new Map(),
): CellValue[] {
  const t = translator(language);
  const local = (text: { titleDe: string; titleEn: string | null }) => localized(language, text.titleDe, text.titleEn);
  const booked = attendee.bookings.map((booking) => booking.programmeItem).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  return columns.map((column): CellValue => {
    if (column.startsWith("q:")) {
      const question = questions.get(column.slice(2));
      const value = attendee.answers.get(column.slice(2));
      return question && value !== undefined ? answerText(question, value, language) : "";
    }
    const fixed = column as FixedColumn;
    switch (fixed) {
      case "ticketType":
        return localized(language, attendee.ticketType.nameDe, attendee.ticketType.nameEn);
      case "status":
        return t(`admin.attendeeStatus.${attendee.status}`);
      case "workshops":
        return booked
          .filter((item) => item.kind === "workshop")
          .map(local)
          .join("; ");
      case "siteVisit":
        return booked
          .filter((item) => item.kind === "site_visit")
          .map(local)
          .join("; ");
      case "waitingFor":
        return attendee.waitingList.flatMap((entry) => (entry.programmeItem ? [local(entry.programmeItem)] : [])).join("; ");
      case "checkedIn":
        return attendee.checkedIn ? t("admin.yes") : t("admin.no");
      case "contactEmail":
        return attendee.registration.contactEmail;
      case "registeredAt":
        return attendee.createdAt;
      case "paymentStatus":
        return t(`payment.status.${attendee.registration.paymentStatus}` as MessageKey);
      case "paymentMethod":
        return t(`payment.method.${attendee.registration.paymentMethod}` as MessageKey);
      case "amount":
        // The registration's amount (a group's total on each of its attendees), in cents: a money column.
        return attendee.registration.totalCents;
      case "invoiceNumbers":
        return attendee.registration.invoiceNumbers.join(", ");
      case "invoiceAddress":
        return (attendee.registration.invoiceAddress ?? "").replace(/\s*\n\s*/g, ", ");
      default:
        return attendee[fixed] ?? "";
    }
  });
}

/** Batches of attendees as batches of rows. */
export async function* rowsOf<T>(batches: AsyncIterable<T[]>, toCells: (item: T) => CellValue[]): AsyncGenerator<CellValue[][]> {
  for await (const batch of batches) yield batch.map(toCells);
}
