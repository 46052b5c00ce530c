/**
 * A CSV cell a spreadsheet would run as a formula (OWASP "CSV injection"): text beginning with =, +, -, @,
 * a tab or a carriage return. Such text gets a leading apostrophe, which spreadsheets show as text.
 * Applied to every text cell of every CSV export. XLSX cells are typed: a string cell is never a formula, so
 * XLSX keeps the text as it is (an apostrophe there would become part of the data: '+49 6206 12345).
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralise(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export type CellValue = string | number | Date | null;

export function safeCell(value: CellValue): CellValue {
  return typeof value === "string" ? neutralise(value) : value;
}
