/**
 * Whether a database error is a unique-key violation on a key that includes `column`. Raw statements and
 * Prisma's model queries report it differently (P2002 with the fields, or the driver's message through
 * the adapter), SQLite and PostgreSQL differently again; this reads them all.
 */
export function isUniqueViolation(error: unknown, column: string): boolean {
  const seen = new Set<unknown>();
  for (let current: unknown = error; current && typeof current === "object" && !seen.has(current); current = (current as { cause?: unknown }).cause) {
    seen.add(current);
    const candidate = current as { code?: unknown; message?: unknown; originalMessage?: unknown; meta?: { target?: unknown; driverAdapterError?: unknown } };
    // originalMessage: the driver's own words, under a driver adapter's error (plain-SQL transactions on SQLite).
    const text = `${String(candidate.message ?? "")} ${String(candidate.originalMessage ?? "")} ${JSON.stringify(candidate.meta ?? {})}`;
    const unique =
      candidate.code === "P2002" || candidate.code === "23505" || /UNIQUE constraint failed|unique constraint|UniqueConstraintViolation/i.test(text);
    if (unique && text.includes(column)) return true;
  }
  return false;
}
