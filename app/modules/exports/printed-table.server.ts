import type { Readable } from "node:stream";
import { fitText, mm, newPdf, tableCell } from "./pdf.server";

/**
 * A printable A4 list: a heading, a few lines about it, and a numbered table that runs over pages (its header
 * repeated), with page numbers. Tagged (PDF/UA): heading, paragraphs and a real table with header cells for
 * screen readers; rules, the repeated header and page numbers are artifacts. Used by the participant and bus
 * lists and the paper check-in list.
 */
export type PrintedColumn = {
  header: string;
  /** Share of the page width. */
  width: number;
  /** Never cut: shrunk to fit instead (a phone number). */
  whole?: boolean;
};

export async function printedTable(options: {
  title: string;
  heading: string;
  lines: string[];
  columns: PrintedColumn[];
  rows: string[][];
  rowHeight?: number;
  /** Further tables after the first, each under a heading of its own (the funding report has several). */
  more?: { heading: string; lines?: string[]; columns: PrintedColumn[]; rows: string[][] }[];
}): Promise<Readable> {
  const doc = await newPdf({
    size: "A4",
    margins: { top: mm(15), bottom: mm(15), left: mm(15), right: mm(15) },
    title: options.title,
    bufferPages: true,
    accessible: true,
  });
  const structure = doc.struct("Document");
  doc.addStructure(structure);
  const width = doc.page.width - mm(30);
  const paragraph = (tag: "H1" | "H2" | "P", text: string) => structure.add(doc.struct(tag, {}, () => doc.text(text)));
  doc.font("bold").fontSize(16);
  paragraph("H1", options.heading);
  doc.font("regular").fontSize(10);
  for (const line of options.lines) paragraph("P", line);
  doc.moveDown(0.8);
  const artifact = (draw: () => void) => {
    doc.markContent("Artifact");
    draw();
    doc.endMarkedContent();
  };

  const rowHeight = options.rowHeight ?? 18;
  // Each table's structure element, made when it is drawn (one made and left unused would keep the PDF from ending).
  let table: ReturnType<typeof doc.struct> | null = null;
  let columns: (PrintedColumn & { width: number })[] = [];
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
    if (row) table?.add(row);
    cells.forEach((cell, index) => {
      const column = columns[index]!;
      if (column.whole) fitText(doc, cell, column.width - 4, 9);
      const left = x;
      const write = () => doc.text(cell, left + 2, top + 5, { width: column.width - 4, height: rowHeight - 4, ellipsis: !column.whole, lineBreak: false });
      if (row) row.add(tableCell(doc, kind === "header" ? "TH" : "TD", write));
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
  const drawTable = (section: { columns: PrintedColumn[]; rows: string[][] }) => {
    const current = doc.struct("Table");
    table = current;
    structure.add(current);
    columns = section.columns.map((column) => ({ ...column, width: column.width * width }));
    drawRow(
      columns.map((column) => column.header),
      "header",
    );
    for (const cells of section.rows) drawRow(cells, "data");
    current.end();
  };
  drawTable(options);
  for (const section of options.more ?? []) {
    // A heading with at least its table's header and a row below it, else it starts the next page.
    if (doc.y + rowHeight * 4 > doc.page.height - doc.page.margins.bottom) doc.addPage();
    doc.moveDown(1);
    doc.font("bold").fontSize(12);
    paragraph("H2", section.heading);
    doc.font("regular").fontSize(9);
    for (const line of section.lines ?? []) paragraph("P", line);
    doc.moveDown(0.4);
    drawTable(section);
  }
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
