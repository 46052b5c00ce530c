import { describe, expect, it } from "vitest";
import { acceptOffer, declineOffer, expireOffers } from "~/modules/capacity/offers.server";
import { attendeeCalendar } from "~/modules/calendar/calendar.server";
import { approveAttendees, rejectAttendees } from "~/modules/registration/approvals.server";
import { cancelAttendee, changeBooking } from "~/modules/registration/changes.server";
import { registerAttendees } from "~/modules/registration/register.server";
import { loadManageScope, requestManageLinks, selfService } from "~/modules/registration/self-service.server";
import { loadRegistrationById } from "~/modules/registration/view.server";
import { useTestDatabase } from "../support/database";
import { attendeeValues, createTestEvent, registrationValues } from "../support/factories";

const database = await useTestDatabase();
const HOUR = 3_600_000;

async function register(
  slug: string,
  ticketTypeId: string,
  choices: Record<string, string> = {},
  extra: Partial<Parameters<typeof registrationValues>[0]> = {},
) {
  const outcome = await registerAttendees(database, slug, registrationValues({ ticketTypeId, attendees: [attendeeValues({ choices })], ...extra }));
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  return database.read.attendee.findFirstOrThrow({ where: { registrationId: outcome.registrationId } });
}

const kindsTo = (attendeeId: string) =>
  database.read.emailOutbox
    .findMany({ where: { attendeeId }, orderBy: { createdAt: "asc" }, select: { kind: true } })
    .then((rows) => rows.map((row) => row.kind));
const entryOf = (attendeeId: string, programmeItemId: string | null) =>
  database.read.waitingListEntry.findFirstOrThrow({ where: { attendeeId, programmeItemId }, orderBy: { createdAt: "desc" } });
const seats = (id: string) => database.read.programmeItem.findUniqueOrThrow({ where: { id } }).then((item) => item.confirmedCount);

describe("waiting-list offers", () => {
  it("holds a freed seat for the next person, passes it on when declined or expired, and never books two", async () => {
    const t = await createTestEvent(database.write, { busSeats: 1 });
    await database.write.event.update({ where: { id: t.event.id }, data: { waitlistMode: "offer", offerHours: 48 } });
    const onBus = await register(t.event.slug, t.freeTicket.id, { [t.busSlot.id]: t.bus.id });
    const second = await register(t.event.slug, t.freeTicket.id, { [t.busSlot.id]: t.bus.id });
    const third = await register(t.event.slug, t.freeTicket.id, { [t.busSlot.id]: t.bus.id });

    const now = new Date();
    await cancelAttendee(database, onBus.id, "attendee", now);
    const offer = await entryOf(second.id, t.bus.id);
    expect(offer).toMatchObject({ status: "offered" });
    expect(offer.offerExpiresAt!.getTime() - now.getTime()).toBe(48 * HOUR);
    expect(await seats(t.bus.id)).toBe(1); // held for the person offered, not free for anyone else
    expect(await kindsTo(second.id)).toContain("waitlist_offer");

    expect(await declineOffer(database, offer.offerToken!, now)).toEqual({ ok: true, state: "declined" });
    expect(await acceptOffer(database, offer.offerToken!, now)).toEqual({ ok: false, state: "declined" });
    const next = await entryOf(third.id, t.bus.id);
    expect(next.status).toBe("offered");
    expect(await seats(t.bus.id)).toBe(1);

    // Nobody answers: the worker closes it after the deadline, once, however often it runs.
    const later = new Date(next.offerExpiresAt!.getTime() + 1000);
    const runs = await Promise.all([expireOffers(database, later), expireOffers(database, later), expireOffers(database, later)]);
    expect(runs.reduce((a, b) => a + b, 0)).toBe(1);
    expect((await entryOf(third.id, t.bus.id)).status).toBe("expired");
    expect(await seats(t.bus.id)).toBe(0);
    expect(await kindsTo(third.id)).toContain("waitlist_offer_expired");
    expect(await acceptOffer(database, next.offerToken!, later)).toEqual({ ok: false, state: "expired" });
    // The person keeps their ticket: only the bus seat lapsed.
    expect((await database.read.attendee.findUniqueOrThrow({ where: { id: third.id } })).status).toBe("confirmed");
  });

  it("the last offered seat accepted from many tabs at once while the expiry worker runs: booked exactly once", async () => {
    const t = await createTestEvent(database.write, { busSeats: 1 });
    await database.write.event.update({ where: { id: t.event.id }, data: { waitlistMode: "offer", offerHours: 1 } });
    const onBus = await register(t.event.slug, t.freeTicket.id, { [t.busSlot.id]: t.bus.id });
    const waiting = await register(t.event.slug, t.freeTicket.id, { [t.busSlot.id]: t.bus.id });
    await cancelAttendee(database, onBus.id);
    const offer = await entryOf(waiting.id, t.bus.id);
    const atDeadline = new Date(offer.offerExpiresAt!.getTime() - 1);
    const answers = await Promise.all([
      ...Array.from({ length: 12 }, () => acceptOffer(database, offer.offerToken!, atDeadline)),
      expireOffers(database, new Date(offer.offerExpiresAt!.getTime() + 1)),
    ]);
    const accepted = answers.filter((answer) => typeof answer === "object" && answer.ok);
    const expired = answers.find((answer) => typeof answer === "number") as number;
    expect(accepted.length + expired).toBe(1);
    expect(await seats(t.bus.id)).toBe(1);
    expect(await database.read.booking.count({ where: { programmeItemId: t.bus.id } })).toBe(accepted.length);
  });

  it("choosing the offered item on the manage page takes the held seat instead of a second one", async () => {
    const t = await createTestEvent(database.write, { busSeats: 1 });
    await database.write.event.update({ where: { id: t.event.id }, data: { waitlistMode: "offer" } });
    const onBus = await register(t.event.slug, t.freeTicket.id, { [t.busSlot.id]: t.bus.id });
    const waiting = await register(t.event.slug, t.freeTicket.id, { [t.busSlot.id]: t.bus.id });
    await cancelAttendee(database, onBus.id);
    expect((await entryOf(waiting.id, t.bus.id)).status).toBe("offered");
    expect(await changeBooking(database, waiting.id, t.busSlot.id, t.bus.id, { waitlistIfFull: true })).toMatchObject({ ok: true });
    expect((await entryOf(waiting.id, t.bus.id)).status).toBe("promoted");
    expect(await seats(t.bus.id)).toBe(1);
    expect(await database.read.booking.count({ where: { programmeItemId: t.bus.id } })).toBe(1);
  });

  it("a ticket offered from the waiting list is charged at its price once accepted", async () => {
    const t = await createTestEvent(database.write, { eventCapacity: 1 });
    await database.write.event.update({ where: { id: t.event.id }, data: { waitlistMode: "offer" } });
    const first = await register(t.event.slug, t.paidTicket.id, {}, { invoiceAddress: "Stadt Bürstadt, Rathausstraße 2" });
    const waiting = await register(t.event.slug, t.paidTicket.id, {}, { invoiceAddress: "Kreis Bergstraße, Gräffstraße 5" });
    const waitingRegistration = await database.read.registration.findUniqueOrThrow({ where: { id: waiting.registrationId } });
    expect(waitingRegistration).toMatchObject({ status: "waitlisted", totalCents: 0 });

    await cancelAttendee(database, first.id);
    const offer = await entryOf(waiting.id, null);
    expect(await acceptOffer(database, offer.offerToken!)).toEqual({ ok: true, state: "accepted" });
    expect(await database.read.registration.findUniqueOrThrow({ where: { id: waiting.registrationId } })).toMatchObject({
      status: "confirmed",
      totalCents: 8900,
      paymentStatus: "pending",
      paymentMethod: "invoice",
    });
  });
});

