/**
 * `npm run bench:journey`: the attendee journey's two mass operations, each beside a baseline measured in
 * the same run on the same machine. Not part of `npm test`.
 *
 * 1. A waiting list of BENCH_WAITING people (default 500) for one bus seat, moved through to the end:
 *    - offer mode: each person is offered the seat; every other one declines, the others let it expire
 *      and the expiry worker's step (expireOffers) passes it on;
 *    - baseline, book mode: the seat is booked for the next person at once, who then cancels.
 * 2. A group message to BENCH_RECIPIENTS attendees (default 2,000): from queueing to the last mail handed to
 *    an SMTP server on loopback (in a child process); baseline: the same attendees' confirmation mails
 *    (with QR codes and calendar files) through the same outbox worker.
 */
import { fork, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase, type Database } from "../../app/db.server";
import { declineOffer, expireOffers } from "../../app/modules/capacity/offers.server";
import { sendGroupMessage } from "../../app/modules/mail/group-messages.server";
import { processOutbox } from "../../app/modules/mail/outbox.server";
import { createMailTransport } from "../../app/modules/mail/transport.server";
import { readAttendeeQuery } from "../../app/modules/attendees/query";
import { cancelAttendee } from "../../app/modules/registration/changes.server";
import { registerAttendees } from "../../app/modules/registration/register.server";
import { attendeeValues, createTestEvent, registrationValues } from "../../tests/support/factories";

const WAITING = Number(process.env.BENCH_WAITING ?? 500);
const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 2000);
const root = path.resolve(import.meta.dirname, "../..");
let counter = 0;

async function busEvent(database: Database, mode: "book" | "offer") {
  const t = await createTestEvent(database.write, { busSeats: 1 });
  // Far enough ahead that 500 offers of 48 hours each never come close to the event.
  const startsAt = new Date("2036-05-16T07:00:00Z");
  await database.write.event.update({
    where: { id: t.event.id },
    data: { waitlistMode: mode, startsAt, endsAt: new Date(startsAt.getTime() + 8 * 3_600_000), registrationClosesAt: startsAt },
  });
  const ids: string[] = [];
  for (let i = 0; i <= WAITING; i++) {
    counter++;
    const outcome = await registerAttendees(
      database,
      t.event.slug,
      registrationValues({
        ticketTypeId: t.freeTicket.id,
        contactEmail: `c${counter}@bench.example`,
        attendees: [attendeeValues({ email: `p${counter}@bench.example`, choices: { [t.busSlot.id]: t.bus.id } })],
      }),
    );
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
    ids.push((await database.read.attendee.findFirstOrThrow({ where: { registrationId: outcome.registrationId }, select: { id: true } })).id);
  }
  return { t, ids };
}

async function waitingListBench(database: Database) {
  // Baseline: book mode, each promoted person cancels in turn.
  const book = await busEvent(database, "book");
  let started = performance.now();
  for (const id of book.ids) await cancelAttendee(database, id, "attendee");
  const bookSeconds = (performance.now() - started) / 1000;

  const offer = await busEvent(database, "offer");
  let clock = new Date();
  await cancelAttendee(database, offer.ids[0]!, "attendee", clock);
  let moves = 0;
  started = performance.now();
  for (let i = 0; i < WAITING; i++) {
    const open = await database.read.waitingListEntry.findFirst({
      where: { programmeItemId: offer.t.bus.id, status: "offered" },
      select: { offerToken: true, offerExpiresAt: true },
    });
    if (!open) break;
    if (i % 2 === 0) {
      const answer = await declineOffer(database, open.offerToken!, clock);
      if (!answer.ok) throw new Error(`decline refused: ${answer.state}`);
    } else {
      clock = new Date(open.offerExpiresAt!.getTime() + 1000);
      if ((await expireOffers(database, clock)) !== 1) throw new Error("expiry did not close the offer");
    }
    moves++;
  }
  const offerSeconds = (performance.now() - started) / 1000;
  const left = await database.read.waitingListEntry.count({ where: { programmeItemId: offer.t.bus.id, status: { in: ["waiting", "offered"] } } });
  const offerMails = await database.read.emailOutbox.count({
    where: { kind: { in: ["waitlist_offer", "waitlist_offer_expired"] }, registration: { eventId: offer.t.event.id } },
  });
  console.log(`\nWaiting list of ${WAITING} for one bus seat, moved through to the end`);
  console.log(
    `  offer mode: ${moves} offers answered (half declined, half expired by the worker step) in ${offerSeconds.toFixed(2)} s → ${(moves / offerSeconds).toFixed(0)} moves/s; ${offerMails} mails queued; ${left} left waiting`,
  );
  console.log(
    `  baseline, book mode: ${book.ids.length} cancellations each booking the next in ${bookSeconds.toFixed(2)} s → ${(book.ids.length / bookSeconds).toFixed(0)} moves/s`,
  );
  if (left !== 0 || moves !== WAITING) process.exitCode = 1;
}

