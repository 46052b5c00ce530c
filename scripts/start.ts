import { existsSync, statSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { getEnv } from "../app/env.server";
import { isPostgresUrl } from "../app/modules/db/dialect";
import {
  MIGRATIONS_DIR,
  POSTGRES_MIGRATIONS_DIR,
  lockedByAnotherProcess,
  pendingMigrations,
  pendingPostgresMigrations,
  underStartLock,
} from "./migration-state";

/**
 * `npm start`: check the configuration, apply migrations, seed the demo congress into an empty database,
 * build when the sources are newer than the build, and serve the production build.
 */
const root = path.resolve(import.meta.dirname, "..");

function run(command: string, args: string[], what: string) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: process.env });
  if (result.status !== 0) {
    console.error(`\n✗ ${what} failed (exit ${result.status}).`);
    process.exit(result.status ?? 1);
  }
}

/** A database URL fit for the console: a PostgreSQL password never reaches a log. */
const withoutCredentials = (url: string) => url.replace(/\/\/[^@/]*@/, "//…@");

function buildIfNeeded() {
  if (!buildIsCurrent() || process.env.KONGRESS_FORCE_BUILD === "1") {
    console.log("Building the app …");
    run(path.join(root, "node_modules/.bin/remix"), ["vite:build"], "Building the app");
  }
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

function buildIsCurrent(): boolean {
  const built = path.join(root, "build/server/index.js");
  if (!existsSync(built)) return false;
  const sources = Math.max(
    newestMtime(path.join(root, "app")),
    newestMtime(path.join(root, "public")),
    statSync(path.join(root, "vite.config.ts")).mtimeMs,
    statSync(path.join(root, "package-lock.json")).mtimeMs,
  );
  return statSync(built).mtimeMs >= sources;
}

/**
 * Applies pending migrations. Nothing pending (a restart): the engine is not started at all. Pending while another
 * process holds the database (an overlapping restart): waits for it, up to a minute, saying so, instead of failing
 * with the engine's "WASM_ERROR … SocketTimeout".
 */
function migrateIfNeeded(file: string) {
  const pending = pendingMigrations(file, MIGRATIONS_DIR(root));
  if (pending !== null && pending.length === 0) return;
  deployMigrations(file);
}

function deployMigrations(database: string) {
  for (let attempt = 1; ; attempt++) {
    const result = spawnSync(process.execPath, ["scripts/prisma.mjs", "migrate", "deploy"], { cwd: root, env: process.env, encoding: "utf8" });
    if (result.status === 0) return;
    const output = `${result.stdout}\n${result.stderr}`;
    if (lockedByAnotherProcess(output) && attempt < 12) {
      console.error(`The database ${database} is in use by another process (another Kongress still running?). Waiting for it (${attempt}/12) …`);
      spawnSync("sleep", ["5"]);
      continue;
    }
    console.error(output.trim());
    console.error(
      lockedByAnotherProcess(output)
        ? `\n✗ The database ${database} stayed locked by another process for a minute. Stop the other Kongress on this file, then start again.`
        : "\n✗ Applying the database migrations failed (see above).",
    );
    process.exit(1);
  }
}

let env;
try {
  env = getEnv();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
process.env.DATABASE_URL = env.DATABASE_URL;
// React and Express pick their fast production code paths from NODE_ENV.
process.env.NODE_ENV = env.NODE_ENV;

const { seedIfEmpty, createInitialAccounts } = await import("../prisma/seed");
let seeded: boolean;
let accounts: Awaited<ReturnType<typeof createInitialAccounts>>;

if (isPostgresUrl(env.DATABASE_URL)) {
  // Every instance signs staff sessions; a secret made per instance would sign people out on the next one.
  if (!process.env.SESSION_SECRET) {
    console.error(
      "✗ SESSION_SECRET must be set when DATABASE_URL is PostgreSQL: all instances must sign sessions with the same secret (e.g. `openssl rand -hex 32`).",
    );
    process.exit(1);
  }
  const shownUrl = withoutCredentials(env.DATABASE_URL);
  try {
    // One instance migrates and seeds; the others wait for it, then find nothing pending.
    [seeded, accounts] = await underStartLock(
      env.DATABASE_URL,
      async (client) => {
        const pending = await pendingPostgresMigrations(client, POSTGRES_MIGRATIONS_DIR(root));
        if (pending === null || pending.length > 0) deployMigrations(shownUrl);
        const prepared = [await seedIfEmpty(), await createInitialAccounts()] as const;
        // Under the lock too: instances on one machine share build/, and two builds at once would clash.
        buildIfNeeded();
        return prepared;
      },
      () => console.log("Another instance is preparing the database and the build; waiting for it …"),
    );
  } catch (error) {
    console.error(`✗ The PostgreSQL database ${shownUrl} cannot be prepared: ${(error as Error).message}`);
    process.exit(1);
  }
} else {
  const dbFile = env.DATABASE_URL.replace(/^file:/, "");
  const { mkdirSync } = await import("node:fs");
  mkdirSync(path.dirname(path.resolve(root, dbFile)), { recursive: true });

  migrateIfNeeded(path.resolve(root, dbFile));

  // The session cookie's secret survives restarts: made once and kept beside the database unless configured.
  if (!process.env.SESSION_SECRET) {
    const secretFile = path.join(path.dirname(path.resolve(root, dbFile)), "session-secret");
    if (!existsSync(secretFile)) writeFileSync(secretFile, randomBytes(32).toString("hex"), { mode: 0o600 });
    process.env.SESSION_SECRET = readFileSync(secretFile, "utf8").trim();
  }
  seeded = await seedIfEmpty();
  accounts = await createInitialAccounts();
  buildIfNeeded();
}
if (seeded) console.log("Seeded the demo congress (Fachkongress zur sozialen Quartiersentwicklung).");

const { startServer } = await import("../server/index");
let started;
try {
  started = await startServer();
} catch (error) {
  // Most often a second start beside a running one: said plainly instead of a stack trace.
  if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
    console.error(`\n✗ Port ${env.PORT} on ${env.HOST} is in use: another Kongress (or another program) runs there. Stop it, or set PORT.`);
    process.exit(1);
  }
  throw error;
}
const { server, stopBackgroundWork } = started;
// A graceful stop: finish requests under way, then exit (also lets --cpu-prof write its profile).
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    server.close(() => void stopBackgroundWork().finally(() => process.exit(0)));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 5_000).unref();
  });
}
console.log(`\nKongress is running: ${env.BASE_URL}`);
console.log(`  Database: ${withoutCredentials(env.DATABASE_URL)}`);
console.log(
  env.SMTP_URL
    ? `  Email: sent through ${new URL(env.SMTP_URL).host} as ${env.MAIL_FROM}`
    : `  Email: not sent anywhere (no SMTP_URL); every message is kept, complete, and organisers read it at ${env.BASE_URL}/admin/mail.`,
);
for (const account of accounts) {
  const role = account.role === "organiser" ? "Organiser" : "Check-in";
  console.log(
    `  ${role} account created: ${account.email}${account.password ? `, password ${account.password} (shown once; write it down)` : " (password from ADMIN_PASSWORD)"}`,
  );
}
console.log(`  Team sign-in: ${env.BASE_URL}/admin/login`);
console.log("  Stop with Ctrl+C.");
