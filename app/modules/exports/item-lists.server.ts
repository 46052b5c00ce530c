import type { Readable } from "node:stream";
import type { Database } from "~/db.server";
import { formatDateTime, formatTimeRange } from "~/modules/i18n/format";
import { localized, type Language } from "~/modules/i18n/language";
import { translator } from "~/modules/i18n/messages";
import type { CellValue } from "./cells";
import { fitText, mm, newPdf } from "./pdf.server";
import type { SheetColumn } from "./writers.server";

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
  return { item, people };
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
    { header: t("export.col.checkedIn"), width: 18, date: true },
  ];
  const rows = list.people.map((person, index): CellValue[] => [
    index + 1,
    person.lastName,
    person.firstName,
    person.organisation,
    (bus ? person.phone : person.jobFunction) ?? "",
    person.checkedInAt,
  ]);
  return { columns, rows };
}

/** A printable A4 list: title, time and meeting point, a numbered table with room to tick or sign. */
export async function itemListPdf(list: ItemList, language: Language): Promise<Readable> {
  const t = translator(language);
  const { item } = list;
  const bus = item.kind === "site_visit";
  const title = localized(language, item.titleDe, item.titleEn);
  const doc = await newPdf({ size: "A4", margins: { top: mm(15), bottom: mm(15), left: mm(15), right: mm(15) }, title, bufferPages: true, accessible: true });
  // Tagged (PDF/UA): heading, paragraphs and a real table with header cells for screen readers; rules, the
  // header repeated on later pages and page numbers are artifacts.
  const structure = doc.struct("Document");
  doc.addStructure(structure);
  const width = doc.page.width - mm(30);
  // A bus list's phone numbers are what the guide calls when someone is missing: they get room, and
  // are never cut (fitText shrinks them instead).
  const columns = [
    { header: "Nr.", width: 0.05, whole: false },
    { header: t("export.col.lastName"), width: bus ? 0.18 : 0.2, whole: false },
    { header: t("export.col.firstName"), width: bus ? 0.15 : 0.17, whole: false },
    { header: t("export.col.organisation"), width: bus ? 0.24 : 0.28, whole: false },
    { header: bus ? t("export.col.phone") : t("export.col.jobFunction"), width: bus ? 0.22 : 0.15, whole: bus },
    { header: bus ? t("export.col.checkedIn") : t("export.signature"), width: bus ? 0.16 : 0.15, whole: false },
  ].map((column) => ({ ...column, width: column.width * width }));

  const paragraph = (tag: "H1" | "P", text: string) => structure.add(doc.struct(tag, {}, () => doc.text(text)));
  doc.font("bold").fontSize(16);
  paragraph("H1", `${bus ? t("export.passengerList") : t("export.participantList")}: ${title}`);
  doc.font("regular").fontSize(10);
  paragraph("P", localized(language, item.event.titleDe, item.event.titleEn));
  paragraph("P", `${formatDateTime(item.startsAt, language)} (${formatTimeRange(item.startsAt, item.endsAt, language)})${item.room ? ` · ${item.room}` : ""}`);
  if (bus && item.meetingPoint)
    paragraph("P", t("export.meetingPoint", { place: item.meetingPoint, time: item.departureAt ? formatDateTime(item.departureAt, language) : "–" }));
  paragraph("P", `${list.people.length} · ${t("export.printed", { time: formatDateTime(new Date(), language) })}`);
  doc.moveDown(0.8);
  const table = doc.struct("Table");
  structure.add(table);
  const artifact = (draw: () => void) => {
    doc.markContent("Artifact");
    draw();
    doc.endMarkedContent();
  };

  const rowHeight = 18;
  /** One row: header cells (TH) or data cells (TD) in the table's structure, or, repeated on a new page, an artifact. */
  const drawRow = (cells: string[], kind: "header" | "repeatedHeader" | "data") => {
    if (doc.y + rowHeight > doc.page.height - doc.page.margins.bottom) {
      doc.addPage();
      drawRow(
        columns.map((column) => column.header),
        "repeatedHeader",
      );
    }
    const top = doc.y;
    let x = doc.page.margins.left;
    doc.font(kind === "data" ? "regular" : "bold").fontSize(9);
    const row = kind === "repeatedHeader" ? null : doc.struct("TR");
    if (row) table.add(row);
    cells.forEach((cell, index) => {
      const column = columns[index]!;
      if (column.whole) fitText(doc, cell, column.width - 4, 9);
      const left = x;
      const write = () => doc.text(cell, left + 2, top + 5, { width: column.width - 4, height: rowHeight - 4, ellipsis: !column.whole, lineBreak: false });
      if (row) row.add(doc.struct(kind === "header" ? "TH" : "TD", {}, write));
      else artifact(write);
      doc.fontSize(9);
      x += column.width;
    });
    row?.end();
    artifact(() =>
      doc
        .moveTo(doc.page.margins.left, top + rowHeight)
        .lineTo(doc.page.margins.left + width, top + rowHeight)
        .lineWidth(0.5)
        .stroke("#888888"),
    );
    doc.x = doc.page.margins.left;
    doc.y = top + rowHeight;
  };
  drawRow(
    columns.map((column) => column.header),
    "header",
  );
  list.people.forEach((person, index) => {
    const status = bus ? (person.checkedInAt ? formatDateTime(person.checkedInAt, language) : "☐") : "";
    drawRow([String(index + 1), person.lastName, person.firstName, person.organisation, (bus ? person.phone : person.jobFunction) ?? "", status], "data");
  });
  table.end();
  structure.end();

  // Page numbers, once every page exists. They stand in the bottom margin, where PDFKit would start a new
  // (blank) page for any text: the margin is lifted while they are written.
  const pages = doc.bufferedPageRange();
  for (let page = 0; page < pages.count; page++) {
    doc.switchToPage(page);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    artifact(() =>
      doc
        .font("regular")
        .fontSize(8)
        .text(`${page + 1} / ${pages.count}`, doc.page.margins.left, doc.page.height - mm(10), { width, align: "right", lineBreak: false }),
    );
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return doc;
}
