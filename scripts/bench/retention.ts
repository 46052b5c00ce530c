/**
 * `npm run bench:retention`: anonymising an event's attendees after its retention period (the daily job), beside
 * registering the same attendees in the same run, and the longest time the job keeps the database's write lock
 * (registrations wait for it). Not part of `npm test`.
 *
 * Options (environment): BENCH_ATTENDEES (default 5,000).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDatabase } from "../../app/db.server";
import { anonymiseDue, anonymiseOn } from "../../app/modules/privacy/anonymise.server";
import { registerAttendees } from "../../app/modules/registration/register.server";
import { attendeeValues, createTestEvent, registrationValues } from "../../tests/support/factories";

const ATTENDEES = Number(process.env.BENCH_ATTENDEES ?? 5000);
const root = path.resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(path.join(tmpdir(), "kongress-retentionbench-"));
const url = `file:${path.join(dir, "bench.db")}`;
try {
  const deploy = spawnSync(process.execPath, ["scripts/prisma.mjs", "migrate", "deploy"], { cwd: root, env: { ...process.env, DATABASE_URL: url } });
  if (deploy.status !== 0) throw new Error("migrate deploy failed");
  const database = await openDatabase(url);
  const t = await createTestEvent(database.write, { busSeats: 100_000, workshopCapacity: 100_000 });
  let started = performance.now();
  for (let i = 0; i < ATTENDEES; i++) {
    const email = `r${i}@bench.example`;
    const outcome = await registerAttendees(
      database,
      t.event.slug,
      registrationValues({
        ticketTypeId: t.freeTicket.id,
        contactEmail: email,
        attendees: [attendeeValues({ email, dietaryNeeds: "vegan", needsConsent: true, choices: { [t.busSlot.id]: t.bus.id } })],
      }),
    );
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  }
  const registerSeconds = (performance.now() - started) / 1000;

  // While the job runs, a probe measures how long a tiny write has to wait for the lock.
  let probing = true;
  let longestWaitMs = 0;
  let probes = 0;
  const probe = (async () => {
    while (probing) {
      const before = performance.now();
      await database.write.$transaction((tx) => tx.$executeRaw`UPDATE "Event" SET "updatedAt" = "updatedAt" WHERE "id" = ${t.event.id}`);
      longestWaitMs = Math.max(longestWaitMs, performance.now() - before);
      probes++;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  const event = await database.read.event.findUniqueOrThrow({ where: { id: t.event.id } });
  started = performance.now();
  const result = await anonymiseDue(database, anonymiseOn(event));
  const anonymiseSeconds = (performance.now() - started) / 1000;
  probing = false;
  await probe;
  const left = await database.read.attendee.count({ where: { eventId: t.event.id, anonymisedAt: null } });
  console.log(`\nRetention job on one event of ${ATTENDEES} attendees`);
  console.log(`  anonymised ${result.attendees} in ${anonymiseSeconds.toFixed(2)} s (${(result.attendees / anonymiseSeconds).toFixed(0)}/s); ${left} left`);
  console.log(`  ${probes} one-row writes meanwhile; the slowest waited ${longestWaitMs.toFixed(0)} ms for the write lock`);
  console.log(`  baseline: registering the same ${ATTENDEES} one by one took ${registerSeconds.toFixed(2)} s (${(ATTENDEES / registerSeconds).toFixed(0)}/s)`);
  await database.close();
  if (left !== 0) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
