import { describe, expect, it } from "vitest";
import { registerAttendees } from "~/modules/registration/register.server";
import { readRegistrationRows } from "~/modules/registration/view.server";
import { useTestDatabase } from "../support/database";
import { expectSearchedBy, readPlans } from "../support/query-plans";
import { attendeeValues, createTestEvent, registrationValues } from "../support/factories";

/**
 * The confirmation page, calendar files and mails read a registration's rows in plain SQL (decision 020). They must
 * be what Prisma's models give for the same rows, value for value: dates as dates, counts as numbers, flags as
 * booleans, nulls as nulls, the same fields and no more, on SQLite and on PostgreSQL.
 */
const database = await useTestDatabase();

describe("a registration's rows read in plain SQL", () => {
  it("equal Prisma's nested read of the same rows", async () => {
    const t = await createTestEvent(database.write, { busSeats: 1 });
    const question = await database.write.question.create({
      data: { eventId: t.event.id, kind: "text", labelDe: "Kostenstelle", scope: "attendee", position: 1 },
    });
    // The bus has one seat: the first takes it, the second waits for it.
    const outcome = await registerAttendees(
      database,
      t.event.slug,
      registrationValues({
        ticketTypeId: t.freeTicket.id,
        attendees: [
          attendeeValues({ choices: { [t.workshopSlot.id]: t.workshopA.id, [t.busSlot.id]: t.bus.id }, answers: { [question.id]: ["4711"] } }),
          attendeeValues({
            choices: { [t.workshopSlot.id]: t.workshopB.id, [t.busSlot.id]: t.bus.id },
            dietaryNeeds: "vegan",
            needsConsent: true,
            answers: { [question.id]: ["0815"] },
          }),
        ],
      }),
    );
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
    const attendees = await database.read.attendee.findMany({ where: { registrationId: outcome.registrationId }, orderBy: { position: "asc" } });
    await database.write.$transaction(async (tx) => {
      await tx.calendarRevision.create({ data: { attendeeId: attendees[0]!.id, programmeItemId: t.workshopA.id, revision: 2, cancelled: true } });
      await tx.attendee.update({ where: { id: attendees[1]!.id }, data: { anonymisedAt: new Date("2028-01-02T03:04:05.678Z"), phone: null } });
      await tx.invoice.create({
        data: {
          eventId: t.event.id,
          registrationId: outcome.registrationId,
          number: `T-${Date.now()}`,
          kind: "invoice",
          issuedAt: new Date("2027-05-01T10:00:00.000Z"),
          netCents: 1000,
          taxCents: 190,
          grossCents: 1190,
          content: "{}",
        },
      });
    });

    const viaPrisma = await database.read.registration.findUnique({
      where: { id: outcome.registrationId },
      include: {
        invoices: { orderBy: { issuedAt: "asc" }, select: { id: true, number: true, kind: true, grossCents: true, issuedAt: true, cancelledAt: true } },
        attendees: {
          orderBy: { position: "asc" },
          include: {
            bookings: { orderBy: { id: "asc" } },
            waitingList: { where: { status: { in: ["waiting", "offered"] } }, orderBy: { id: "asc" } },
            calendarRevisions: { orderBy: { programmeItemId: "asc" } },
            consents: { where: { kind: "special_needs", revokedAt: null }, select: { id: true } },
            answers: { select: { questionId: true, value: true }, orderBy: { id: "asc" } },
          },
        },
      },
    });
    // What the test means to cover is there: every kind of row, and values of every type.
    expect(viaPrisma!.attendees[0]!.bookings).toHaveLength(2);
    expect(viaPrisma!.attendees[1]!.waitingList).toHaveLength(1);
    expect(viaPrisma!.attendees[1]!.consents).toHaveLength(1);
    expect(viaPrisma!.attendees[0]!.calendarRevisions.length).toBeGreaterThan(0);
    expect(viaPrisma!.invoices).toHaveLength(1);

    const plain = await readRegistrationRows(database, { id: outcome.registrationId });
    expect(plain).toStrictEqual(viaPrisma);
    expect(await readRegistrationRows(database, { manageToken: outcome.manageToken })).toStrictEqual(viaPrisma);
    expect(await readRegistrationRows(database, { id: "c-no-such-registration" })).toBeNull();
  });

  // The confirmation page is the page everyone loads right after registering: what it costs must not grow with the
  // rest of the database. A waiting-list read that SQLite planned through the status index (every entry waiting in
  // any event) took 0.76 ms of a 2 ms page once a few thousand people waited (bench:visit).
  it.skipIf(database.dialect !== "sqlite")("are found through the registration's and its attendees' own indexes", async () => {
    const t = await createTestEvent(database.write);
    const outcome = await registerAttendees(database, t.event.slug, registrationValues({ ticketTypeId: t.freeTicket.id, attendees: [attendeeValues()] }));
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
    const plans = await readPlans(database, () => readRegistrationRows(database, { manageToken: outcome.manageToken }));
    expect(plans.length).toBeGreaterThan(5);
    expectSearchedBy(plans, ["registrationId", "attendeeId", "manageToken"]);
  });
});
