/**
 * `npm run bench:mail`: how many confirmation mails per second the outbox worker renders (HTML, text, QR
 * PNGs, .ics) and hands to an SMTP server on loopback. The SMTP server runs in a child process so it does
 * not share the worker's event loop. Not part of `npm test`.
 *
 * Options (environment): BENCH_MAILS (registrations to mail, default 1000).
 */
import { fork, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase } from "../../app/db.server";
import { processOutbox } from "../../app/modules/mail/outbox.server";
import { createMailTransport } from "../../app/modules/mail/transport.server";
import { registerAttendees } from "../../app/modules/registration/register.server";
import { attendeeValues, createTestEvent, registrationValues } from "../../tests/support/factories";

const MAILS = Number(process.env.BENCH_MAILS ?? 1000);
const root = path.resolve(import.meta.dirname, "../..");

if (process.argv[2] === "smtp-sink") {
  // Child process: a real SMTP server that accepts and counts every message.
  const { SMTPServer } = await import("smtp-server");
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, _session, callback) {
      stream.on("data", () => undefined);
      stream.on("end", () => {
        received += 1;
        callback();
      });
    },
  });
  server.listen(0, "127.0.0.1", () => process.send?.({ port: (server.server.address() as { port: number }).port }));
  process.on("message", () => process.send?.({ received }));
} else {
  await main();
}

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), "kongress-mailbench-"));
  const url = `file:${path.join(dir, "bench.db")}`;
  let sink: ChildProcess | undefined;
  try {
    const deploy = spawnSync(process.execPath, ["scripts/prisma.mjs", "migrate", "deploy"], { cwd: root, env: { ...process.env, DATABASE_URL: url } });
    if (deploy.status !== 0) throw new Error("migrate deploy failed");
    const database = await openDatabase(url);
    const t = await createTestEvent(database.write, { busSeats: 100_000, workshopCapacity: 100_000 });
    for (let i = 0; i < MAILS; i++) {
      // One attendee each, registered by themselves: one mail per registration, with QR code and calendar.
      const email = `person${i}@kommune.example`;
      const outcome = await registerAttendees(
        database,
        t.event.slug,
        registrationValues({
          ticketTypeId: t.freeTicket.id,
          contactEmail: email,
          attendees: [attendeeValues({ email, choices: { [t.workshopSlot.id]: t.workshopA.id, [t.busSlot.id]: t.bus.id } })],
        }),
      );
      if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
    }

    sink = fork(import.meta.filename, ["smtp-sink"], { execArgv: ["--import", "tsx"] });
    const port = await new Promise<number>((resolve) => sink!.once("message", (message: { port: number }) => resolve(message.port)));
    const transport = createMailTransport({ smtpUrl: `smtp://127.0.0.1:${port}`, from: "Bench <bench@example.org>" });

    const started = performance.now();
    const result = await processOutbox(database, transport, { baseUrl: "https://kongress.example.org", batchSize: 100 });
    const seconds = (performance.now() - started) / 1000;
    sink.send("count");
    const received = await new Promise<number>((resolve) => sink!.once("message", (message: { received: number }) => resolve(message.received)));
    console.log(`\nOutbox: ${result.sent} mails sent, ${result.failed} failed, ${received} received by the SMTP server`);
    console.log(`  ${seconds.toFixed(2)} s → ${(result.sent / seconds).toFixed(0)} mails/s (rendered with QR PNG and .ics, handed to SMTP on loopback)`);
    transport.close();
    await database.close();
    if (received !== MAILS || result.failed > 0) process.exitCode = 1;
  } finally {
    sink?.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}