describe("self-service with the manage link", () => {
  it("a colleague's own link shows and changes only their place; the contact's manages the group", async () => {
    const t = await createTestEvent(database.write, { workshopCapacity: 1 });
    const contact = attendeeValues({ email: "kontakt@kommune.example", choices: { [t.workshopSlot.id]: t.workshopA.id } });
    const colleague = attendeeValues({ email: "kollegin@kommune.example" });
    const outcome = await registerAttendees(database, t.event.slug, registrationValues({ ticketTypeId: t.freeTicket.id, attendees: [contact, colleague] }));
    if (!outcome.ok) throw new Error("registration failed");
    const attendees = await database.read.attendee.findMany({ where: { registrationId: outcome.registrationId }, orderBy: { position: "asc" } });
    const [self, other] = attendees as [(typeof attendees)[0], (typeof attendees)[0]];

    const own = await loadManageScope(database, other.manageToken!);
    expect(own?.isContact).toBe(false);
    expect(own?.attendees.map((a) => a.id)).toEqual([other.id]);
    const group = await loadManageScope(database, outcome.manageToken);
    expect(group?.attendees.map((a) => a.id)).toEqual([self.id, other.id]);

    // The colleague's link cannot reach the contact's place, nor cancel the group.
    expect(await selfService(database, other.manageToken!, { intent: "cancel", attendeeId: self.id })).toMatchObject({
      ok: false,
      errors: { form: ["errors.notFound"] },
    });
    expect(await selfService(database, other.manageToken!, { intent: "cancelAll" })).toMatchObject({ ok: false });
    // A full workshop: the colleague waits for it and keeps nothing lost; the contact gives it up and the colleague moves in.
    expect(
      await selfService(database, other.manageToken!, {
        intent: "programme",
        attendeeId: other.id,
        slotId: t.workshopSlot.id,
        itemId: t.workshopA.id,
        waitlistIfFull: true,
      }),
    ).toMatchObject({ ok: true, waitlisted: true });
    expect(
      await selfService(database, outcome.manageToken, {
        intent: "programme",
        attendeeId: self.id,
        slotId: t.workshopSlot.id,
        itemId: t.workshopB.id,
        waitlistIfFull: false,
      }),
    ).toMatchObject({ ok: true, promoted: 1 });
    expect(await database.read.booking.findFirst({ where: { attendeeId: other.id } })).toMatchObject({ programmeItemId: t.workshopA.id });
    expect(await seats(t.workshopA.id)).toBe(1);

    // The contact's calendar now removes workshop A (same UID, higher SEQUENCE) and adds B.
    const registration = (await loadRegistrationById(database, outcome.registrationId))!;
    const ics = attendeeCalendar(registration, registration.attendees[0]!, "https://x.example/r", "de");
    const workshopA = ics.split("BEGIN:VEVENT").find((part) => part.includes(`UID:${t.workshopA.id}.${self.id}@kongress`))!;
    expect(workshopA).toContain("STATUS:CANCELLED");
    expect(workshopA).toContain("SEQUENCE:1");
    expect(ics).toContain(`UID:${t.workshopB.id}.${self.id}@kongress`);
    // RFC 5545: every line ends with CRLF, the last too (3.1); no property without "X-" that the RFC does not name.
    expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(ics.split("\r\n").every((line) => !line.includes("\n"))).toBe(true);
    expect(ics).not.toMatch(/^TIMEZONE-ID:/m);
    expect(ics).toMatch(/^X-WR-TIMEZONE:Europe\/Berlin\r$/m);
    expect(await kindsTo(self.id)).toContain("registration_updated");

    // After the deadline nothing changes any more, but the confirmation can still be sent again.
    await database.write.event.update({ where: { id: t.event.id }, data: { selfServiceUntil: new Date(Date.now() - 1000) } });
    expect(await selfService(database, outcome.manageToken, { intent: "cancelAll" })).toEqual({ ok: false, errors: { form: ["errors.selfServiceClosed"] } });
    expect(await selfService(database, outcome.manageToken, { intent: "resend", attendeeId: other.id })).toMatchObject({ ok: true });
  });

  it("asking for the link again gives nothing away and cannot flood a mailbox", async () => {
    const t = await createTestEvent(database.write);
    const attendee = await register(t.event.slug, t.freeTicket.id, {}, { contactEmail: "jemand@kommune.example" });
    const linkMails = () => database.read.emailOutbox.count({ where: { kind: "manage_link" } });
    const before = await linkMails();
    await requestManageLinks(database, "niemand@nirgends.example");
    expect(await linkMails()).toBe(before);
    await requestManageLinks(database, "JEMAND@kommune.example");
    await requestManageLinks(database, "jemand@kommune.example");
    expect(await linkMails()).toBe(before + 1);
    await requestManageLinks(database, attendee.email);
    expect(await database.read.emailOutbox.findFirst({ where: { kind: "manage_link", attendeeId: attendee.id } })).not.toBeNull();
  });
});

