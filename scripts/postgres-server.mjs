#!/usr/bin/env node
// The PostgreSQL server that the drift check and the second integration run use, if one answers. On these
// machines it runs at 127.0.0.1:5432 with trust authentication; KONGRESS_POSTGRES_URL names another (a
// maintenance database such as /postgres, on which the role may create databases), "off" turns the runs off.
//   node scripts/postgres-server.mjs   prints the server's URL and exits 0, or says why not and exits 1
import pg from "pg";
import { fileURLToPath } from "node:url";

export const DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

export function postgresServerUrl() {
  const configured = process.env.KONGRESS_POSTGRES_URL;
  if (configured === "off") return null;
  return configured || DEFAULT_POSTGRES_URL;
}

/** Null when the server answers and may create databases, else the reason. */
export async function whyNotUsable(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const { rows } = await client.query("SELECT rolcreatedb OR rolsuper AS allowed FROM pg_roles WHERE rolname = current_user");
    return rows[0]?.allowed ? null : "its role may not create databases";
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

/** A URL on the same server naming another database. */
export function withDatabase(url, name) {
  const next = new URL(url);
  next.pathname = `/${name}`;
  return next.toString();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const url = postgresServerUrl();
  if (!url) {
    console.error("KONGRESS_POSTGRES_URL=off");
    process.exit(1);
  }
  const problem = await whyNotUsable(url);
  if (problem) {
    console.error(`${url.replace(/\/\/[^@]*@/, "//…@")}: ${problem}`);
    process.exit(1);
  }
  console.log(url);
}
