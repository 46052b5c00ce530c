import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { preparingClient } from "~/modules/db/prepared-statements.server";
import { TEST_POSTGRES_URL } from "../support/postgres";

/**
 * Statements run again and again are prepared on PostgreSQL (decision 022): the server plans them once per
 * connection instead of on every execution. What must hold besides: one-off text is not kept, a connection keeps
 * a bounded number, and a schema change under a running instance does not break a prepared `SELECT *`.
 */
describe.skipIf(!TEST_POSTGRES_URL)("prepared statements on PostgreSQL", () => {
  const pools: pg.Pool[] = [];
  afterAll(() => Promise.all(pools.map((pool) => pool.end())));
  // One connection, so that pg_prepared_statements (per session) shows what the pool's connection prepared.
  const onePool = (limits?: { perConnection: number; remembered: number }) => {
    const pool = new pg.Pool({ connectionString: TEST_POSTGRES_URL, max: 1, Client: preparingClient(limits) });
    pools.push(pool);
    return pool;
  };
  const prepared = async (pool: pg.Pool) =>
    (await pool.query<{ statement: string }>("SELECT statement FROM pg_prepared_statements ORDER BY statement")).rows.map((row) => row.statement);

  it("prepares a statement from its second run on, and answers the same as unprepared", async () => {
    const pool = onePool();
    const text = "SELECT $1::integer + 1 AS next";
    const answers = [];
    for (let run = 0; run < 3; run++) answers.push((await pool.query({ text, values: [run], rowMode: "array" })).rows);
    expect(answers).toEqual([[[1]], [[2]], [[3]]]);
    expect(await prepared(pool)).toEqual([text]);
    // The callback form (pg.Pool's own query uses it) answers through the same prepared statement.
    const viaCallback = await new Promise((resolve, reject) =>
      pool
        .connect()
        .then((client) =>
          client.query(
            { text, values: [41] },
            (error: Error | null, result: pg.QueryResult) => (client.release(), error ? reject(error) : resolve(result.rows)),
          ),
        ),
    );
    expect(viaCallback).toEqual([{ next: 42 }]);
  });

  it("leaves text seen once unprepared and keeps at most the connection's limit", async () => {
    const pool = onePool({ perConnection: 3, remembered: 100 });
    await pool.query({ text: "SELECT 'once' AS seen" });
    for (let statement = 0; statement < 5; statement++) {
      for (let run = 0; run < 2; run++) await pool.query({ text: `SELECT ${statement} AS statement` });
    }
    expect(await prepared(pool)).toEqual(["SELECT 0 AS statement", "SELECT 1 AS statement", "SELECT 2 AS statement"]);
    // Beyond the limit a statement still runs, unnamed.
    expect((await pool.query({ text: "SELECT 4 AS statement" })).rows).toEqual([{ statement: 4 }]);
  });

  it("answers a prepared SELECT * again after its table gained a column", async () => {
    const pool = onePool();
    const table = `prepared_${process.pid}_${Date.now()}`;
    await pool.query(`CREATE TABLE "${table}" ("id" integer)`);
    try {
      await pool.query(`INSERT INTO "${table}" VALUES (1)`);
      const text = `SELECT * FROM "${table}"`;
      for (let run = 0; run < 2; run++) expect((await pool.query({ text })).rows).toEqual([{ id: 1 }]);
      expect(await prepared(pool)).toContain(text);
      // As a migration run by another instance would.
      await pool.query(`ALTER TABLE "${table}" ADD COLUMN "note" text DEFAULT 'neu'`);
      expect((await pool.query({ text })).rows).toEqual([{ id: 1, note: "neu" }]);
      expect((await pool.query({ text })).rows).toEqual([{ id: 1, note: "neu" }]);
    } finally {
      await pool.query(`DROP TABLE "${table}"`);
    }
  });
});
