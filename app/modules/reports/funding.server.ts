import { DateTime } from "luxon";
import type { Database } from "~/db.server";
import { Prisma } from "~/generated/prisma/client";
import { localized, type Language } from "~/modules/i18n/language";
import { translator } from "~/modules/i18n/messages";
import { chosenOptionIds } from "~/modules/questions/answers";
import { eventQuestions, questionLabel } from "~/modules/questions/stored.server";
import { suppressSmallGroups, suppressedTotal, type ReportCell } from "./suppression";

/**
 * The report the funding body asks for ("Statistische Auswertung") of one event: registrations, attendance and
 * no-shows, by field of action, by workshop and site visit (fill rate, waiting-list demand), by the answers of the
 * questions marked for the report (organisation type, district), by ticket type, and over time. Every table has its
 * totals; counts of fewer than 5 people are hidden (suppression.ts). A few flat queries, counted in memory:
 * 10,000 attendees are some tens of milliseconds of rows.
 *
 * People counted in the breakdowns are those holding a seat (confirmed); "attended" means checked in at an
 * entrance (attendance.server.ts), a workshop's or bus's own attendance is its list's check-ins.
 */
export type ReportColumn = { label: string; kind: "text" | "count" | "percent" };
export type ReportTable = { key: string; title: string; note?: string; columns: ReportColumn[]; rows: ReportCell[][]; total: ReportCell[] | null };
export type FundingReport = { event: { id: string; slug: string; title: string; startsAt: Date; endsAt: Date }; generatedAt: Date; tables: ReportTable[] };

type Person = { id: string; registrationId: string; ticketTypeId: string; status: string; createdAt: Date };
type SqlDate = Date | string | number;
const toDate = (value: SqlDate) => (value instanceof Date ? value : new Date(value));
const percent = (part: number, whole: number | null) => (whole ? Math.round((part / whole) * 1000) / 10 : null);

