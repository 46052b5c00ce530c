import type { Database } from "~/db.server";
import type { OutboxStatus } from "~/generated/prisma/client";

/** The outbox as organisers see it: newest first. */
export async function listOutbox(database: Database, take = 200) {
  const [rows, captured] = await Promise.all([
    database.read.emailOutbox.findMany({
      orderBy: { createdAt: "desc" },
      take,
      select: { id: true, recipient: true, subject: true, kind: true, status: true, attempts: true, lastError: true, createdAt: true, sentAt: true },
    }),
    // Which of them were only kept (no SMTP_URL), without loading the messages themselves.
    database.read.$queryRaw<{ id: string }[]>`SELECT "id" FROM "EmailOutbox" WHERE "capturedMessage" IS NOT NULL ORDER BY "createdAt" DESC LIMIT ${take}`,
  ]);
  const capturedIds = new Set(captured.map((row) => row.id));
  return rows.map((row) => ({ ...row, status: shownStatus(row.status, capturedIds.has(row.id)) }));
}

/** What organisers read as a mail's state: a mail kept in the app was never sent, so it does not say "sent". */
export function shownStatus(status: OutboxStatus, captured: boolean): OutboxStatus | "captured" {
  return status === "sent" && captured ? "captured" : status;
}

/**
 * One outbox row with its captured message opened up: the HTML with its cid: images inlined (mailparser
 * does that), the text part and the attachments' names.
 */
export async function openOutboxMessage(database: Database, id: string) {
  const row = await database.read.emailOutbox.findUnique({ where: { id } });
  if (!row) return null;
  // mailparser is loaded on first use: only organisers reading mail need it.
  const { simpleParser } = await import("mailparser");
  const parsed = row.capturedMessage ? await simpleParser(row.capturedMessage) : null;
  return {
    row,
    html: parsed && typeof parsed.html === "string" ? parsed.html : null,
    text: parsed?.text ?? null,
    attachments:
      parsed?.attachments.map((attachment) => ({ filename: attachment.filename ?? "", contentType: attachment.contentType, size: attachment.size })) ?? [],
  };
}

/** Puts a mail back in line at once, with fresh attempts (organisers resend failed or lost mail). */
export async function resendOutboxMessage(database: Database, id: string) {
  await database.write.$transaction((tx) =>
    tx.emailOutbox.update({ where: { id }, data: { status: "pending", attempts: 0, nextAttemptAt: new Date(), lockedUntil: null, lastError: null } }),
  );
}
