import { describe, expect, it } from "vitest";
import { cancelAttendee, changeBooking, updateAttendeeDetails } from "~/modules/registration/changes.server";
import { registerAttendees } from "~/modules/registration/register.server";
import { useTestDatabase } from "../support/database";
import { attendeeValues, createTestEvent, registrationValues } from "../support/factories";

const database = await useTestDatabase();

async function register(slug: string, ticketTypeId: string, choices: Record<string, string>) {
  const outcome = await registerAttendees(database, slug, registrationValues({ ticketTypeId, attendees: [attendeeValues({ choices })] }));
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  return database.read.attendee.findFirstOrThrow({ where: { registrationId: outcome.registrationId } });
}

/** The mails an attendee got after their registration's own (which every attendee gets). */
const mailsTo = (attendeeId: string) =>
  database.read.emailOutbox
    .findMany({ where: { attendeeId }, orderBy: { createdAt: "asc" }, select: { kind: true } })
    .then((rows) => rows.slice(1).map((row) => row.kind));

describe("organisers' changes to attendees", () => {
  it("cancelling frees the bus seat and the ticket for the next in line, who are told", async () => {
    const t = await createTestEvent(database.write, { busSeats: 1, ticketCapacity: 2 });
    const first = await register(t.event.slug, t.freeTicket.id, { [t.busSlot.id]: t.bus.id });
    const waitingForBus = await register(t.event.slug, t.freeTicket.id, { [t.busSlot.id]: t.bus.id });
    const waitingForTicket = await register(t.event.slug, t.freeTicket.id, { [t.workshopSlot.id]: t.workshopA.id });
    expect(waitingForTicket.status).toBe("waitlisted");

    expect(await cancelAttendee(database, first.id)).toEqual({ ok: true, promoted: 2 });
    const bus = await database.read.programmeItem.findUniqueOrThrow({ where: { id: t.bus.id } });
    expect(bus.confirmedCount).toBe(1);
    expect(await database.read.booking.findFirst({ where: { programmeItemId: t.bus.id } })).toMatchObject({ attendeeId: waitingForBus.id });
    // The ticket went to the person waiting for one, with the workshop they chose.
    const promoted = await database.read.attendee.findUniqueOrThrow({ where: { id: waitingForTicket.id }, include: { bookings: true, registration: true } });
    expect(promoted.status).toBe("confirmed");
    expect(promoted.registration.status).toBe("confirmed");
    expect(promoted.bookings.map((booking) => booking.programmeItemId)).toEqual([t.workshopA.id]);
    expect((await database.read.ticketType.findUniqueOrThrow({ where: { id: t.freeTicket.id } })).confirmedCount).toBe(2);

    expect(await mailsTo(first.id)).toEqual(["registration_cancelled"]);
    expect(await mailsTo(waitingForBus.id)).toEqual(["waitlist_promoted"]);
    expect(await mailsTo(waitingForTicket.id)).toEqual(["waitlist_promoted"]);
    expect((await database.read.registration.findUniqueOrThrow({ where: { id: first.registrationId } })).status).toBe("cancelled");

    // Cancelling twice changes nothing more.
    expect(await cancelAttendee(database, first.id)).toEqual({ ok: true, promoted: 0 });
    expect(await mailsTo(first.id)).toEqual(["registration_cancelled"]);
  });

  it("moves a booking only into a free seat of the same slot and event, and frees the old one", async () => {
    const t = await createTestEvent(database.write, { workshopCapacity: 1 });
    const a = await register(t.event.slug, t.freeTicket.id, { [t.workshopSlot.id]: t.workshopA.id });
    const b = await register(t.event.slug, t.freeTicket.id, { [t.workshopSlot.id]: t.workshopB.id });

    expect(await changeBooking(database, a.id, t.workshopSlot.id, t.workshopB.id)).toEqual({
      ok: false,
      errors: { [`slot.${t.workshopSlot.id}`]: ["errors.itemFull"] },
    });
    expect(await database.read.booking.findFirst({ where: { attendeeId: a.id } })).toMatchObject({ programmeItemId: t.workshopA.id });
    expect(await changeBooking(database, a.id, t.workshopSlot.id, t.bus.id)).toMatchObject({
      ok: false,
      errors: { [`slot.${t.workshopSlot.id}`]: ["errors.invalidChoice"] },
    });

    expect(await changeBooking(database, b.id, t.workshopSlot.id, null)).toMatchObject({ ok: true });
    expect(await changeBooking(database, a.id, t.workshopSlot.id, t.workshopB.id)).toMatchObject({ ok: true });
    const [workshopA, workshopB] = await Promise.all(
      [t.workshopA.id, t.workshopB.id].map((id) => database.read.programmeItem.findUniqueOrThrow({ where: { id } })),
    );
    expect([workshopA!.confirmedCount, workshopB!.confirmedCount]).toEqual([0, 1]);
    expect(await mailsTo(a.id)).toEqual(["registration_updated"]); // the refused changes sent nothing
  });

  it("corrects details but refuses an address another attendee of the event uses", async () => {
    const t = await createTestEvent(database.write);
    const a = await register(t.event.slug, t.freeTicket.id, {});
    const b = await register(t.event.slug, t.freeTicket.id, {});
    const details = {
      firstName: "Zoë",
      lastName: "Çelik",
      email: b.email,
      organisation: "Kreis Bergstraße",
      jobFunction: undefined,
      phone: undefined,
      dietaryNeeds: undefined,
      accessibilityNeeds: undefined,
      needsConsent: false,
    };
    expect(await updateAttendeeDetails(database, a.id, details)).toEqual({ ok: false, errors: { email: ["errors.alreadyRegistered"] } });
    expect(await updateAttendeeDetails(database, a.id, { ...details, email: "zoe@kreis.example" })).toEqual({ ok: true, promoted: 0 });
    expect(await database.read.attendee.findUniqueOrThrow({ where: { id: a.id } })).toMatchObject({ firstName: "Zoë", email: "zoe@kreis.example" });
  });
});
