import { getDatabase } from "~/db.server";
import { refreshNameKeys } from "~/modules/attendees/refresh-name-keys.server";
import { startJourneyWorker, type JourneyWorker } from "~/modules/journey/worker.server";
import { startMailWorker, stopMailWorker } from "~/modules/mail/worker.server";

declare global {
  // One journey worker per server process.
  var __kongressJourneyWorker: JourneyWorker | undefined;
}

/**
 * Work that runs beside the requests in the server process (server/index.ts starts and stops it through
 * app/entry.server.tsx): the outbox worker that sends the emails, the journey worker (expired waiting-list
 * offers, reminders), and once at start the rewriting of attendee keys made under older rules.
 */
export async function startBackgroundWork() {
  await startMailWorker();
  globalThis.__kongressJourneyWorker ??= startJourneyWorker(await getDatabase());
  void refreshNameKeys(await getDatabase())
    .then((count) => {
      if (count > 0) console.log(`Search keys of ${count} attendees rewritten under the current rules.`);
    })
    .catch((error: unknown) => console.error("refreshing attendee search keys failed:", error));
}

export async function stopBackgroundWork() {
  await globalThis.__kongressJourneyWorker?.stop();
  await stopMailWorker();
}
