import type { Readable } from "node:stream";
import type { Database } from "~/db.server";
import { formatDateTime, formatTimeRange } from "~/modules/i18n/format";
import { localized, type Language } from "~/modules/i18n/language";
import { translator } from "~/modules/i18n/messages";
import type { CellValue } from "./cells";
import { printedTable } from "./printed-table.server";
import type { SheetColumn } from "./writers.server";
import { answerText, answersOfAttendees, eventQuestions, questionLabel } from "~/modules/questions/stored.server";

/**
 * The participants of one workshop, or the passengers of one bus: confirmed bookings by name, with
 * organisation, phone (for the bus) and whether they are checked in on the item's own list (the bus)
 * or, without one, at the entrance.
 */
export async function loadItemList(database: Database, itemId: string) {
  const item = await database.read.programmeItem.findUnique({
    where: { id: itemId },
    include: { event: { select: { titleDe: true, titleEn: true, slug: true } }, checkInLists: { select: { id: true } } },
  });
  if (!item) return null;
  const entrance =
    item.checkInLists.length === 0
      ? await database.read.checkInList.findFirst({ where: { eventId: item.eventId, programmeItemId: null }, select: { id: true } })
      : null;
  const listIds = [...item.checkInLists.map((list) => list.id), ...(entrance ? [entrance.id] : [])];
  const bookings = await database.read.booking.findMany({
    where: { programmeItemId: itemId, attendee: { status: "confirmed" } },
    select: {
      attendee: {
        select: {
          id: true,
          registrationId: true,
          firstName: true,
          lastName: true,
          organisation: true,
          jobFunction: true,
          phone: true,
          checkIns: { where: { activeKey: { not: null }, checkInListId: { in: listIds } }, select: { createdAt: true }, take: 1 },
        },
      },
    },
  });
  // Sorted as a German reader expects (Ç with C, Ö with O), which the database's byte order does not do.
  const collator = new Intl.Collator("de", { sensitivity: "base" });
  const people = bookings
    .map(({ attendee }) => ({ ...attendee, checkedInAt: attendee.checkIns[0]?.createdAt ?? null }))
    .sort((a, b) => collator.compare(a.lastName, b.lastName) || collator.compare(a.firstName, b.firstName));
  // The own questions' answers, for the spreadsheet versions (the printed list keeps to what a door or bus needs).
  const [questions, answers] = await Promise.all([eventQuestions(database, item.eventId, { withRemoved: false }), answersOfAttendees(database, people)]);
  return { item, people, questions, answers };
}
type ItemList = NonNullable<Awaited<ReturnType<typeof loadItemList>>>;

export function itemListSheet(list: ItemList, language: Language): { columns: SheetColumn[]; rows: CellValue[][] } {
  const t = translator(language);
  const bus = list.item.kind === "site_visit";
  const columns: SheetColumn[] = [
    { header: "Nr.", width: 5 },
    { header: t("export.col.lastName"), width: 20 },
    { header: t("export.col.firstName"), width: 18 },
    { header: t("export.col.organisation"), width: 32 },
    bus ? { header: t("export.col.phone"), width: 18 } : { header: t("export.col.jobFunction"), width: 24 },
    { header: t("export.col.checkedIn"), width: 18, kind: "dateTime" },
    ...list.questions.map((question) => ({ header: questionLabel(question, language), width: 24 })),
  ];
  const rows = list.people.map((person, index): CellValue[] => [
    index + 1,
    person.lastName,
    person.firstName,
    person.organisation,
    (bus ? person.phone : person.jobFunction) ?? "",
    person.checkedInAt,
    ...list.questions.map((question) => {
      const value = list.answers.get(person.id)?.get(question.id);
      return value === undefined ? "" : answerText(question, value, language);
    }),
  ]);
  return { columns, rows };
}

/** A printable A4 list: title, time and meeting point, a numbered table with room to tick or sign. */
export async function itemListPdf(list: ItemList, language: Language): Promise<Readable> {
  const t = translator(language);
  const { item } = list;
  const bus = item.kind === "site_visit";
  const title = localized(language, item.titleDe, item.titleEn);
  // A bus list's phone numbers are what the guide calls when someone is missing: they get room, and
  // are never cut (shrunk instead).
  return printedTable({
    title,
    heading: `${bus ? t("export.passengerList") : t("export.participantList")}: ${title}`,
    lines: [
      localized(language, item.event.titleDe, item.event.titleEn),
      `${formatDateTime(item.startsAt, language)} (${formatTimeRange(item.startsAt, item.endsAt, language)})${item.room ? ` · ${item.room}` : ""}`,
      ...(bus && item.meetingPoint
        ? [t("export.meetingPoint", { place: item.meetingPoint, time: item.departureAt ? formatDateTime(item.departureAt, language) : "–" })]
        : []),
      `${list.people.length} · ${t("export.printed", { time: formatDateTime(new Date(), language) })}`,
    ],
    columns: [
      { header: "Nr.", width: 0.05 },
      { header: t("export.col.lastName"), width: bus ? 0.18 : 0.2 },
      { header: t("export.col.firstName"), width: bus ? 0.15 : 0.17 },
      { header: t("export.col.organisation"), width: bus ? 0.24 : 0.28 },
      { header: bus ? t("export.col.phone") : t("export.col.jobFunction"), width: bus ? 0.22 : 0.15, whole: bus },
      { header: bus ? t("export.col.checkedIn") : t("export.signature"), width: bus ? 0.16 : 0.15 },
    ],
    rows: list.people.map((person, index) => [
      String(index + 1),
      person.lastName,
      person.firstName,
      person.organisation,
      (bus ? person.phone : person.jobFunction) ?? "",
      bus ? (person.checkedInAt ? formatDateTime(person.checkedInAt, language) : "☐") : "",
    ]),
  });
}
