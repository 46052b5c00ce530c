import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { SqlDriverAdapter, SqlQuery } from "@prisma/driver-adapter-utils";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

/**
 * The SQLite adapter keeps one prepared statement per SQL text (patches/@prisma+adapter-better-sqlite3+*.patch).
 * A kept statement must behave as a fresh one: its own values each time, the schema as it is now.
 */
const query = (sql: string, ...args: unknown[]): SqlQuery => ({ sql, args, argTypes: args.map(() => ({ scalarType: "unknown", arity: "scalar" })) });

describe("the SQLite adapter's statement cache", () => {
  let directory: string;
  let adapter: SqlDriverAdapter;
  let prepare: ReturnType<typeof vi.spyOn>;

  beforeEach(async () => {
    directory = mkdtempSync(join(tmpdir(), "kongress-statements-"));
    adapter = await new PrismaBetterSQLite3({ url: `file:${join(directory, "test.db")}` }).connect();
    // The adapter's better-sqlite3 connection: not part of its typed interface, so reached by name.
    const client = (adapter as unknown as { client: { prepare: (sql: string) => unknown } }).client;
    prepare = vi.spyOn(client, "prepare");
    await adapter.executeScript("CREATE TABLE seat (id INTEGER PRIMARY KEY, label TEXT)");
  });
  afterEach(async () => {
    await adapter.dispose();
    rmSync(directory, { recursive: true, force: true });
  });

  it("prepares a statement once and binds each call's own values", async () => {
    const insert = "INSERT INTO seat (id, label) VALUES (?, ?)";
    for (let id = 1; id <= 5; id++) expect(await adapter.executeRaw(query(insert, id, `seat ${id}`))).toBe(1);
    const select = "SELECT label FROM seat WHERE id = ?";
    expect((await adapter.queryRaw(query(select, 2))).rows).toEqual([["seat 2"]]);
    expect((await adapter.queryRaw(query(select, 4))).rows).toEqual([["seat 4"]]);
    expect(prepare.mock.calls.filter(([sql]) => sql === insert)).toHaveLength(1);
    expect(prepare.mock.calls.filter(([sql]) => sql === select)).toHaveLength(1);
  });

  it("reads a changed schema through a kept statement, and inside transactions on the same connection", async () => {
    const select = "SELECT * FROM seat";
    await adapter.executeRaw(query("INSERT INTO seat (id, label) VALUES (1, 'a')"));
    expect((await adapter.queryRaw(query(select))).columnNames).toEqual(["id", "label"]);
    await adapter.executeScript("ALTER TABLE seat ADD COLUMN bus TEXT");
    const transaction = await adapter.startTransaction();
    const after = await transaction.queryRaw(query(select));
    expect(after.columnNames).toEqual(["id", "label", "bus"]);
    expect(after.rows[0]).toHaveLength(3);
    await transaction.executeRaw(query("ROLLBACK"));
    await transaction.rollback();
  });

  it("stays bounded: after many distinct statements the first is prepared again and still right", async () => {
    for (let n = 0; n < 600; n++) await adapter.queryRaw(query(`SELECT ${n} AS n`));
    expect((await adapter.queryRaw(query("SELECT 0 AS n"))).rows).toEqual([["0"]]);
    expect(prepare.mock.calls.filter(([sql]) => sql === "SELECT 0 AS n")).toHaveLength(2);
  });
});
