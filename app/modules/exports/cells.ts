/**
 * A cell a spreadsheet would run as a formula (OWASP "CSV injection"): text beginning with =, +, -, @,
 * a tab or a carriage return. Such text gets a leading apostrophe, which spreadsheets show as text.
 * Applied to every text cell of every export, CSV and XLSX alike, so a name like "=HYPERLINK(…)" is
 * harmless wherever the file ends up (an XLSX re-saved as CSV included).
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralise(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export type CellValue = string | number | Date | null;

export function safeCell(value: CellValue): CellValue {
  return typeof value === "string" ? neutralise(value) : value;
}
