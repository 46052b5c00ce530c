import { getDatabase } from "~/db.server";
import { refreshNameKeys } from "~/modules/attendees/refresh-name-keys.server";
import { startMailWorker, stopMailWorker } from "~/modules/mail/worker.server";

/**
 * Work that runs beside the requests in the server process (server/index.ts starts and stops it through
 * app/entry.server.tsx): the outbox worker that sends the emails, and once at start the rewriting of
 * attendee keys made under older rules.
 */
export async function startBackgroundWork() {
  await startMailWorker();
  void refreshNameKeys(await getDatabase())
    .then((count) => {
      if (count > 0) console.log(`Search keys of ${count} attendees rewritten under the current rules.`);
    })
    .catch((error: unknown) => console.error("refreshing attendee search keys failed:", error));
}

export const stopBackgroundWork = stopMailWorker;
