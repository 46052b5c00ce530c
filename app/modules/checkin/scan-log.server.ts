import type { Readable } from "node:stream";
import type { Database } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { printedTable } from "~/modules/exports/printed-table.server";
import { formatDateTime } from "~/modules/i18n/format";
import { localized, type Language } from "~/modules/i18n/language";
import { translator } from "~/modules/i18n/messages";
import { admittedFilter, checkedInHere, type CheckInListSummary } from "./lists.server";
import { SCAN_LOG_PAGE_SIZE, SCAN_RESULTS } from "./scan-log";

/**
 * The organisers' scan log: every scan of an event, refused ones too, with its result and detailed reason, the
 * device and who scanned, when the device scanned it and when the server got it (they differ for scans made
 * offline), and the conflicts of two devices that admitted the same person offline. And the paper list, the last
 * fallback at the door when no device works.
 */

export type ScanLogFilter = { listId?: string; device?: string; result?: string; conflicts?: boolean; page?: number };

export async function scanLog(database: Database, eventId: string, filter: ScanLogFilter) {
  const where: Prisma.CheckInWhereInput = {
    checkInList: { eventId },
    ...(filter.listId ? { checkInListId: filter.listId } : {}),
    ...(filter.device ? { deviceLabel: filter.device } : {}),
    ...(filter.result && (SCAN_RESULTS as readonly string[]).includes(filter.result) ? { result: filter.result as (typeof SCAN_RESULTS)[number] } : {}),
    ...(filter.conflicts ? { conflict: true } : {}),
  };
  const page = Math.max(1, Math.min(1000, filter.page ?? 1));
  const [rows, total, devices, conflicts] = await Promise.all([
    database.read.checkIn.findMany({
      where,
      orderBy: { createdAt: "desc" },
      skip: (page - 1) * SCAN_LOG_PAGE_SIZE,
      take: SCAN_LOG_PAGE_SIZE,
      select: {
        id: true,
        createdAt: true,
        deviceAt: true,
        result: true,
        reason: true,
        deviceLabel: true,
        offline: true,
        conflict: true,
        revertedAt: true,
        checkInList: { select: { nameDe: true, nameEn: true } },
        attendee: { select: { id: true, firstName: true, lastName: true, ticketReference: true } },
        staffUser: { select: { name: true } },
      },
    }),
    database.read.checkIn.count({ where }),
    database.read.checkIn.findMany({
      where: { checkInList: { eventId }, deviceLabel: { not: null } },
      distinct: ["deviceLabel"],
      select: { deviceLabel: true },
      take: 100,
    }),
    database.read.checkIn.count({ where: { checkInList: { eventId }, conflict: true } }),
  ]);
  return { rows, total, page, devices: devices.map((row) => row.deviceLabel!).sort(), conflicts };
}

/** The paper list of a check-in list: everyone it admits, alphabetically, with a box to tick and room to sign. */
export async function paperCheckInList(database: Database, list: CheckInListSummary, language: Language): Promise<Readable> {
  const t = translator(language);
  const event = await database.read.event.findUniqueOrThrow({ where: { id: list.eventId }, select: { titleDe: true, titleEn: true, startsAt: true } });
  const filter = admittedFilter({ ...list, hasTicketTypes: list.ticketTypeIds.length > 0 });
  const people = await database.read.$queryRaw<
    { firstName: string; lastName: string; organisation: string; ticketReference: string; checkedIn: number | bigint }[]
  >`
    SELECT a."firstName", a."lastName", a."organisation", a."ticketReference",
      ${checkedInHere(list.id)} AS "checkedIn"
    FROM "Attendee" a WHERE ${filter}`;
  const collator = new Intl.Collator("de", { sensitivity: "base" });
  people.sort((a, b) => collator.compare(a.lastName, b.lastName) || collator.compare(a.firstName, b.firstName));
  const name = localized(language, list.nameDe, list.nameEn);
  return printedTable({
    title: `${t("scanlog.paperTitle")}: ${name}`,
    heading: `${t("scanlog.paperTitle")}: ${name}`,
    lines: [
      `${localized(language, event.titleDe, event.titleEn)} · ${formatDateTime(event.startsAt, language)}`,
      t("scanlog.paperHint"),
      `${people.length} · ${t("export.printed", { time: formatDateTime(new Date(), language) })}`,
    ],
    rowHeight: 22,
    columns: [
      { header: "Nr.", width: 0.05 },
      { header: t("export.col.lastName"), width: 0.17 },
      { header: t("export.col.firstName"), width: 0.15 },
      { header: t("export.col.organisation"), width: 0.24 },
      { header: t("export.col.ticketReference"), width: 0.13 },
      { header: t("scanlog.present"), width: 0.08 },
      { header: t("export.signature"), width: 0.18 },
    ],
    rows: people.map((person, index) => [
      String(index + 1),
      person.lastName,
      person.firstName,
      person.organisation,
      person.ticketReference,
      Number(person.checkedIn) === 1 ? "✓" : "☐",
      "",
    ]),
  });
}
