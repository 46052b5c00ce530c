import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "~/db.server";
import { scanTicket } from "~/modules/checkin/scan.server";
import { claimDueMessages } from "~/modules/mail/outbox.server";
import { queueDueReminders } from "~/modules/mail/reminders.server";
import { registerAttendees } from "~/modules/registration/register.server";
import { useTestDatabase } from "../support/database";
import { attendeeValues, createTestEvent, registrationValues } from "../support/factories";
import { TEST_POSTGRES_URL } from "../support/postgres";

/**
 * Two app instances on one PostgreSQL database behave as one: each has its own connection pool (as two `npm start`
 * processes would), and registrations, scans and the background jobs are raced across both. SQLite is one
 * instance per file, so these run in the PostgreSQL pass of `npm test` only.
 */
describe.runIf(TEST_POSTGRES_URL)("two instances on one PostgreSQL database", async () => {
  const first = await useTestDatabase();
  const second = await openDatabase(first.url);
  afterAll(() => second.close());
  const instances: Database[] = [first, second];
  const on = (n: number) => instances[n % 2]!;

  it("never oversells a workshop when registrations arrive at both instances at once", async () => {
    const setup = await createTestEvent(first.write, { workshopCapacity: 10 });
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, (_, n) =>
        registerAttendees(
          on(n),
          setup.event.slug,
          registrationValues({ ticketTypeId: setup.freeTicket.id, attendees: [attendeeValues({ choices: { [setup.workshopSlot.id]: setup.workshopA.id } })] }),
        ),
      ),
    );
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    const workshop = await first.read.programmeItem.findUniqueOrThrow({
      where: { id: setup.workshopA.id },
      include: { _count: { select: { bookings: true } } },
    });
    expect(workshop._count.bookings).toBe(10);
    expect(workshop.confirmedCount).toBe(10);
    expect(await first.read.waitingListEntry.count({ where: { programmeItemId: setup.workshopA.id, status: "waiting" } })).toBe(30);
  });

  it("lets a rush larger than the connection pool wait for a connection instead of failing", async () => {
    // One connection for 300 registrations at once: each waits its turn, longer than Prisma's default 2 s.
    const narrow = await openDatabase(first.url, { poolSize: 1 });
    try {
      const setup = await createTestEvent(first.write);
      const outcomes = await Promise.all(
        Array.from({ length: 300 }, () => registerAttendees(narrow, setup.event.slug, registrationValues({ ticketTypeId: setup.freeTicket.id }))),
      );
      expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(300);
    } finally {
      await narrow.close();
    }
  });

  it("admits a ticket once when it is scanned at both instances at once", async () => {
    const setup = await createTestEvent(first.write);
    const entrance = await first.write.checkInList.create({ data: { eventId: setup.event.id, nameDe: "Einlass" } });
    const staff = await first.write.staffUser.create({
      data: { email: `einlass-${randomUUID()}@example.org`, name: "Einlass", passwordHash: "x", role: "checkin" },
    });
    const outcome = await registerAttendees(first, setup.event.slug, registrationValues({ ticketTypeId: setup.freeTicket.id }));
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
    const attendee = await first.read.attendee.findFirstOrThrow({ where: { registrationId: outcome.registrationId } });
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, n) =>
        scanTicket(on(n), { listId: entrance.id, code: attendee.ticketSecret, scanId: randomUUID(), staffUserId: staff.id }),
      ),
    );
    const results = answers.map((answer) => answer.result);
    expect(results.filter((result) => result === "valid")).toHaveLength(1);
    expect(results.filter((result) => result === "already_checked_in")).toHaveLength(11);
  });

  it("sends each queued mail from one instance only, both claiming at once", async () => {
    const setup = await createTestEvent(first.write);
    for (let n = 0; n < 30; n++) {
      const outcome = await registerAttendees(
        first,
        setup.event.slug,
        registrationValues({ ticketTypeId: setup.freeTicket.id, contactEmail: `k${n}@kommune.example` }),
      );
      if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
    }
    const queued = await first.read.emailOutbox.count({ where: { status: "pending" } });
    expect(queued).toBeGreaterThanOrEqual(30);
    const now = new Date(Date.now() + 60_000);
    const claimedBy = async (instance: Database) => {
      const ids: string[] = [];
      for (;;) {
        const batch = await claimDueMessages(instance, now, 5, 120_000);
        if (batch.length === 0) return ids;
        ids.push(...batch.map((message) => message.id));
      }
    };
    const [a, b] = await Promise.all([claimedBy(first), claimedBy(second)]);
    expect(new Set([...a, ...b]).size).toBe(a.length + b.length);
    expect(a.length + b.length).toBe(queued);
  });

  it("queues an event's reminders once when both instances' workers find them due", async () => {
    const setup = await createTestEvent(first.write);
    await first.write.event.update({ where: { id: setup.event.id }, data: { reminderTime: "10:00" } });
    for (let n = 0; n < 5; n++) {
      const outcome = await registerAttendees(
        first,
        setup.event.slug,
        registrationValues({ ticketTypeId: setup.freeTicket.id, contactEmail: `r${n}@kommune.example` }),
      );
      if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
    }
    const dayBefore = new Date(setup.event.startsAt.getTime() - 12 * 3_600_000);
    // The other tests' events fall on the same day: both workers find all of them due.
    const queued = await Promise.all(instances.map((instance) => queueDueReminders(instance, dayBefore)));
    const reminders = await first.read.emailOutbox.findMany({ where: { kind: "event_reminder" }, select: { attendeeId: true } });
    expect(queued[0]! + queued[1]!).toBe(reminders.length);
    expect(new Set(reminders.map((row) => row.attendeeId)).size).toBe(reminders.length);
    const ours = await first.read.attendee.findMany({ where: { eventId: setup.event.id }, select: { id: true } });
    expect(reminders.filter((row) => ours.some((attendee) => attendee.id === row.attendeeId))).toHaveLength(5);
  });
});
