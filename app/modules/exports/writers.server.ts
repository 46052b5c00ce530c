import { stringify } from "csv-stringify";
import type { Readable } from "node:stream";
import { PassThrough } from "node:stream";
import { formatShortDate, formatTime } from "~/modules/i18n/format";
import { csvAmount, euros } from "~/modules/money/money";
import { safeCell, type CellValue } from "./cells";

/**
 * The two spreadsheet formats, written as streams: rows go out as they come, nothing holds the whole
 * file. Every CSV text cell is neutralised against formula injection (cells.ts); an XLSX string cell is a
 * string, which no spreadsheet runs as a formula, so it keeps the text exactly as it was.
 *
 * A column says what its cells are: text (or plain numbers), a moment (`dateTime`, a Date), a calendar day
 * (`day`, a Date shown without time, e.g. a due date) or money (`money`, whole cents).
 */
export type ColumnKind = "text" | "dateTime" | "day" | "money";
export type SheetColumn = { header: string; width: number; kind?: ColumnKind };

/** German Excel's number formats: € with two decimals (shown with the reader's separators), dates as Germans write them. */
const XLSX_FORMATS: Record<ColumnKind, string | undefined> = {
  text: undefined,
  dateTime: "dd.mm.yyyy hh:mm",
  day: "dd.mm.yyyy",
  money: '#,##0.00 "€"',
};

/** A CSV cell as German Excel reads it: dates in German notation, numbers with a decimal comma, amounts to the cent. */
function csvCell(value: CellValue, kind: ColumnKind): string | number {
  if (value === null) return "";
  if (value instanceof Date) return kind === "day" ? formatShortDate(value, "de") : germanDateTime(value);
  if (typeof value === "number") return kind === "money" ? csvAmount(value) : Number.isInteger(value) ? value : String(value).replace(".", ",");
  return safeCell(value) as string;
}

/** An XLSX cell: dates as Excel dates in Berlin wall-clock time, money as euros (numbers that sum), text as it is. */
function xlsxCell(value: CellValue, kind: ColumnKind): CellValue {
  if (value instanceof Date) return excelDate(value);
  if (typeof value === "number" && kind === "money") return euros(value);
  return value;
}

/**
 * CSV as German Excel opens it by double-click: UTF-8 with a byte order mark (or umlauts break),
 * semicolons between fields (German Excel's list separator), CRLF line ends, fields quoted per RFC 4180
 * when they hold a semicolon, a quote or a line break. Dates in German notation, Berlin time.
 */
export function csvStream(columns: SheetColumn[], rows: AsyncIterable<CellValue[][]>): Readable {
  const csv = stringify({ bom: true, delimiter: ";", record_delimiter: "windows", quoted_match: /^$/ });
  void (async () => {
    try {
      csv.write(columns.map((column) => safeCell(column.header)));
      for await (const batch of rows) {
        for (const row of batch) {
          const cells = row.map((value, index) => csvCell(value, columns[index]?.kind ?? "text"));
          // Respect back-pressure: a slow client slows the reading, memory stays flat.
          if (!csv.write(cells)) await new Promise((resolve) => csv.once("drain", resolve));
        }
      }
      csv.end();
    } catch (error) {
      csv.destroy(error as Error);
    }
  })();
  return csv;
}

/**
 * XLSX through exceljs's streaming writer: one sheet, the header row bold on a tinted fill and frozen,
 * column widths set, dates as real Excel dates (shown in Berlin time) so they sort and filter as dates,
 * amounts as numbers in a € format.
 */
export async function xlsxStream(sheetName: string, columns: SheetColumn[], rows: AsyncIterable<CellValue[][]>): Promise<Readable> {
  // Loaded on first use, like PDFKit: exceljs is large and only exports need it.
  const { default: ExcelJS } = await import("exceljs");
  const output = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  workbook.creator = "Kongress";
  const sheet = workbook.addWorksheet(excelSheetName(sheetName), { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = columns.map((column, index) => ({
    key: String(index),
    width: column.width,
    style: XLSX_FORMATS[column.kind ?? "text"] ? { numFmt: XLSX_FORMATS[column.kind ?? "text"] } : {},
  }));
  void (async () => {
    try {
      const header = sheet.addRow(columns.map((column) => column.header));
      header.font = { bold: true };
      header.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDCE8EF" } };
      header.commit();
      for await (const batch of rows) {
        for (const row of batch) sheet.addRow(row.map((value, index) => xlsxCell(value, columns[index]?.kind ?? "text"))).commit();
      }
      sheet.commit();
      await workbook.commit();
    } catch (error) {
      output.destroy(error as Error);
    }
  })();
  return output;
}

/**
 * Excel dates have no time zone: the cell holds the wall-clock time. Giving exceljs the Berlin wall-clock
 * time as if it were UTC makes the cell show what organisers in Berlin expect.
 */
function excelDate(date: Date): Date {
  return perMinute(excelDates, date, () => {
    const parts = Object.fromEntries(berlinParts.formatToParts(date).map((part) => [part.type, part.value]));
    return new Date(Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute)));
  });
}

/**
 * Intl's time-zone conversion is the costliest step per cell; exports repeat the same minutes (people
 * registered together), so each minute is converted once. Minutes are all the files show.
 */
const excelDates = new Map<number, Date>();
const germanDates = new Map<number, string>();
function perMinute<T>(cache: Map<number, T>, date: Date, make: () => T): T {
  const minute = Math.floor(date.getTime() / 60_000);
  let value = cache.get(minute);
  if (value === undefined) {
    if (cache.size > 50_000) cache.clear();
    value = make();
    cache.set(minute, value);
  }
  return value;
}
const germanDateTime = (date: Date) => perMinute(germanDates, date, () => `${formatShortDate(date, "de")} ${formatTime(date, "de")}`);
const berlinParts = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/Berlin",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

/**
 * A name Excel accepts for a sheet: at most 31 characters, none of : \\ / ? * [ ], not starting or ending
 * with an apostrophe. A workshop called "Klima: Hitze im Quartier" once made a file Excel had to repair.
 */
export function excelSheetName(name: string): string {
  const cleaned = name
    .replace(/[:\\/?*[\]]/g, "-")
    .replace(/[\u0000-\u001f]/g, " ")
    .trim()
    .slice(0, 31)
    .replace(/^'+|'+$/g, "")
    .trim();
  return cleaned || "Sheet1";
}
