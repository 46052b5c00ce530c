import { z } from "zod";
import type { Database } from "~/db.server";
import type { Prisma, PrismaClient } from "~/generated/prisma/client";
import { auditIn, type Actor } from "~/modules/audit/log.server";
import { text } from "~/modules/forms/text";

/**
 * The legal texts: imprint (§ 5 DDG), privacy notice, accessibility statement (BITV 2.0 sample) and the easy
 * language page about registering. Each exists for the installation and, where an event's organiser differs,
 * for that event; an event without its own text shows the installation's. Texts are never edited in place:
 * saving writes a new version, so every version stays retrievable, above all the privacy notice a person
 * consented to (its version is kept with the consent).
 */
export { CONFORMITY, LEGAL_KINDS, LEGAL_PATHS, isLegalKind, type LegalKind } from "./kinds";
import { CONFORMITY, type LegalKind } from "./kinds";

const optionalText = (max: number) => text(max).transform((value) => value || null);
export const LegalTextSchema = z.object({
  bodyDe: text(50_000).pipe(z.string().min(1, "errors.required")),
  bodyEn: optionalText(50_000),
  conformity: z
    .enum(CONFORMITY)
    .or(z.literal(""))
    .transform((value) => value || null),
  limitationsDe: optionalText(10_000),
  limitationsEn: optionalText(10_000),
  preparedOn: z
    .string()
    .trim()
    .refine((value) => value === "" || /^\d{4}-\d{2}-\d{2}$/.test(value), "errors.invalidDate")
    .transform((value) => (value ? new Date(`${value}T12:00:00Z`) : null)),
  contactEmail: z
    .string()
    .trim()
    .max(254, "errors.tooLong:254")
    .refine((value) => value === "" || z.email().safeParse(value).success, "errors.invalidEmail")
    .transform((value) => value || null),
});
export type LegalTextInput = z.infer<typeof LegalTextSchema>;

/**
 * The text to show: a given version, else the current one; the event's own when it has one, else the
 * installation's. Also lists the versions there are, newest first.
 */
export async function loadLegalText(db: PrismaClient, kind: LegalKind, options: { eventSlug?: string | null; version?: string | null } = {}) {
  const event = options.eventSlug
    ? await db.event.findUnique({ where: { slug: options.eventSlug }, select: { id: true, slug: true, titleDe: true, titleEn: true, status: true } })
    : null;
  const visibleEvent = event && event.status !== "draft" ? event : null;
  const ownCount = visibleEvent ? await db.legalText.count({ where: { kind, eventId: visibleEvent.id } }) : 0;
  const eventId = ownCount > 0 ? visibleEvent!.id : null;
  const versions = await db.legalText.findMany({
    where: { kind, eventId },
    orderBy: { createdAt: "desc" },
    select: { version: true, createdAt: true },
    take: 200,
  });
  const wanted = options.version ? versions.find((entry) => entry.version === options.version)?.version : versions[0]?.version;
  const current = wanted ? await db.legalText.findFirst({ where: { kind, eventId, version: wanted } }) : null;
  return { text: current, versions, event: eventId ? visibleEvent : null };
}

/** The next version name for a text saved today: "2026-11-25.1", "2026-11-25.2", … */
async function nextVersion(tx: Prisma.TransactionClient, kind: LegalKind, eventId: string | null, now: Date): Promise<string> {
  const day = now.toISOString().slice(0, 10);
  const today = await tx.legalText.count({ where: { kind, eventId, version: { startsWith: day } } });
  return `${day}.${today + 1}`;
}

/** Saves a text as its new current version; recorded in the audit log. */
export async function saveLegalText(database: Database, kind: LegalKind, eventId: string | null, input: LegalTextInput, actor: Actor, now = new Date()) {
  return database.write.$transaction(async (tx) => {
    const version = await nextVersion(tx, kind, eventId, now);
    const saved = await tx.legalText.create({
      data: {
        kind,
        eventId,
        version,
        ...input,
        ...(kind === "accessibility" ? {} : { conformity: null, limitationsDe: null, limitationsEn: null, preparedOn: null }),
        createdBy: actor.name,
        createdAt: now,
      },
    });
    await auditIn(tx, actor, "legal.change", { subject: eventId ? `event:${eventId}` : "installation", detail: `${kind} version ${version}` }, now);
    return saved;
  });
}

/**
 * Keeps every version of an event's privacy notice (edited in the event editor) as a legal text: a changed text
 * needs a new version name, and a version name once used keeps its text. Throws a field error code otherwise.
 */
export async function recordPrivacyNotice(
  tx: Prisma.TransactionClient,
  eventId: string,
  notice: { privacyNoticeVersion: string; privacyNoticeDe: string; privacyNoticeEn: string | null },
  now: Date,
): Promise<"ok" | "errors.privacyVersionUnchanged" | "errors.privacyVersionTaken"> {
  const existing = await tx.legalText.findUnique({ where: { eventId_kind_version: { eventId, kind: "privacy", version: notice.privacyNoticeVersion } } });
  if (existing) {
    const same = existing.bodyDe === notice.privacyNoticeDe && (existing.bodyEn ?? null) === (notice.privacyNoticeEn ?? null);
    if (same) return "ok";
    const latest = await tx.legalText.findFirst({ where: { eventId, kind: "privacy" }, orderBy: { createdAt: "desc" }, select: { version: true } });
    return latest?.version === notice.privacyNoticeVersion ? "errors.privacyVersionUnchanged" : "errors.privacyVersionTaken";
  }
  await tx.legalText.create({
    data: { eventId, kind: "privacy", version: notice.privacyNoticeVersion, bodyDe: notice.privacyNoticeDe, bodyEn: notice.privacyNoticeEn, createdAt: now },
  });
  return "ok";
}
