import type { Database } from "~/db.server";
import { ATTENDEE_ACTOR, audit } from "~/modules/audit/log.server";
import { attendeeByLink } from "~/modules/registration/self-service.server";
import { personalData } from "./subject-access.server";

/**
 * The data download behind a manage link: only for an attendee the link covers, with the registration's own data
 * (contact, invoice address) only through the contact's link. Each download is recorded.
 */
export async function personalDataByLink(database: Database, token: string, attendeeId: string | null, address: string | null) {
  const byLink = await attendeeByLink(database, token, attendeeId);
  if (!byLink || byLink.attendee.anonymisedAt) return null;
  const { scope, attendee } = byLink;
  const found = await personalData(database.read, attendee.id, scope.isContact);
  if (found) await audit(database, ATTENDEE_ACTOR(address), "attendee.data_download", { subject: `attendee:${attendee.id}` });
  return found ? { data: found, attendeeId: attendee.id } : null;
}
