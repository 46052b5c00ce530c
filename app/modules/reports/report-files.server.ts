import { PassThrough, type Readable } from "node:stream";
import { safeCell, type CellValue } from "~/modules/exports/cells";
import { printedTable } from "~/modules/exports/printed-table.server";
import { excelSheetName } from "~/modules/exports/writers.server";
import { formatDateTime } from "~/modules/i18n/format";
import type { Language } from "~/modules/i18n/language";
import { translator } from "~/modules/i18n/messages";
import type { FundingReport, ReportColumn, ReportTable } from "./funding.server";
import { isHidden, type ReportCell } from "./suppression";

/** A cell as people read it: "< 5" for a hidden group, "–" for a figure that does not exist yet, German numbers. */
export function cellText(cell: ReportCell, column: ReportColumn, language: Language): string {
  const t = translator(language);
  if (isHidden(cell)) return t("report.hidden");
  if (cell === null) return t("report.notYet");
  if (typeof cell === "string") return cell;
  return new Intl.NumberFormat(language === "de" ? "de-DE" : "en-GB", { maximumFractionDigits: column.kind === "percent" ? 1 : 0 }).format(cell);
}

/** A cell in a spreadsheet: numbers stay numbers (they add up in Excel), hidden groups are the text "< 5". */
function sheetCell(cell: ReportCell, language: Language): CellValue {
  if (isHidden(cell)) return translator(language)("report.hidden");
  return safeCell(cell);
}

export const tableRows = (table: ReportTable) => (table.total ? [...table.rows, table.total] : table.rows);

/** The report as XLSX: one sheet per table, its title above, the header bold, the totals row bold. */
export async function reportXlsx(report: FundingReport, language: Language): Promise<Readable> {
  const { default: ExcelJS } = await import("exceljs");
  const t = translator(language);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Kongress";
  const used = new Set<string>();
  for (const table of report.tables) {
    let name = excelSheetName(table.title);
    for (let suffix = 2; used.has(name); suffix += 1) name = excelSheetName(`${table.title.slice(0, 27)} ${suffix}`);
    used.add(name);
    const sheet = workbook.addWorksheet(name);
    sheet.columns = table.columns.map((column) => ({ width: column.kind === "text" ? 42 : 16 }));
    sheet.addRow([safeCell(`${report.event.title} – ${table.title}`)]).font = { bold: true, size: 13 };
    sheet.addRow([t("report.generatedAt", { date: formatDateTime(report.generatedAt, language) })]);
    if (table.note) sheet.addRow([safeCell(table.note)]);
    const header = sheet.addRow(table.columns.map((column) => safeCell(column.label)));
    header.font = { bold: true };
    header.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDCE8EF" } };
    for (const row of table.rows) sheet.addRow(row.map((cell) => sheetCell(cell, language)));
    if (table.total) sheet.addRow(table.total.map((cell) => sheetCell(cell, language))).font = { bold: true };
  }
  const output = new PassThrough();
  workbook.xlsx
    .write(output)
    .then(() => output.end())
    .catch((error: Error) => output.destroy(error));
  return output;
}

/** The report as a tagged A4 PDF: every table under its heading, totals as the last row. */
export function reportPdf(report: FundingReport, language: Language): Promise<Readable> {
  const t = translator(language);
  const section = (table: ReportTable) => {
    const textShare = table.columns.length > 4 ? 0.3 : 0.46;
    const others = table.columns.length - 1;
    return {
      heading: table.title,
      lines: table.note ? [table.note] : [],
      columns: table.columns.map((column, index) => ({ header: column.label, width: index === 0 ? textShare : (1 - textShare) / others })),
      rows: tableRows(table).map((row) => row.map((cell, index) => cellText(cell, table.columns[index]!, language))),
    };
  };
  const [first, ...more] = report.tables.map(section);
  return printedTable({
    title: `${t("report.title")}: ${report.event.title}`,
    heading: `${t("report.title")}: ${report.event.title}`,
    lines: [t("report.generatedAt", { date: formatDateTime(report.generatedAt, language) }), t("report.intro"), first!.heading],
    columns: first!.columns,
    rows: first!.rows,
    more,
  });
}