export async function fundingReport(database: Database, eventId: string, language: Language, now = new Date()): Promise<FundingReport | null> {
  const t = translator(language);
  const db = database.read;
  const event = await db.event.findUnique({
    where: { id: eventId },
    select: {
      id: true,
      slug: true,
      titleDe: true,
      titleEn: true,
      startsAt: true,
      endsAt: true,
      ticketTypes: { orderBy: { sortOrder: "asc" }, select: { id: true, nameDe: true, nameEn: true } },
      fieldsOfAction: { orderBy: [{ position: "asc" }, { nameDe: "asc" }], select: { id: true, nameDe: true, nameEn: true } },
      programmeItems: {
        where: { kind: { in: ["workshop", "site_visit"] } },
        orderBy: [{ startsAt: "asc" }, { sortOrder: "asc" }],
        select: { id: true, titleDe: true, titleEn: true, kind: true, capacity: true, confirmedCount: true, fieldOfActionId: true, cancelledAt: true },
      },
    },
  });
  if (!event) return null;
  const [peopleRows, present, bookings, waiting, itemAttendance, questions] = await Promise.all([
    db.$queryRaw<(Omit<Person, "createdAt"> & { createdAt: SqlDate })[]>`
      SELECT "id", "registrationId", "ticketTypeId", "status", "createdAt" FROM "Attendee" WHERE "eventId" = ${eventId} AND "status" <> 'cancelled'`,
    // Who was admitted at an entrance (attendance.server.ts), as bare ids: Prisma's rows cost more than the count.
    db.$queryRaw<{ attendeeId: string }[]>`
      SELECT DISTINCT c."attendeeId" FROM "CheckIn" c JOIN "CheckInList" l ON l."id" = c."checkInListId"
      WHERE l."eventId" = ${eventId} AND l."programmeItemId" IS NULL AND c."activeKey" IS NOT NULL AND c."attendeeId" IS NOT NULL`.then(
      (rows) => new Set(rows.map((row) => row.attendeeId)),
    ),
    db.$queryRaw<{ attendeeId: string; programmeItemId: string }[]>`
      SELECT b."attendeeId", b."programmeItemId" FROM "Booking" b JOIN "Attendee" a ON a."id" = b."attendeeId" WHERE a."eventId" = ${eventId}`,
    db.$queryRaw<{ programmeItemId: string; status: string; people: number | bigint }[]>`
      SELECT "programmeItemId", "status", COUNT(*) AS "people" FROM "WaitingListEntry"
      WHERE "eventId" = ${eventId} AND "programmeItemId" IS NOT NULL GROUP BY "programmeItemId", "status"`,
    db.$queryRaw<{ programmeItemId: string; people: number | bigint }[]>`
      SELECT l."programmeItemId", COUNT(DISTINCT c."attendeeId") AS "people" FROM "CheckIn" c JOIN "CheckInList" l ON l."id" = c."checkInListId"
      WHERE l."eventId" = ${eventId} AND l."programmeItemId" IS NOT NULL AND c."activeKey" IS NOT NULL GROUP BY l."programmeItemId"`,
    eventQuestions(database, eventId),
  ]);
  const people: Person[] = peopleRows.map((row) => ({ ...row, createdAt: toDate(row.createdAt) }));
  const seated = people.filter((person) => person.status === "confirmed");
  const started = now >= event.startsAt;
  const attendedOf = (group: Person[]) => group.filter((person) => present.has(person.id)).length;
  const local = (de: string, en: string | null) => localized(language, de, en);

  const peopleColumns: ReportColumn[] = [
    { label: t("report.col.registered"), kind: "count" },
    { label: t("report.col.attended"), kind: "count" },
    { label: t("report.col.noShows"), kind: "count" },
  ];
  const countsOf = (group: Person[]): ReportCell[] => {
    const attended = attendedOf(group);
    return [group.length, attended, started ? group.length - attended : null];
  };
  /** A breakdown of the seated people by groups; one person may be in several groups (several choices, fields). */
  const breakdown = (key: string, title: string, heading: string, groups: { label: string; members: Person[] }[], note?: string): ReportTable => {
    const rows = groups.map((group) => [group.label, ...countsOf(group.members)]);
    return {
      key,
      title,
      note,
      columns: [{ label: heading, kind: "text" }, ...peopleColumns],
      rows: suppressSmallGroups(rows, [1, 2, 3]),
      total: [t("report.total"), ...countsOf(seated).map((cell) => (typeof cell === "number" ? suppressedTotal(cell) : cell))],
    };
  };

  const tables: ReportTable[] = [];

  // Overview
  const attendedAll = attendedOf(seated);
  tables.push({
    key: "overview",
    title: t("report.overview"),
    columns: [
      { label: t("report.col.figure"), kind: "text" },
      { label: t("report.col.people"), kind: "count" },
    ],
    rows: [
      [t("report.registrations"), new Set(people.map((person) => person.registrationId)).size],
      [t("report.registeredPeople"), people.length],
      [t("report.seated"), seated.length],
      [t("report.waitlisted"), people.filter((person) => person.status === "waitlisted").length],
      [t("report.pending"), people.filter((person) => person.status === "pending_approval" || person.status === "awaiting_payment").length],
      [t("report.attended"), attendedAll],
      [t("report.noShows"), started ? seated.length - attendedAll : null],
      [t("report.attendanceRate"), started ? percent(attendedAll, seated.length) : null],
    ].map(([label, value]) => [
      label as string,
      typeof value === "number" && label !== t("report.attendanceRate") ? suppressedTotal(value) : (value as ReportCell),
    ]),
    total: null,
  });

  // By field of action: people booked on at least one of its workshops or site visits.
  const byId = new Map(people.map((person) => [person.id, person]));
  const itemsOfField = new Map<string, Set<string>>();
  for (const item of event.programmeItems) {
    if (item.fieldOfActionId) itemsOfField.set(item.fieldOfActionId, (itemsOfField.get(item.fieldOfActionId) ?? new Set()).add(item.id));
  }
  const bookedOn = new Map<string, Set<string>>();
  for (const booking of bookings) bookedOn.set(booking.programmeItemId, (bookedOn.get(booking.programmeItemId) ?? new Set()).add(booking.attendeeId));
  const seatedIn = (attendeeIds: Iterable<string>) => [...attendeeIds].flatMap((id) => (byId.get(id)?.status === "confirmed" ? [byId.get(id)!] : []));
  if (event.fieldsOfAction.length > 0) {
    tables.push(
      breakdown(
        "fields",
        t("report.byField"),
        t("report.col.field"),
        event.fieldsOfAction.map((field) => {
          const members = new Set<string>();
          for (const itemId of itemsOfField.get(field.id) ?? []) for (const attendeeId of bookedOn.get(itemId) ?? []) members.add(attendeeId);
          return { label: local(field.nameDe, field.nameEn), members: seatedIn(members) };
        }),
        t("report.severalNote"),
      ),
    );
  }

  // By workshop and site visit: bookings against seats, attendance on its own list, waiting-list demand.
  const waitingNow = new Map<string, number>();
  const demand = new Map<string, number>();
  for (const row of waiting) {
    const count = Number(row.people);
    demand.set(row.programmeItemId, (demand.get(row.programmeItemId) ?? 0) + count);
    if (row.status === "waiting" || row.status === "offered") waitingNow.set(row.programmeItemId, (waitingNow.get(row.programmeItemId) ?? 0) + count);
  }
  const attendanceOf = new Map(itemAttendance.map((row) => [row.programmeItemId, Number(row.people)]));
  const itemRows = event.programmeItems
    .filter((item) => !item.cancelledAt)
    .map((item): ReportCell[] => [
      local(item.titleDe, item.titleEn),
      t(`event.kind.${item.kind}`),
      item.capacity,
      item.confirmedCount,
      percent(item.confirmedCount, item.capacity),
      attendanceOf.get(item.id) ?? 0,
      waitingNow.get(item.id) ?? 0,
      demand.get(item.id) ?? 0,
    ]);
  const sum = (column: number) => itemRows.reduce((total, row) => total + (typeof row[column] === "number" ? (row[column] as number) : 0), 0);
  const capacities = sum(2);
  tables.push({
    key: "items",
    title: t("report.byItem"),
    note: t("report.itemNote"),
    columns: [
      { label: t("report.col.item"), kind: "text" },
      { label: t("report.col.kind"), kind: "text" },
      { label: t("report.col.capacity"), kind: "count" },
      { label: t("report.col.booked"), kind: "count" },
      { label: t("report.col.fillRate"), kind: "percent" },
      { label: t("report.col.attendedItem"), kind: "count" },
      { label: t("report.col.waiting"), kind: "count" },
      { label: t("report.col.demand"), kind: "count" },
    ],
    rows: suppressSmallGroups(itemRows, [3, 5, 6, 7], { 3: [4] }),
    total: [
      t("report.total"),
      "",
      capacities,
      suppressedTotal(sum(3)),
      percent(sum(3), capacities),
      suppressedTotal(sum(5)),
      suppressedTotal(sum(6)),
      suppressedTotal(sum(7)),
    ],
  });

  // By the questions marked for the report: every option, and those who gave no answer.
  const reported = questions.filter((question) => question.inReport && ["choice", "choices", "yes_no"].includes(question.kind));
  if (reported.length > 0) {
    const answers = await db.$queryRaw<{ questionId: string; attendeeId: string | null; registrationId: string; value: string }[]>`
      SELECT "questionId", "attendeeId", "registrationId", "value" FROM "Answer"
      WHERE "registrationId" IN (SELECT "id" FROM "Registration" WHERE "eventId" = ${eventId})
        AND "questionId" IN (${Prisma.join(reported.map((question) => question.id))})`;
    for (const question of reported) {
      const valueOf = new Map<string, string>();
      const ofRegistration = new Map<string, string>();
      for (const answer of answers) {
        if (answer.questionId !== question.id) continue;
        if (answer.attendeeId) valueOf.set(answer.attendeeId, answer.value);
        else ofRegistration.set(answer.registrationId, answer.value);
      }
      const choices =
        question.kind === "yes_no"
          ? [
              { id: "yes", label: t("admin.yes"), removed: false },
              { id: "no", label: t("admin.no"), removed: false },
            ]
          : question.options.map((option) => ({ id: option.id, label: local(option.labelDe, option.labelEn), removed: option.removedAt !== null }));
      // One pass over the people: each lands in the groups of the options they chose (yes/no: its value).
      const members = new Map<string, Person[]>(choices.map((choice) => [choice.id, []]));
      const unanswered: Person[] = [];
      for (const person of seated) {
        const value = valueOf.get(person.id) ?? ofRegistration.get(person.registrationId);
        if (value === undefined) unanswered.push(person);
        else for (const id of question.kind === "yes_no" ? [value] : chosenOptionIds(value)) members.get(id)?.push(person);
      }
      // Options removed later that nobody chose are left out; those chosen still count.
      const shown = choices
        .map((choice) => ({ label: choice.label, removed: choice.removed, members: members.get(choice.id)! }))
        .filter((group) => group.members.length > 0 || !group.removed);
      shown.push({ label: t("report.noAnswer"), removed: false, members: unanswered });
      tables.push(
        breakdown(
          `question-${question.id}`,
          `${t("report.byQuestion")}: ${questionLabel(question, language)}`,
          questionLabel(question, language),
          shown,
          question.kind === "choices" ? t("report.severalNote") : undefined,
        ),
      );
    }
  }

  // By ticket type
  tables.push(
    breakdown(
      "ticket-types",
      t("report.byTicketType"),
      t("report.col.ticketType"),
      event.ticketTypes.map((type) => ({ label: local(type.nameDe, type.nameEn), members: seated.filter((person) => person.ticketTypeId === type.id) })),
    ),
  );

  // Over time: registrations (everyone not cancelled) by calendar week of registering, Berlin time.
  const weeks = new Map<string, { label: string; people: number }>();
  // The week of each hour is worked out once (Berlin's offset changes only on the hour) instead of asking luxon the
  // same few hours again and again for 10,000 people (microseconds each).
  const weekOfHour = new Map<number, { key: string; label: string }>();
  for (const person of [...people].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())) {
    const hour = Math.floor(person.createdAt.getTime() / 3_600_000);
    let week = weekOfHour.get(hour);
    if (!week) {
      const time = DateTime.fromMillis(hour * 3_600_000, { zone: "Europe/Berlin" });
      week = {
        key: `${time.weekYear}-${String(time.weekNumber).padStart(2, "0")}`,
        label: t("report.week", { week: time.weekNumber, year: time.weekYear, from: time.startOf("week").toFormat("dd.MM.yyyy") }),
      };
      weekOfHour.set(hour, week);
    }
    const entry = weeks.get(week.key) ?? { label: week.label, people: 0 };
    entry.people += 1;
    weeks.set(week.key, entry);
  }
  let running = 0;
  const weekRows = [...weeks.values()].map((week): ReportCell[] => {
    running += week.people;
    return [week.label, week.people, running];
  });
  tables.push({
    key: "over-time",
    title: t("report.overTime"),
    columns: [
      { label: t("report.col.week"), kind: "text" },
      { label: t("report.col.newRegistrations"), kind: "count" },
      { label: t("report.col.cumulative"), kind: "count" },
    ],
    rows: suppressSmallGroups(weekRows, [1]).map((row) => [row[0]!, row[1]!, suppressedTotal(Number(row[2]))]),
    total: [t("report.total"), suppressedTotal(people.length), null],
  });

  return {
    event: { id: event.id, slug: event.slug, title: local(event.titleDe, event.titleEn), startsAt: event.startsAt, endsAt: event.endsAt },
    generatedAt: now,
    tables,
  };
}
