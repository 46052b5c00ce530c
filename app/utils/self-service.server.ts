import type { Database } from "~/db.server";
import { ATTENDEE_ACTOR, audit } from "~/modules/audit/log.server";
import type { ChangeOutcome } from "~/modules/registration/changes.server";
import { selfService, type SelfServiceAction } from "~/modules/registration/self-service.server";
import { clientAddress, notFound } from "./http.server";

/**
 * The manage pages' step after parsing a form: carries out the action for the link's holder and records it in
 * the audit log. A link that no longer leads anywhere answers 404; a refused change comes back to be shown.
 */
export async function carryOutSelfService(
  database: Database,
  token: string,
  action: SelfServiceAction,
  context: { clientAddress?: unknown },
): Promise<ChangeOutcome> {
  const outcome = await selfService(database, token, action, new Date(), { sender: clientAddress(context) ?? undefined });
  if (!outcome.ok) {
    if ("gone" in outcome) throw notFound();
    return outcome;
  }
  await audit(database, ATTENDEE_ACTOR(clientAddress(context)), "attendee.self_service", {
    subject: "attendeeId" in action && action.attendeeId ? `attendee:${action.attendeeId}` : null,
    detail: action.intent,
  });
  return outcome;
}
