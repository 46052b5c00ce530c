import { performance } from "node:perf_hooks";
import type { Database } from "~/db.server";
import { Prisma } from "~/generated/prisma/client";
import { composeMessage, type OutboxMessage } from "./compose.server";
import type { MailTransport } from "./transport.server";
import { requestsInFlight } from "~/utils/requests-in-flight.server";

/**
 * The outbox worker: takes due rows, renders and sends them, and records the outcome.
 *
 * - A row is taken by one conditional UPDATE that marks it `sending` with a lease; two workers (or two
 *   processes) can never take the same row, and a row whose worker died is taken over when its lease ends.
 * - Success marks it `sent` with the message id; a failure puts it back with exponential backoff, and after
 *   `maxAttempts` marks it `failed` for organisers to see and resend.
 * - A restart resumes where it stopped: the state lives in the rows. A mail is sent once in normal operation;
 *   only a crash between the SMTP server accepting a mail and the row being marked can repeat it.
 */
export type OutboxOptions = {
  baseUrl: string;
  batchSize?: number;
  /** Stop after this many batches even if more is due (the worker paces itself with it). */
  maxBatches?: number;
  leaseMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  maxAttempts?: number;
  /** Mails handed to the SMTP server at once. */
  inFlight?: number;
};

const DEFAULTS = {
  maxBatches: Number.POSITIVE_INFINITY,
  batchSize: 25,
  // Mails being composed, sent and marked at once. Throughput grows with it (SMTP round trips overlap:
  // 4 → 25 mails/s, 10 → 53, 25 → 89 in bench:mail), and so does what a crash can repeat (bench:mail-crash:
  // 3 of 100 with 4, 9 with 10, 25 with 25). Ten, the SMTP pool's connections, bounds the repeats at ten.
  inFlight: 10,
  leaseMs: 120_000,
  backoffBaseMs: 30_000,
  backoffMaxMs: 3_600_000,
  maxAttempts: 10,
};

type ClaimedMessage = OutboxMessage & { attempts: number };

export async function claimDueMessages(database: Database, now: Date, limit: number, leaseMs: number): Promise<ClaimedMessage[]> {
  const leaseUntil = new Date(now.getTime() + leaseMs);
  // PostgreSQL: instances claiming at the same moment skip each other's rows and take the next ones, instead of
  // queueing on the row locks only to find them taken (the outer condition is re-checked either way, so no row is
  // ever taken twice). SQLite has one writer at a time and no such clause.
  const skipLocked = database.dialect === "postgresql" ? Prisma.sql`FOR UPDATE SKIP LOCKED` : Prisma.empty;
  // The rows to take are chosen once (MATERIALIZED): as a subquery of the UPDATE, PostgreSQL ran the choice again for
  // each row it updated, and each run skipped the rows already taken and offered the next ones, so a claim of 2 took
  // every row due. A batch is then no bound, and one instance took the whole backlog from the others.
  return database.write.$transaction(
    (tx) => tx.$queryRaw<ClaimedMessage[]>`WITH "chosen" AS MATERIALIZED (
        SELECT "id" FROM "EmailOutbox"
        WHERE ("status" = 'pending' AND "nextAttemptAt" <= ${now}) OR ("status" = 'sending' AND "lockedUntil" < ${now})
        ORDER BY "nextAttemptAt" LIMIT ${limit} ${skipLocked}
      )
      UPDATE "EmailOutbox"
      SET "status" = 'sending', "attempts" = "attempts" + 1, "lockedUntil" = ${leaseUntil}
      WHERE "id" IN (SELECT "id" FROM "chosen")
      AND (("status" = 'pending' AND "nextAttemptAt" <= ${now}) OR ("status" = 'sending' AND "lockedUntil" < ${now}))
      RETURNING "id", "kind", "recipient", "language", "registrationId", "attendeeId", "groupMessageId", "programmeItemId", "feedbackId", "invoiceId", "attempts"`,
  );
}

/** 30 s, 1 min, 2 min, … up to an hour, with ±20 % jitter so retries of many rows spread out. */
export function retryDelayMs(attempts: number, baseMs: number, maxMs: number, random = Math.random): number {
  const delay = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(delay * (0.8 + 0.4 * random()));
}

/**
 * Sends one claimed row and records the outcome. Never throws: a failure is recorded on the row.
 * The message is composed before it goes to the SMTP server, and the row is marked right after the
 * server accepted it: a crash in between is what makes a mail go out twice.
 */