async function groupMessageBench(database: Database, port: number, received: () => Promise<number>) {
  const t = await createTestEvent(database.write, { busSeats: 100_000, workshopCapacity: 100_000 });
  for (let i = 0; i < RECIPIENTS; i++) {
    counter++;
    const email = `g${counter}@bench.example`;
    const outcome = await registerAttendees(
      database,
      t.event.slug,
      registrationValues({ ticketTypeId: t.freeTicket.id, contactEmail: email, attendees: [attendeeValues({ email, choices: { [t.busSlot.id]: t.bus.id } })] }),
    );
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  }
  // Whatever the waiting-list part queued is not part of this measurement.
  await database.write.emailOutbox.updateMany({ where: { registration: { eventId: { not: t.event.id } } }, data: { status: "sent" } });
  const transport = createMailTransport({ smtpUrl: `smtp://127.0.0.1:${port}`, from: "Bench <bench@example.org>" });
  const options = { baseUrl: "https://kongress.example.org", batchSize: 100 };

  const before = await received();
  let started = performance.now();
  const confirmations = await processOutbox(database, transport, options);
  const confirmationSeconds = (performance.now() - started) / 1000;

  started = performance.now();
  const sent = await sendGroupMessage(
    database,
    t.event.id,
    readAttendeeQuery(new URLSearchParams({ event: t.event.id })),
    { subject: "Abfahrt Bus 2", body: "Der Bus fährt um 13:15 statt 13:00." },
    "Bench",
  );
  const queuedSeconds = (performance.now() - started) / 1000;
  if (!sent.ok) throw new Error(sent.error);
  const messages = await processOutbox(database, transport, options);
  const messageSeconds = (performance.now() - started) / 1000;
  const got = (await received()) - before;
  transport.close();
  console.log(`\nGroup message to ${sent.recipients} attendees`);
  console.log(
    `  queued in ${(queuedSeconds * 1000).toFixed(0)} ms; last mail handed to SMTP after ${messageSeconds.toFixed(2)} s → ${(messages.sent / messageSeconds).toFixed(0)} mails/s (${messages.failed} failed)`,
  );
  console.log(
    `  baseline, the same attendees' confirmations (QR PNG + .ics): ${confirmations.sent} in ${confirmationSeconds.toFixed(2)} s → ${(confirmations.sent / confirmationSeconds).toFixed(0)} mails/s`,
  );
  console.log(`  SMTP server received ${got} of ${confirmations.sent + messages.sent}`);
  if (messages.sent !== RECIPIENTS || got !== confirmations.sent + messages.sent) process.exitCode = 1;
}

const dir = mkdtempSync(path.join(tmpdir(), "kongress-journeybench-"));
const url = `file:${path.join(dir, "bench.db")}`;
let sink: ChildProcess | undefined;
try {
  const deploy = spawnSync(process.execPath, ["scripts/prisma.mjs", "migrate", "deploy"], { cwd: root, env: { ...process.env, DATABASE_URL: url } });
  if (deploy.status !== 0) throw new Error("migrate deploy failed");
  const database = await openDatabase(url);
  await waitingListBench(database);
  // The SMTP sink of bench:mail, in its own process so it does not share the worker's event loop.
  sink = fork(path.join(root, "scripts/bench/mail-throughput.ts"), ["smtp-sink"], { execArgv: ["--import", "tsx"] });
  const port = await new Promise<number>((resolve) => sink!.once("message", (message: { port: number }) => resolve(message.port)));
  const received = () =>
    new Promise<number>((resolve) => {
      sink!.once("message", (message: { received: number }) => resolve(message.received));
      sink!.send("count");
    });
  await groupMessageBench(database, port, received);
  await database.close();
} finally {
  sink?.kill();
  rmSync(dir, { recursive: true, force: true });
}
