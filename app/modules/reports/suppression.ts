/**
 * Small groups hidden in the funding report: a count of 1 to 4 people is shown as "< 5", so nobody can be
 * recognised from a table (0 identifies nobody and stays). Where a column then has exactly one hidden cell and
 * its total is shown, the total minus the others would give it away, so the next smallest count of that column
 * is hidden too (secondary suppression, as statistics offices do).
 */
export const SMALL_GROUP = 5;
export type ReportCell = string | number | null | { hidden: true };
export const HIDDEN: ReportCell = { hidden: true };

export const isHidden = (cell: ReportCell): cell is { hidden: true } => typeof cell === "object" && cell !== null && "hidden" in cell;

const small = (value: number) => value > 0 && value < SMALL_GROUP;

/**
 * Hides the small counts of the given columns. `rows` are the table's body rows; `dependents` maps a column to
 * columns derived from it (a fill rate from its bookings) that are hidden with it.
 */
export function suppressSmallGroups(rows: ReportCell[][], countColumns: number[], dependents: Record<number, number[]> = {}): ReportCell[][] {
  const result = rows.map((row) => [...row]);
  for (const column of countColumns) {
    const hiddenRows: number[] = [];
    result.forEach((row, index) => {
      const value = row[column];
      if (typeof value === "number" && small(value)) hiddenRows.push(index);
    });
    if (hiddenRows.length === 1) {
      // The next smallest shown count of the column goes too, so the total does not reveal the hidden one.
      let next = -1;
      result.forEach((row, index) => {
        const value = row[column];
        if (typeof value !== "number" || value === 0 || hiddenRows.includes(index)) return;
        const best = next < 0 ? null : result[next]![column];
        if (next < 0 || (typeof best === "number" && value < best)) next = index;
      });
      if (next >= 0) hiddenRows.push(next);
    }
    for (const index of hiddenRows) {
      result[index]![column] = HIDDEN;
      for (const dependent of dependents[column] ?? []) result[index]![dependent] = HIDDEN;
    }
  }
  return result;
}

/** A total is hidden only when it is small itself. */
export const suppressedTotal = (value: number): ReportCell => (small(value) ? HIDDEN : value);