async function deliver(database: Database, transport: MailTransport, message: ClaimedMessage, options: Required<OutboxOptions>) {
  try {
    const mail = await composeMessage(database, message, options.baseUrl);
    const { messageId, raw } = await transport.send(mail);
    // Marked at once, as one plain statement in a batch transaction (no interactive round trips): until
    // this commits, a crash would send the mail again. Plain SQL: a compiled Prisma update costs more than the write.
    await database.write.$transaction([
      database.write.$executeRaw`UPDATE "EmailOutbox"
      SET "status" = 'sent', "sentAt" = ${new Date()}, "lockedUntil" = NULL, "lastError" = NULL,
          "messageId" = ${messageId}, "subject" = ${String(mail.subject ?? "")}, "capturedMessage" = ${raw}
      WHERE "id" = ${message.id}`,
    ]);
    return true;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const giveUp = message.attempts >= options.maxAttempts;
    await database.write.$transaction((tx) =>
      tx.emailOutbox.update({
        where: { id: message.id },
        data: {
          status: giveUp ? "failed" : "pending",
          lockedUntil: null,
          lastError: reason.slice(0, 1000),
          nextAttemptAt: new Date(Date.now() + retryDelayMs(message.attempts, options.backoffBaseMs, options.backoffMaxMs)),
        },
      }),
    );
    return false;
  }
}

/** Sends everything due now, batch after batch; returns how many were sent and how many failed. */
export async function processOutbox(database: Database, transport: MailTransport, options: OutboxOptions) {
  const settings = { ...DEFAULTS, ...options } as Required<OutboxOptions>;
  let sent = 0;
  let failed = 0;
  for (let batches = 0; batches < settings.maxBatches; batches++) {
    const batch = await claimDueMessages(database, new Date(), settings.batchSize, settings.leaseMs);
    if (batch.length === 0) return { sent, failed };
    // A bounded number of mails in flight, not the whole batch: what a crash can make go out twice is what the
    // SMTP server has (or has accepted) but the row does not say yet, and that is at most these.
    const outcomes: boolean[] = [];
    let next = 0;
    const sender = async () => {
      while (next < batch.length) outcomes.push(await deliver(database, transport, batch[next++]!, settings));
    };
    await Promise.all(Array.from({ length: Math.min(settings.inFlight, batch.length) }, sender));
    sent += outcomes.filter(Boolean).length;
    failed += outcomes.filter((ok) => !ok).length;
    if (batch.length < settings.batchSize || failed > 0) return { sent, failed };
  }
  return { sent, failed };
}

export type OutboxWorker = { stop(): Promise<void> };

/**
 * Runs `processOutbox` every `pollMs` until stopped. In the web server's process it yields to requests: while
 * `busyWithRequests` or more are being answered, or the event loop was busy (utilisation above `busyAbove`) since the
 * last round, it sends only a small batch, so a registration rush is not slowed by rendering its own confirmations;
 * the backlog goes out at full speed once the rush is over. The event loop alone is not enough: an instance whose
 * requests wait for the database (PostgreSQL's locks, another instance's transactions) has an idle loop while
 * people wait for their pages.
 */
export function startOutboxWorker(
  database: Database,
  transport: MailTransport,
  options: OutboxOptions & { pollMs?: number; busyAbove?: number; busyWithRequests?: number; batchWhenBusy?: number },
): OutboxWorker {
  const pollMs = options.pollMs ?? 500;
  const busyAbove = options.busyAbove ?? 0.6;
  const busyWithRequests = options.busyWithRequests ?? 4;
  let lastMeasure = performance.eventLoopUtilization();
  const eventLoopBusy = () => {
    const now = performance.eventLoopUtilization();
    const since = performance.eventLoopUtilization(now, lastMeasure);
    lastMeasure = now;
    return since.utilization > busyAbove;
  };
  const busy = () => {
    // Asked every round, whatever the requests say: the loop's utilisation is measured since the round before.
    const loopBusy = eventLoopBusy();
    return loopBusy || requestsInFlight() >= busyWithRequests;
  };
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let wakeUp: (() => void) | undefined;

  const loop = async () => {
    while (!stopped) {
      try {
        const paced = busy() ? { batchSize: options.batchWhenBusy ?? 5, maxBatches: 1 } : {};
        await processOutbox(database, transport, { ...options, ...paced });
      } catch (error) {
        // The database itself failed (not a mail): log it and keep the worker alive for the next round.
        console.error("outbox worker:", error);
      }
      if (stopped) break;
      await new Promise<void>((resolve) => {
        wakeUp = resolve;
        timer = setTimeout(resolve, pollMs);
      });
    }
  };
  running = loop();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      wakeUp?.();
      await running;
    },
  };
}
