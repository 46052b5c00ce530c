import { z } from "zod";
import type { Database } from "~/db.server";
import { attendeeWhere } from "~/modules/attendees/list.server";
import { attendeeQueryString, type AttendeeQuery } from "~/modules/attendees/query";
import { line, text } from "~/modules/forms/text";
import { queueAttendeeMails } from "./queue.server";

/**
 * Messages from the organisers to a group of attendees: exactly the people the attendee list's filter
 * selects (cancelled ones never), e.g. everyone on bus 2. The message and the filter are kept; each
 * recipient's copy is an outbox row pointing at it, which is how its recipients and their delivery are
 * kept and the progress shown. Sent through the outbox like every other mail.
 */
export const MAX_RECIPIENTS = 5_000;

export const GroupMessageSchema = z.object({
  subject: line(200).pipe(z.string().min(1, "errors.required")),
  body: text(10_000).pipe(z.string().min(1, "errors.required")),
});
export type GroupMessageInput = z.infer<typeof GroupMessageSchema>;

// Who declined group messages (List-Unsubscribe) is left out, like whoever cancelled.
const recipientsWhere = (eventId: string, query: AttendeeQuery) => ({
  AND: [attendeeWhere(eventId, query), { status: { not: "cancelled" as const }, groupMailOptOutAt: null }],
});

export function countRecipients(database: Database, eventId: string, query: AttendeeQuery): Promise<number> {
  return database.read.attendee.count({ where: recipientsWhere(eventId, query) });
}

/** Keeps the message and queues one copy per recipient, in one transaction; returns its id and reach. */
export async function sendGroupMessage(
  database: Database,
  eventId: string,
  query: AttendeeQuery,
  message: GroupMessageInput,
  createdBy: string | null,
  now = new Date(),
): Promise<{ ok: true; id: string; recipients: number } | { ok: false; error: "nobody" | "tooMany" }> {
  return database.write.$transaction(async (tx) => {
    const recipients = await tx.attendee.findMany({ where: recipientsWhere(eventId, query), select: { id: true }, take: MAX_RECIPIENTS + 1 });
    if (recipients.length === 0) return { ok: false as const, error: "nobody" as const };
    if (recipients.length > MAX_RECIPIENTS) return { ok: false as const, error: "tooMany" as const };
    const filter = attendeeQueryString({ ...query, event: eventId, page: 1 });
    const groupMessage = await tx.groupMessage.create({
      data: { eventId, subject: message.subject, body: message.body, filter, recipientCount: recipients.length, createdBy, createdAt: now },
    });
    // In chunks: one multi-row insert per 500 rows stays far below SQLite's limit of bound parameters.
    for (let start = 0; start < recipients.length; start += 500) {
      await queueAttendeeMails(
        tx,
        recipients
          .slice(start, start + 500)
          .map((recipient) => ({ kind: "group_message" as const, attendeeId: recipient.id, groupMessageId: groupMessage.id })),
        now,
      );
    }
    return { ok: true as const, id: groupMessage.id, recipients: recipients.length };
  });
}

export async function groupMessageProgress(database: Database, id: string) {
  const rows = await database.read.emailOutbox.groupBy({ by: ["status"], where: { groupMessageId: id }, _count: { _all: true } });
  const count = (status: string) => rows.find((row) => row.status === status)?._count._all ?? 0;
  return { sent: count("sent"), failed: count("failed"), waiting: count("pending") + count("sending") };
}

export async function listGroupMessages(database: Database, eventId: string) {
  return database.read.groupMessage.findMany({ where: { eventId }, orderBy: { createdAt: "desc" }, take: 100 });
}

export async function loadGroupMessage(database: Database, id: string) {
  const message = await database.read.groupMessage.findUnique({ where: { id } });
  return message ? { message, progress: await groupMessageProgress(database, id) } : null;
}
