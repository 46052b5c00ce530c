import path from "node:path";
import { openDatabase } from "../app/db.server";
import { getEnv } from "../app/env.server";
import { ensureInitialAccounts } from "../app/modules/staff/accounts.server";
import { seedDemoCongress } from "./demo-congress";

/** Seeds the demo congress into an empty database; leaves a database with any event alone. */
export async function seedIfEmpty(): Promise<boolean> {
  const database = await openDatabase(getEnv().DATABASE_URL);
  try {
    if ((await database.read.event.count()) > 0) return false;
    await seedDemoCongress(database.write);
    return true;
  } finally {
    await database.close();
  }
}

/** The first organiser and check-in accounts, when there are none yet; returns what was created. */
export async function createInitialAccounts() {
  const env = getEnv();
  const database = await openDatabase(env.DATABASE_URL);
  try {
    return await ensureInitialAccounts(database.write, { adminEmail: env.ADMIN_EMAIL, adminPassword: env.ADMIN_PASSWORD });
  } finally {
    await database.close();
  }
}

// Run as `npm run db:seed` (not when bundled into build/start.mjs, whose own URL is then the entry).
if (process.argv[1]?.endsWith(path.join("prisma", "seed.ts"))) {
  const seeded = await seedIfEmpty();
  console.log(seeded ? "Seeded the demo congress." : "The database already has events; nothing seeded.");
}
