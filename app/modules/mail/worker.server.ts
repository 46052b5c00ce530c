import { getDatabase } from "~/db.server";
import { getEnv } from "~/env.server";
import { startOutboxWorker, type OutboxWorker } from "./outbox.server";
import { createMailTransport } from "./transport.server";

declare global {
  // One worker per server process.
  var __kongressOutboxWorker: Promise<OutboxWorker> | undefined;
}

/**
 * Starts the outbox worker in the server process, on the app's own database connections: SQLite has one
 * writer at a time, and a second write connection in the same process could wait on the first forever.
 */
export function startMailWorker(): Promise<OutboxWorker> {
  globalThis.__kongressOutboxWorker ??= (async () => {
    const env = getEnv();
    const transport = createMailTransport({ smtpUrl: env.SMTP_URL, from: env.MAIL_FROM });
    return startOutboxWorker(await getDatabase(), transport, { baseUrl: env.BASE_URL });
  })();
  return globalThis.__kongressOutboxWorker;
}

export async function stopMailWorker() {
  const worker = await globalThis.__kongressOutboxWorker;
  await worker?.stop();
}
