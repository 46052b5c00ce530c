import { createHmac, timingSafeEqual } from "node:crypto";
import type { Database } from "~/db.server";
import { getEnv } from "~/env.server";

/**
 * Declining the organisers' group messages (RFC 8058 one-click List-Unsubscribe, which the large mail providers
 * require of bulk senders). Each group message carries a link per recipient: the attendee's id and a signature of it
 * (HMAC with the installation's secret), so the link works without a stored token and cannot be made for someone
 * else. It ends group messages for that person and event only: mail about their own registration (confirmation,
 * changes, reminders) still comes, as it must.
 */
const signature = (attendeeId: string) => createHmac("sha256", getEnv().SESSION_SECRET).update(`unsubscribe:${attendeeId}`).digest("base64url").slice(0, 32);

export const unsubscribeUrl = (baseUrl: string, attendeeId: string) => `${baseUrl}/unsubscribe/${attendeeId}.${signature(attendeeId)}`;

/** The attendee a link names, when its signature is right; null for anything else. */
export function attendeeOfUnsubscribeToken(token: string): string | null {
  const match = /^([a-z0-9]{1,64})\.([A-Za-z0-9_-]{32})$/.exec(token);
  if (!match) return null;
  const expected = Buffer.from(signature(match[1]!));
  const given = Buffer.from(match[2]!);
  return expected.length === given.length && timingSafeEqual(expected, given) ? match[1]! : null;
}

export type UnsubscribeState = { eventTitleDe: string; eventTitleEn: string | null; optedOutAt: Date | null };

export async function unsubscribeState(database: Database, attendeeId: string): Promise<UnsubscribeState | null> {
  const attendee = await database.read.attendee.findUnique({
    where: { id: attendeeId },
    select: { groupMailOptOutAt: true, event: { select: { titleDe: true, titleEn: true } } },
  });
  return attendee ? { eventTitleDe: attendee.event.titleDe, eventTitleEn: attendee.event.titleEn, optedOutAt: attendee.groupMailOptOutAt } : null;
}

/** Ends the person's group messages for the event (again: nothing changes); false when there is no such person. */
export async function optOutOfGroupMail(database: Database, attendeeId: string, now = new Date()): Promise<boolean> {
  return database.write.$transaction(async (tx) => {
    const found = await tx.attendee.findUnique({ where: { id: attendeeId }, select: { id: true } });
    if (!found) return false;
    await tx.attendee.updateMany({ where: { id: attendeeId, groupMailOptOutAt: null }, data: { groupMailOptOutAt: now } });
    // Copies of group messages still waiting for this person are not sent either.
    await tx.emailOutbox.deleteMany({ where: { attendeeId, kind: "group_message", status: "pending" } });
    return true;
  });
}
