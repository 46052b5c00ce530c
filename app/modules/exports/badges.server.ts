import type { Readable } from "node:stream";
import { localized, type Language } from "~/modules/i18n/language";
import type { ExportAttendee } from "./attendee-rows.server";
import { mm, newPdf, untilReadOn } from "./pdf.server";

/**
 * Name badges, print-ready: eight 90 × 60 mm badges per A4 page with cut marks at every corner, or one
 * per A6 page (for badge printers). Name large, organisation and ticket type below; a long name is set
 * smaller until it fits, and on two lines (first name, last name) when it still does not. Tagged PDF/UA like
 * every document of the app: each badge a section of paragraphs in reading order, the cut marks artifacts.
 */
export type BadgeLayout = "a4" | "a6";

const A4 = { columns: 2, rows: 4, width: mm(90), height: mm(60) };
const PADDING = mm(5);
const CUT_MARK = mm(4);

type Box = { x: number; y: number; width: number; height: number };

export async function badgesPdf(batches: AsyncIterable<ExportAttendee[]>, eventTitle: string, layout: BadgeLayout, language: Language): Promise<Readable> {
  const doc = await newPdf(
    layout === "a4"
      ? { size: "A4", margin: 0, autoFirstPage: false, title: eventTitle, accessible: true }
      : { size: "A6", layout: "landscape", margin: 0, autoFirstPage: false, title: eventTitle, accessible: true },
  );
  const structure = doc.struct("Document");
  doc.addStructure(structure);
  void (async () => {
    try {
      let index = 0;
      for await (const batch of batches) {
        for (const attendee of batch) {
          if (layout === "a6") {
            await untilReadOn(doc);
            doc.addPage();
            drawBadge(doc, structure, { x: 0, y: 0, width: doc.page.width, height: doc.page.height }, attendee, eventTitle, language, 1.4);
          } else {
            const slot = index % (A4.columns * A4.rows);
            if (slot === 0) {
              await untilReadOn(doc);
              doc.addPage();
            }
            const left = (doc.page.width - A4.columns * A4.width) / 2;
            const top = (doc.page.height - A4.rows * A4.height) / 2;
            const box = { x: left + (slot % A4.columns) * A4.width, y: top + Math.floor(slot / A4.columns) * A4.height, width: A4.width, height: A4.height };
            if (slot === 0) drawCutMarks(doc, left, top);
            drawBadge(doc, structure, box, attendee, eventTitle, language, 1);
          }
          index += 1;
        }
      }
      if (index === 0) doc.addPage();
      structure.end();
      doc.end();
    } catch (error) {
      doc.destroy(error as Error);
    }
  })();
  return doc;
}

/** Short strokes outside the grid where the cutter goes, at every badge edge: decoration, an artifact. */
function drawCutMarks(doc: PDFKit.PDFDocument, left: number, top: number) {
  doc.markContent("Artifact");
  doc.lineWidth(0.4).strokeColor("#000000");
  for (let column = 0; column <= A4.columns; column++) {
    const x = left + column * A4.width;
    doc
      .moveTo(x, top - CUT_MARK - mm(1))
      .lineTo(x, top - mm(1))
      .stroke();
    doc
      .moveTo(x, top + A4.rows * A4.height + mm(1))
      .lineTo(x, top + A4.rows * A4.height + CUT_MARK + mm(1))
      .stroke();
  }
  for (let row = 0; row <= A4.rows; row++) {
    const y = top + row * A4.height;
    doc
      .moveTo(left - CUT_MARK - mm(1), y)
      .lineTo(left - mm(1), y)
      .stroke();
    doc
      .moveTo(left + A4.columns * A4.width + mm(1), y)
      .lineTo(left + A4.columns * A4.width + CUT_MARK + mm(1), y)
      .stroke();
  }
  doc.endMarkedContent();
}

/** The largest size (down to `min`) at which `text` fits `width` on one line, or null. */
function fittingSize(doc: PDFKit.PDFDocument, text: string, font: string, width: number, max: number, min: number): number | null {
  doc.font(font);
  for (let size = max; size >= min; size -= 1) {
    if (doc.fontSize(size).widthOfString(text) <= width) return size;
  }
  return null;
}

function drawBadge(
  doc: PDFKit.PDFDocument,
  structure: PDFKit.PDFStructureElement,
  box: Box,
  attendee: ExportAttendee,
  eventTitle: string,
  language: Language,
  scale: number,
) {
  const inner = { x: box.x + PADDING, width: box.width - 2 * PADDING };
  const badge = doc.struct("Div");
  structure.add(badge);
  const paragraph = (draw: () => void) => badge.add(doc.struct("P", {}, draw));
  paragraph(() =>
    doc
      .fillColor("#0b4f6c")
      .font("regular")
      .fontSize(8 * scale)
      .text(eventTitle, inner.x, box.y + PADDING, { width: inner.width, height: 10 * scale * 2, ellipsis: true }),
  );

  const name = `${attendee.firstName} ${attendee.lastName}`;
  let y = box.y + box.height * 0.3;
  doc.fillColor("#000000");
  const single = fittingSize(doc, name, "bold", inner.width, 24 * scale, 14 * scale);
  if (single !== null) {
    paragraph(() => doc.font("bold").fontSize(single).text(name, inner.x, y, { width: inner.width, lineBreak: false }));
    y += single * 1.25;
  } else {
    // Two lines; a part still too long is set condensed at the smallest size and cut with an ellipsis.
    for (const part of [attendee.firstName, attendee.lastName]) {
      const size = fittingSize(doc, part, "bold", inner.width, 20 * scale, 10 * scale);
      const top = y;
      paragraph(() =>
        doc
          .font(size === null ? "condensed-bold" : "bold")
          .fontSize(size ?? 10 * scale)
          .text(part, inner.x, top, { width: inner.width, lineBreak: false, ellipsis: true, height: (size ?? 10 * scale) * 1.3 }),
      );
      y += (size ?? 10 * scale) * 1.2;
    }
  }
  const organisationSize = fittingSize(doc, attendee.organisation, "regular", inner.width, 12 * scale, 7 * scale) ?? 7 * scale;
  const organisationTop = y + 2;
  paragraph(() =>
    doc
      .font("regular")
      .fontSize(organisationSize)
      .text(attendee.organisation, inner.x, organisationTop, { width: inner.width, height: 30 * scale, ellipsis: true }),
  );
  const ticket = localized(language, attendee.ticketType.nameDe, attendee.ticketType.nameEn);
  paragraph(() =>
    doc
      .fillColor("#4a5560")
      .font("regular")
      .fontSize(8 * scale)
      .text(ticket, inner.x, box.y + box.height - PADDING - 10 * scale, { width: inner.width, lineBreak: false, ellipsis: true }),
  );
  doc.fillColor("#000000");
  badge.end();
}
