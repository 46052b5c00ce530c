import pg from "pg";

/**
 * The PostgreSQL server the integration suite also runs against (docs/decisions/016). Set by scripts/test.sh
 * when a server answers; every test file gets a database of its own, copied from one migrated template.
 */
export const TEST_POSTGRES_URL = process.env.KONGRESS_TEST_POSTGRES_URL;

/** A URL on the same server naming another database. */
export { withDatabase as databaseUrl } from "../../scripts/postgres-server.mjs";

/** Runs statements on the server's maintenance connection (CREATE/DROP DATABASE cannot run in a pool's transaction). */
export async function onServer<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

// Names are made by the test support itself (letters, digits, underscores), never from input.
const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

export const dropDatabase = (serverUrl: string, name: string) =>
  onServer(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${quoted(name)} WITH (FORCE)`));

export const createDatabase = (serverUrl: string, name: string, template?: string) =>
  onServer(serverUrl, (client) => client.query(`CREATE DATABASE ${quoted(name)}${template ? ` TEMPLATE ${quoted(template)}` : ""}`));

/**
 * The template of the tests' databases collates in German (ICU), as a German deployment's database would: what
 * holds in these tests does not depend on the server's default locale (on these machines C.UTF-8, byte order).
 */
export const createGermanDatabase = (serverUrl: string, name: string) =>
  onServer(serverUrl, (client) =>
    client.query(`CREATE DATABASE ${quoted(name)} TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'de-DE' LOCALE 'C.UTF-8'`),
  );
