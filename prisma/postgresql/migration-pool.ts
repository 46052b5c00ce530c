import pg from "pg";

/**
 * A pg.Pool for the Prisma CLI's WebAssembly schema engine. The engine reads PostgreSQL's catalogue, whose
 * identifiers have the internal type `name` (OID 19), which the driver adapter cannot deserialise
 * (prisma/orm#27403: "Column type 'name' could not be deserialized"). Reported as `text` (OID 25) instead, the
 * same strings arrive and `migrate deploy` works. The app itself never reads catalogue columns and uses a plain pool.
 */
const NAME_OID = 19;
const TEXT_OID = 25;

type Queryable = { query: (...args: never[]) => unknown };

function reportNamesAsText(result: unknown): unknown {
  for (const field of (result as { fields?: { dataTypeID: number }[] } | undefined)?.fields ?? []) {
    if (field.dataTypeID === NAME_OID) field.dataTypeID = TEXT_OID;
  }
  return result;
}

function patchQuery(target: Queryable) {
  const original = target.query.bind(target) as (...args: unknown[]) => unknown;
  // pg's query has many overloads (callback or promise); only the promise form is used by the adapter.
  target.query = ((...args: unknown[]) => {
    const outcome = original(...args);
    return outcome instanceof Promise ? outcome.then(reportNamesAsText) : outcome;
  }) as Queryable["query"];
}

export function migrationPool(connectionString: string): pg.Pool {
  const pool = new pg.Pool({ connectionString, max: 2 });
  patchQuery(pool as unknown as Queryable);
  pool.on("connect", (client) => patchQuery(client as unknown as Queryable));
  return pool;
}
