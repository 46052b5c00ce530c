import type { Database } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";

/**
 * The audit log: what staff (and the system's jobs) did with personal data, who, when and from where.
 * Append-only: this module only inserts and, for the log's own retention, deletes old rows; nothing updates one.
 * Details name what happened, never the personal data itself (an attendee is named by id).
 */
export { AUDIT_ACTIONS, AUDIT_PAGE_SIZE, AUDIT_RETENTION_MONTHS, type AuditAction } from "./actions";
import { AUDIT_PAGE_SIZE, AUDIT_RETENTION_MONTHS, type AuditAction } from "./actions";

/** Who did it: a staff member, an attendee through their private link, or a job of the server. */
export type Actor = { id: string | null; name: string; address?: string | null };
export const SYSTEM_ACTOR: Actor = { id: null, name: "system" };
export const ATTENDEE_ACTOR = (address?: string | null): Actor => ({ id: null, name: "attendee (manage link)", address });
export const staffActor = (user: { id: string; name: string }, address?: string | null): Actor => ({ id: user.id, name: user.name, address });

type Entry = { subject?: string | null; detail?: string | null };
type Writer = Pick<Prisma.TransactionClient, "auditEntry">;

function row(actor: Actor, action: AuditAction, entry: Entry, at: Date) {
  return {
    at,
    actorId: actor.id,
    actorName: actor.name.slice(0, 200),
    action,
    subject: entry.subject ?? null,
    detail: entry.detail?.slice(0, 500) ?? null,
    address: actor.address?.slice(0, 64) ?? null,
  };
}

/** Records one entry inside a transaction of the change it describes (it exists exactly when the change does). */
export async function auditIn(tx: Writer, actor: Actor, action: AuditAction, entry: Entry = {}, at = new Date()): Promise<void> {
  await tx.auditEntry.create({ data: row(actor, action, entry, at) });
}

/** Records one entry on its own (reads, exports, sign-ins). */
export async function audit(database: Database, actor: Actor, action: AuditAction, entry: Entry = {}, at = new Date()): Promise<void> {
  await database.write.$transaction((tx) => auditIn(tx, actor, action, entry, at));
}

export type AuditFilter = { action?: string; actor?: string; subject?: string; page?: number };

export async function listAudit(database: Database, filter: AuditFilter) {
  const where: Prisma.AuditEntryWhereInput = {
    ...(filter.action ? { action: filter.action } : {}),
    ...(filter.actor ? { actorName: { contains: filter.actor } } : {}),
    ...(filter.subject ? { subject: { contains: filter.subject } } : {}),
  };
  const page = Math.max(1, Math.min(10_000, filter.page ?? 1));
  const [entries, total] = await Promise.all([
    database.read.auditEntry.findMany({ where, orderBy: { at: "desc" }, skip: (page - 1) * AUDIT_PAGE_SIZE, take: AUDIT_PAGE_SIZE }),
    database.read.auditEntry.count({ where }),
  ]);
  return { entries, total, page };
}

export async function pruneAudit(database: Database, now = new Date()): Promise<number> {
  const before = new Date(now);
  before.setUTCMonth(before.getUTCMonth() - AUDIT_RETENTION_MONTHS);
  const [{ count }, feedback] = await database.write.$transaction([
    database.write.auditEntry.deleteMany({ where: { at: { lt: before } } }),
    // Accessibility feedback (names and addresses of the people who wrote) is kept as long as the log.
    database.write.feedback.deleteMany({ where: { createdAt: { lt: before } } }),
  ]);
  return count + feedback.count;
}
