import type { Database } from "~/db.server";
import { ATTENDEE_ACTOR, audit } from "~/modules/audit/log.server";
import { loadManageScope } from "~/modules/registration/self-service.server";
import { personalData } from "./subject-access.server";

/**
 * The data download behind a manage link: only for an attendee the link covers, with the registration's own data
 * (contact, invoice address) only through the contact's link. Each download is recorded.
 */
export async function personalDataByLink(database: Database, token: string, attendeeId: string | null, address: string | null) {
  const scope = await loadManageScope(database.read, token);
  if (!scope) return null;
  const attendee = scope.attendees.find((candidate) => candidate.id === attendeeId) ?? scope.attendees[0];
  if (!attendee || attendee.anonymisedAt) return null;
  const found = await personalData(database.read, attendee.id, scope.isContact);
  if (found) await audit(database, ATTENDEE_ACTOR(address), "attendee.data_download", { subject: `attendee:${attendee.id}` });
  return found ? { data: found, attendeeId: attendee.id } : null;
}
