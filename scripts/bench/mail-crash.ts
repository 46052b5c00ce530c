/**
 * `npm run bench:mail-crash`: what a crash does to mail. 100 confirmation mails are queued (50 registrations); the production
 * server sends them through a real SMTP server on loopback (which takes 30 ms per mail, like a remote one)
 * and is killed with SIGKILL while a batch is in flight; a second server takes over once the first one's
 * lease has run out (two minutes). Printed: how many mails arrived twice, and whether each copy carried the
 * same Message-ID (so mail clients show it once). Not part of `npm test`.
 */
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { openDatabase } from "../../app/db.server";
import { seedDemoCongress } from "../../prisma/demo-congress";
import { registerEntranceCrowd } from "./crowd";
import { onScratchDatabase } from "./server";

const MAILS = 50;
const PORT = Number(process.env.BENCH_PORT ?? 3293);

type Received = { outboxId: string; messageId: string };

async function main() {
  const received: Received[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        void simpleParser(Buffer.concat(chunks)).then((mail) => {
          received.push({ outboxId: String(mail.headers.get("x-kongress-outbox-id") ?? ""), messageId: mail.messageId ?? "" });
          setTimeout(callback, 30);
        });
      });
    },
  });
  const smtpPort = await new Promise<number>((resolve) => smtp.listen(0, "127.0.0.1", () => resolve((smtp.server.address() as { port: number }).port)));
  process.env.SMTP_URL = `smtp://127.0.0.1:${smtpPort}?maxConnections=10`;

  await onScratchDatabase(async ({ databaseUrl, serve }) => {
    // The server migrates at start and needs the file to itself: the script's connections are closed by then.
    const seeding = await openDatabase(databaseUrl);
    await seedDemoCongress(seeding.write);
    await seeding.close();
    await registerEntranceCrowd(databaseUrl, MAILS);
    // The crowd registers as of a fixed date (crowd.ts), which would make its mails due only then: they are due now.
    const due = await openDatabase(databaseUrl);
    await due.write.$transaction((tx) => tx.emailOutbox.updateMany({ data: { nextAttemptAt: new Date() } }));
    await due.close();
    const first = await serve(PORT);
    while (received.length < 12) await new Promise((resolve) => setTimeout(resolve, 5));
    first.kill("SIGKILL");
    await new Promise((resolve) => first.once("exit", resolve));
    const beforeCrash = received.length;
    const started = Date.now();
    const second = await serve(PORT + 1);
    const database = await openDatabase(databaseUrl);
    const queued = await database.read.emailOutbox.count();
    for (;;) {
      const pending = await database.read.emailOutbox.count({ where: { status: { not: "sent" } } });
      if (pending === 0) break;
      if (Date.now() - started > 200_000) throw new Error(`${pending} mails still not sent`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    second.kill("SIGTERM");
    await database.close();

    const byRow = new Map<string, Received[]>();
    for (const mail of received) byRow.set(mail.outboxId, [...(byRow.get(mail.outboxId) ?? []), mail]);
    const twice = [...byRow.values()].filter((copies) => copies.length > 1);
    const sameId = twice.filter((copies) => new Set(copies.map((copy) => copy.messageId)).size === 1);
    console.log(
      `\nMail after a crash: ${queued} mails queued (${MAILS} registrations, to the contact and the attendee), server killed (SIGKILL) after ${beforeCrash} had arrived`,
    );
    console.log(
      `  arrived: ${received.length} messages for ${byRow.size} of ${queued} mails; all sent ${((Date.now() - started) / 1000).toFixed(0)} s after the restart`,
    );
    console.log(`  sent twice: ${twice.length}; of these with one Message-ID for both copies: ${sameId.length}`);
  });
  smtp.close();
}

await main();
