import type { SqlQuery } from "@prisma/driver-adapter-utils";
import { expect } from "vitest";
import type { Database } from "~/db.server";

/**
 * The statements `work` sends through the read connection (plain-SQL reads and Prisma's reads alike, which share
 * its driver adapter), and SQLite's plan for each. SQLite plans by the schema alone, so a plan found here is the
 * plan a full database gets; PostgreSQL plans by statistics, which a test's few rows do not show.
 */
export async function readPlans(database: Database, work: () => Promise<unknown>): Promise<{ sql: string; steps: string[] }[]> {
  if (database.dialect !== "sqlite") throw new Error("query plans are checked on SQLite");
  const reader = database.rawReader;
  const statements: SqlQuery[] = [];
  const queryRaw = reader.queryRaw.bind(reader);
  reader.queryRaw = (query) => (statements.push(query), queryRaw(query));
  try {
    await work();
  } finally {
    reader.queryRaw = queryRaw;
  }
  return Promise.all(
    statements.map(async (statement) => {
      const plan = await reader.queryRaw({ ...statement, sql: `EXPLAIN QUERY PLAN ${statement.sql}` });
      const detail = plan.columnNames.indexOf("detail");
      return { sql: statement.sql, steps: plan.rows.map((row) => String(row[detail])) };
    }),
  );
}

/**
 * Every table is searched through an index on one of `keys` (or a primary key): never scanned whole, and never
 * searched by a status or kind that rows of every event share, whose cost grows with the whole database.
 */
export function expectSearchedBy(plans: { sql: string; steps: string[] }[], keys: string[]) {
  const byKey = new RegExp(`^SEARCH \\S+ USING (COVERING )?(INDEX \\S*(${keys.join("|")}|autoindex)\\S*|INTEGER PRIMARY KEY|PRIMARY KEY)`);
  for (const { sql, steps } of plans) {
    for (const step of steps.filter((step) => /^(SCAN|SEARCH) /.test(step))) expect(step, sql).toMatch(byKey);
  }
}