describe("approvals", () => {
  it("two organisers deciding the same person at once: one decision stands, a rejection frees the seats", async () => {
    const t = await createTestEvent(database.write, { requiresApproval: true, ticketCapacity: 1 });
    const pending = await register(t.event.slug, t.freeTicket.id, { [t.busSlot.id]: t.bus.id });
    expect(pending.status).toBe("pending_approval");
    const waiting = await register(t.event.slug, t.freeTicket.id);
    expect(waiting.status).toBe("waitlisted");

    const [approved, rejected] = await Promise.all([approveAttendees(database, [pending.id]), rejectAttendees(database, [pending.id])]);
    expect(approved.decided + rejected.decided).toBe(1);
    expect(approved.skipped + rejected.skipped).toBe(1);
    const after = await database.read.attendee.findUniqueOrThrow({ where: { id: pending.id } });
    if (approved.decided === 1) {
      expect(after.status).toBe("confirmed");
      expect(await kindsTo(pending.id)).toContain("registration_approved");
    } else {
      expect(after).toMatchObject({ status: "cancelled", cancelReason: "rejected" });
      expect(await seats(t.bus.id)).toBe(0);
      // The freed ticket went to the next in line, who again needs approval.
      expect((await database.read.attendee.findUniqueOrThrow({ where: { id: waiting.id } })).status).toBe("pending_approval");
    }
  });
});

describe("two people taking the last workshop seat at once", () => {
  it("one gets it, the other is told it is full and keeps what they had", async () => {
    const t = await createTestEvent(database.write, { workshopCapacity: 1 });
    const people = await Promise.all(Array.from({ length: 8 }, () => register(t.event.slug, t.freeTicket.id, { [t.workshopSlot.id]: t.workshopB.id })));
    expect(await seats(t.workshopB.id)).toBe(1); // one booked, seven waiting
    const booked = await database.read.booking.findMany({ where: { programmeItemId: t.workshopB.id } });
    const others = people.filter((person) => person.id !== booked[0]!.attendeeId);
    const outcomes = await Promise.all(others.map((person) => changeBooking(database, person.id, t.workshopSlot.id, t.workshopA.id)));
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
    expect(outcomes.filter((outcome) => !outcome.ok)).toHaveLength(others.length - 1);
    expect(await seats(t.workshopA.id)).toBe(1);
  });
});
