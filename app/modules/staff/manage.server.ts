import type { Database } from "~/db.server";
import { Prisma } from "~/generated/prisma/client";
import { hashPassword } from "./passwords.server";
import type { NewStaff } from "./schema";

/** Organisers manage the team: list, add, disable and enable staff accounts. */
export async function listStaff(database: Database) {
  return database.read.staffUser.findMany({
    orderBy: [{ disabledAt: { sort: "asc", nulls: "first" } }, { role: "desc" }, { name: "asc" }],
    select: { id: true, name: true, email: true, role: true, disabledAt: true, createdAt: true },
  });
}

export type CreateStaffOutcome = { ok: true; id: string } | { ok: false; errors: Record<string, string[]> };

export async function createStaff(database: Database, input: NewStaff): Promise<CreateStaffOutcome> {
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await database.write.$transaction((tx) =>
      tx.staffUser.create({ data: { name: input.name, email: input.email, role: input.role, passwordHash }, select: { id: true } }),
    );
    return { ok: true, id: user.id };
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return { ok: false, errors: { email: ["errors.staffEmailTaken"] } };
    throw error;
  }
}

/**
 * Disables (or enables again) an account. Disabling ends its sessions at once. Nobody disables their own
 * account, so the team cannot lock itself out.
 */
export async function setStaffDisabled(database: Database, actingUserId: string, userId: string, disabled: boolean): Promise<boolean> {
  if (actingUserId === userId) return false;
  return database.write.$transaction(async (tx) => {
    const changed = await tx.staffUser.updateMany({ where: { id: userId }, data: { disabledAt: disabled ? new Date() : null } });
    if (disabled) await tx.staffSession.deleteMany({ where: { userId } });
    return changed.count === 1;
  });
}

/**
 * Sets a team member's password and ends their sessions, all but `keepSessionId` (the device of a person
 * changing their own password stays signed in).
 */
export async function setStaffPassword(database: Database, userId: string, password: string, keepSessionId: string | null = null): Promise<boolean> {
  const passwordHash = await hashPassword(password);
  return database.write.$transaction(async (tx) => {
    const changed = await tx.staffUser.updateMany({ where: { id: userId }, data: { passwordHash } });
    await tx.staffSession.deleteMany({ where: { userId, ...(keepSessionId ? { id: { not: keepSessionId } } : {}) } });
    return changed.count === 1;
  });
}
