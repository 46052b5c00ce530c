import type { PrismaClient } from "~/generated/prisma/client";
import { generatePassword, hashPassword } from "./passwords.server";

export type CreatedAccount = { email: string; password: string | null; role: "organiser" | "checkin" };

/**
 * The first staff accounts, made on first start: the organiser from ADMIN_EMAIL/ADMIN_PASSWORD (or with a
 * generated password), and a check-in account for the door. Returns what was created, so the start command
 * can print generated passwords once; existing accounts are never touched.
 */
export async function ensureInitialAccounts(
  db: PrismaClient,
  options: { adminEmail?: string; adminPassword?: string; checkinEmail?: string },
): Promise<CreatedAccount[]> {
  const created: CreatedAccount[] = [];
  if ((await db.staffUser.count({ where: { role: "organiser" } })) === 0) {
    const email = (options.adminEmail ?? "organisation@kongress.local").toLowerCase();
    const password = options.adminPassword ?? generatePassword();
    const passwordHash = await hashPassword(password);
    await db.$transaction((tx) => tx.staffUser.create({ data: { email, name: "Organisation", role: "organiser", passwordHash } }));
    created.push({ email, password: options.adminPassword ? null : password, role: "organiser" });
  }
  if ((await db.staffUser.count({ where: { role: "checkin" } })) === 0) {
    const email = (options.checkinEmail ?? "einlass@kongress.local").toLowerCase();
    const password = generatePassword();
    const passwordHash = await hashPassword(password);
    await db.$transaction((tx) => tx.staffUser.create({ data: { email, name: "Einlass", role: "checkin", passwordHash } }));
    created.push({ email, password, role: "checkin" });
  }
  return created;
}
