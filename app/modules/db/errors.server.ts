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

/**
 * Whether an error says the database cannot be reached right now (restarting, down, the network between): not a
 * fault of the request, nor of the app. Read from Prisma's codes (P1001 cannot reach, P1017 connection closed, P2010
 * with the driver's words), PostgreSQL's (57P01-57P03: shutting down, starting up) and the pg driver's messages.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let current: unknown = error; current && typeof current === "object" && !seen.has(current); current = (current as { cause?: unknown }).cause) {
    seen.add(current);
    const candidate = current as { code?: unknown; message?: unknown; originalCode?: unknown; originalMessage?: unknown };
    const code = String(candidate.code ?? candidate.originalCode ?? "");
    if (["P1001", "P1002", "P1017", "57P01", "57P02", "57P03", "ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT"].includes(code)) return true;
    const text = `${String(candidate.message ?? "")} ${String(candidate.originalMessage ?? "")}`;
    if (
      /Can't reach database server|Connection terminated|connection (?:was )?closed|Server has closed the connection|terminating connection due to administrator command|the database system is (?:starting up|shutting down|in recovery mode)|Client has encountered a connection error|ECONNREFUSED|ECONNRESET/i.test(
        text,
      )
    )
      return true;
  }
  return false;
}

/** Thrown where a request meets the database away; the server answers it with 503 and Retry-After. */
export class DatabaseUnavailable extends Error {
  constructor(cause: unknown) {
    super("the database is unavailable", { cause });
    this.name = "DatabaseUnavailable";
  }
}
