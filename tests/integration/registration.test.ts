import { describe, expect, it } from "vitest";
import { registerAttendees } from "~/modules/registration/register.server";
import { cachedEventCatalogue, forgetCatalogue } from "~/modules/events/catalogue.server";
import { isUniqueViolation } from "~/modules/db/errors.server";
import { cancelAttendee } from "~/modules/registration/changes.server";
import { readRegistrationForm } from "~/modules/registration/schema";
import { useTestDatabase } from "../support/database";
import { attendeeValues, createTestEvent, registrationValues, toFormData } from "../support/factories";

const database = await useTestDatabase();

/** Row counts of every table a registration writes to: "nothing written" means none of them changed. */
async function rowCounts() {
  const db = database.read;
  const [registrations, attendees, bookings, waiting, consents, outbox, events, tickets, items] = await Promise.all([
    db.registration.count(),
    db.attendee.count(),
    db.booking.count(),
    db.waitingListEntry.count(),
    db.consent.count(),
    db.emailOutbox.count(),
    db.event.aggregate({ _sum: { confirmedCount: true } }),
    db.ticketType.aggregate({ _sum: { confirmedCount: true } }),
    db.programmeItem.aggregate({ _sum: { confirmedCount: true } }),
  ]);
  return { registrations, attendees, bookings, waiting, consents, outbox, events: events._sum, tickets: tickets._sum, items: items._sum };
}

describe("registerAttendees", () => {
  it("registers two colleagues with their workshops and site visit in one submission", async () => {
    const t = await createTestEvent(database.write, { eventCapacity: 100, ticketCapacity: 100 });
    const values = registrationValues({
      ticketTypeId: t.freeTicket.id,
      attendees: [
        attendeeValues({
          firstName: "Jörg",
          lastName: "Weiß",
          email: "JOERG@Kommune.example",
          choices: { [t.workshopSlot.id]: t.workshopA.id, [t.busSlot.id]: t.bus.id },
        }),
        attendeeValues({ firstName: "Zoë", lastName: "O'Brien", choices: { [t.workshopSlot.id]: t.workshopB.id } }),
      ],
    });
    const now = new Date("2027-02-01T10:15:30.123Z");
    const outcome = await registerAttendees(database, t.event.slug, readRegistrationForm(toFormData(values)), now);
    expect(outcome).toMatchObject({ ok: true, status: "confirmed", waitlistedItemIds: [] });
    if (!outcome.ok) return;

    const registration = await database.read.registration.findUniqueOrThrow({
      where: { id: outcome.registrationId },
      include: { attendees: { orderBy: { position: "asc" }, include: { bookings: true, consents: true } }, outbox: true },
    });
    expect(registration.manageToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    // Rows written by the raw inserts read back through Prisma exactly as Prisma's own writes do.
    expect(registration.createdAt).toEqual(now);
    expect(registration.attendees[0]!.consents[0]!.givenAt).toEqual(now);
    expect(registration.attendees.map((a) => [a.firstName, a.email, a.status])).toEqual([
      ["Jörg", "joerg@kommune.example", "confirmed"],
      ["Zoë", registration.attendees[1]!.email, "confirmed"],
    ]);
    expect(registration.attendees[0]!.bookings.map((b) => b.programmeItemId).sort()).toEqual([t.workshopA.id, t.bus.id].sort());
    expect(registration.attendees[1]!.bookings.map((b) => b.programmeItemId)).toEqual([t.workshopB.id]);
    expect(registration.attendees.every((a) => a.consents.length === 1 && a.consents[0]!.textVersion === "test-v1")).toBe(true);
    expect(registration.attendees[0]!.ticketSecret).not.toEqual(registration.attendees[1]!.ticketSecret);
    expect(registration.attendees[0]!.ticketReference).toBe(`${registration.reference}-1`);
    // One mail to the contact with every ticket, and each colleague's own ticket to their address.
    expect(registration.outbox.map((mail) => [mail.kind, mail.recipient, mail.attendeeId, mail.status]).sort()).toEqual(
      [
        ["registration_confirmed", "kontakt@kommune.example", null, "pending"],
        ["registration_confirmed", "joerg@kommune.example", registration.attendees[0]!.id, "pending"],
        ["registration_confirmed", registration.attendees[1]!.email, registration.attendees[1]!.id, "pending"],
      ].sort(),
    );

    const counts = await database.read.programmeItem.findMany({ where: { eventId: t.event.id }, select: { id: true, confirmedCount: true } });
    const count = (id: string) => counts.find((c) => c.id === id)!.confirmedCount;
    expect([count(t.workshopA.id), count(t.workshopB.id), count(t.bus.id)]).toEqual([1, 1, 1]);
    const event = await database.read.event.findUniqueOrThrow({ where: { id: t.event.id }, include: { ticketTypes: true } });
    expect(event.confirmedCount).toBe(2);
    expect(event.ticketTypes.find((type) => type.id === t.freeTicket.id)!.confirmedCount).toBe(2);
  });

  it("never oversells: 120 registrations racing for a bus with 20 seats give 20 seats and 100 waiting-list places", async () => {
    const t = await createTestEvent(database.write, { busSeats: 20 });
    const submissions = Array.from({ length: 120 }, (_, index) =>
      toFormData(
        registrationValues({
          ticketTypeId: t.freeTicket.id,
          contactEmail: `racer${index}@kommune.example`,
          attendees: [attendeeValues({ email: `racer${index}@kommune.example`, choices: { [t.busSlot.id]: t.bus.id } })],
        }),
      ),
    );
    // All at once, each through the form parser and the use case the route calls.
    const outcomes = await Promise.all(submissions.map((form) => registerAttendees(database, t.event.slug, readRegistrationForm(form))));

    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    const onWaitingList = outcomes.filter((outcome) => outcome.ok && outcome.waitlistedItemIds.includes(t.bus.id));
    expect(onWaitingList).toHaveLength(100);

    const bus = await database.read.programmeItem.findUniqueOrThrow({ where: { id: t.bus.id } });
    expect(bus.confirmedCount).toBe(20);
    expect(await database.read.booking.count({ where: { programmeItemId: t.bus.id } })).toBe(20);
    expect(await database.read.waitingListEntry.count({ where: { programmeItemId: t.bus.id, status: "waiting" } })).toBe(100);
    // Nothing lost, nothing doubled: every racer is registered once and holds exactly a seat or a place in line.
    const attendees = await database.read.attendee.findMany({
      where: { eventId: t.event.id },
      include: { bookings: true, waitingList: true },
    });
    expect(attendees).toHaveLength(120);
    expect(new Set(attendees.map((a) => a.email)).size).toBe(120);
    expect(attendees.every((a) => a.bookings.length + a.waitingList.length === 1)).toBe(true);
  });

  it("claims each of a person's choices on its own: racing for a workshop with 30 seats and a bus with 10, each person gets what is left of each", async () => {
    const t = await createTestEvent(database.write, { busSeats: 10, workshopCapacity: 30 });
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        registerAttendees(
          database,
          t.event.slug,
          readRegistrationForm(
            toFormData(
              registrationValues({
                ticketTypeId: t.freeTicket.id,
                contactEmail: `both${index}@kommune.example`,
                attendees: [
                  attendeeValues({ email: `both${index}@kommune.example`, choices: { [t.workshopSlot.id]: t.workshopA.id, [t.busSlot.id]: t.bus.id } }),
                ],
              }),
            ),
          ),
        ),
      ),
    );
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    const [workshop, bus] = await Promise.all([t.workshopA, t.bus].map((item) => database.read.programmeItem.findUniqueOrThrow({ where: { id: item.id } })));
    expect([workshop!.confirmedCount, bus!.confirmedCount]).toEqual([30, 10]);
    expect(await database.read.booking.count({ where: { programmeItemId: t.workshopA.id } })).toBe(30);
    expect(await database.read.booking.count({ where: { programmeItemId: t.bus.id } })).toBe(10);
    const people = await database.read.attendee.findMany({ where: { eventId: t.event.id }, include: { bookings: true, waitingList: true } });
    // Every person holds, for each of the two choices, a seat or a place in line: never both, never neither.
    for (const item of [t.workshopA, t.bus]) {
      expect(
        people.every(
          (person) =>
            person.bookings.filter((b) => b.programmeItemId === item.id).length + person.waitingList.filter((w) => w.programmeItemId === item.id).length === 1,
        ),
      ).toBe(true);
    }
    // Those with a bus seat are among those with a workshop seat: the bus fills no later than the workshop.
    expect(people.filter((person) => person.bookings.length === 2)).toHaveLength(10);
  });

  it("writes a party once when its seat went between loading the event and claiming it last: waiting for it, nothing twice", async () => {
    const t = await createTestEvent(database.write, { busSeats: 1 });
    // The event as loaded (and kept for a second) shows the bus's one seat free…
    const first = await registerAttendees(database, t.event.slug, registrationValues({ ticketTypeId: t.freeTicket.id }));
    expect(first.ok).toBe(true);
    // …which someone takes behind its back: the claim made last fails, and the registration runs again claiming first.
    await database.write.$transaction((tx) => tx.programmeItem.update({ where: { id: t.bus.id }, data: { confirmedCount: 1 } }));
    const before = await rowCounts();
    const outcome = await registerAttendees(
      database,
      t.event.slug,
      registrationValues({
        ticketTypeId: t.freeTicket.id,
        attendees: [attendeeValues({ choices: { [t.workshopSlot.id]: t.workshopA.id, [t.busSlot.id]: t.bus.id } })],
      }),
    );
    expect(outcome).toMatchObject({ ok: true, status: "confirmed", waitlistedItemIds: [t.bus.id] });
    const after = await rowCounts();
    expect(after).toMatchObject({
      registrations: before.registrations + 1,
      attendees: before.attendees + 1,
      bookings: before.bookings + 1,
      waiting: before.waiting + 1,
      events: { confirmedCount: (before.events.confirmedCount ?? 0) + 1 },
      items: { confirmedCount: (before.items.confirmedCount ?? 0) + 1 },
    });
    expect((await database.read.programmeItem.findUniqueOrThrow({ where: { id: t.bus.id } })).confirmedCount).toBe(1);
  });

  it("expects a registration's seats from the event as it was at most a second ago, as the seats shown to people", async () => {
    // Near the end of a rush a copy older than that expects seats taken meanwhile, and every such registration runs
    // its transaction twice: with the five seconds kept before, 90–169 of 1,000 visits on PostgreSQL (bench:visit).
    const t = await createTestEvent(database.write, { busSeats: 1 });
    forgetCatalogue();
    const loadedAt = Date.now() - 1_500;
    const bus = (event: Awaited<ReturnType<typeof cachedEventCatalogue>>) => event!.slots.flatMap((slot) => slot.items).find((item) => item.id === t.bus.id);
    expect(bus(await cachedEventCatalogue(database.read, t.event.slug, undefined, loadedAt))).toMatchObject({ confirmedCount: 0 });
    await database.write.$transaction((tx) => tx.programmeItem.update({ where: { id: t.bus.id }, data: { confirmedCount: 1 } }));
    expect(bus(await cachedEventCatalogue(database.read, t.event.slug))).toMatchObject({ confirmedCount: 1 });
  });

  it("claims a party's seats as it was told it gets them: together in one workshop, its last seat to the first, a full one to nobody", async () => {
    const t = await createTestEvent(database.write, { workshopCapacity: 3, eventCapacity: 20, ticketCapacity: 20 });
    const workshop = { [t.workshopSlot.id]: t.workshopA.id };
    const register = async (...people: Record<string, string>[]) => {
      forgetCatalogue(); // the event as it is now: the seats are expected as they will be claimed
      return registerAttendees(
        database,
        t.event.slug,
        registrationValues({ ticketTypeId: t.freeTicket.id, attendees: people.map((choices) => attendeeValues({ choices })) }),
      );
    };
    const counters = async () => ({
      event: (await database.read.event.findUniqueOrThrow({ where: { id: t.event.id } })).confirmedCount,
      workshop: (await database.read.programmeItem.findUniqueOrThrow({ where: { id: t.workshopA.id } })).confirmedCount,
      bus: (await database.read.programmeItem.findUniqueOrThrow({ where: { id: t.bus.id } })).confirmedCount,
      booked: await database.read.booking.count({ where: { programmeItemId: t.workshopA.id } }),
      waiting: await database.read.waitingListEntry.count({ where: { programmeItemId: t.workshopA.id } }),
    });
    // Two in one workshop: two seats of one counter.
    expect(await register(workshop, workshop)).toMatchObject({ ok: true, status: "confirmed", waitlistedItemIds: [] });
    expect(await counters()).toEqual({ event: 2, workshop: 2, bus: 0, booked: 2, waiting: 0 });
    // Three for its last seat: the first gets it, the others wait for it.
    expect(await register(workshop, workshop, workshop)).toMatchObject({ ok: true, status: "confirmed", waitlistedItemIds: [t.workshopA.id] });
    expect(await counters()).toEqual({ event: 5, workshop: 3, bus: 0, booked: 3, waiting: 2 });
    // The full workshop to nobody, the bus to the person.
    const both = { ...workshop, [t.busSlot.id]: t.bus.id };
    expect(await register(both)).toMatchObject({ ok: true, status: "confirmed", waitlistedItemIds: [t.workshopA.id] });
    expect(await counters()).toEqual({ event: 6, workshop: 3, bus: 1, booked: 3, waiting: 3 });
    // A seat freed behind the loaded event's back (a count set by hand): the claim as told no longer holds, and the
    // party is registered claiming first, getting the seat that is there.
    forgetCatalogue();
    await cachedEventCatalogue(database.read, t.event.slug);
    await database.write.$transaction((tx) => tx.programmeItem.update({ where: { id: t.workshopA.id }, data: { confirmedCount: 2 } }));
    const stale = await registerAttendees(
      database,
      t.event.slug,
      registrationValues({ ticketTypeId: t.freeTicket.id, attendees: [attendeeValues({ choices: workshop })] }),
    );
    expect(stale).toMatchObject({ ok: true, status: "confirmed", waitlistedItemIds: [] });
    expect(await counters()).toMatchObject({ workshop: 3, booked: 4, waiting: 3 });
  });

  it("puts a whole party on the waiting list when the ticket type has too few seats left", async () => {
    const t = await createTestEvent(database.write, { ticketCapacity: 3 });
    const first = await registerAttendees(
      database,
      t.event.slug,
      registrationValues({ ticketTypeId: t.freeTicket.id, attendees: [attendeeValues(), attendeeValues()] }),
    );
    expect(first).toMatchObject({ ok: true, status: "confirmed" });
    const second = await registerAttendees(
      database,
      t.event.slug,
      registrationValues({ ticketTypeId: t.freeTicket.id, attendees: [attendeeValues({ choices: { [t.busSlot.id]: t.bus.id } }), attendeeValues()] }),
    );
    expect(second).toMatchObject({ ok: true, status: "waitlisted", waitlistedItemIds: [t.bus.id] });
    const ticket = await database.read.ticketType.findUniqueOrThrow({ where: { id: t.freeTicket.id } });
    expect(ticket.confirmedCount).toBe(2);
    expect(await database.read.waitingListEntry.count({ where: { ticketTypeId: t.freeTicket.id } })).toBe(2);
    const bus = await database.read.programmeItem.findUniqueOrThrow({ where: { id: t.bus.id } });
    expect(bus.confirmedCount).toBe(0);
  });

  it("stores a paid party that found no seats as waiting, owing nothing, with its people, answers and consents", async () => {
    const t = await createTestEvent(database.write, { eventCapacity: 1 });
    const paid = (email: string) =>
      registrationValues({
        ticketTypeId: t.paidTicket.id,
        contactEmail: email,
        invoiceAddress: "Stadt Bürstadt\nRathausstraße 2\n68642 Bürstadt",
        attendees: [attendeeValues({ email })],
      });
    expect(await registerAttendees(database, t.event.slug, paid("first@kommune.example"))).toMatchObject({ ok: true, status: "confirmed" });
    const waiting = await registerAttendees(database, t.event.slug, paid("second@kommune.example"));
    expect(waiting).toMatchObject({ ok: true, status: "waitlisted" });
    const stored = await database.read.registration.findUniqueOrThrow({
      where: { id: waiting.ok ? waiting.registrationId : "" },
      include: { attendees: { include: { consents: true } }, invoices: true },
    });
    expect(stored).toMatchObject({
      status: "waitlisted",
      totalCents: 0,
      paymentStatus: "not_required",
      paymentMethod: "none",
      checkoutExpiresAt: null,
      invoices: [],
    });
    expect(stored.attendees.map((attendee) => [attendee.status, attendee.consents.length])).toEqual([["waitlisted", 1]]);
    expect((await database.read.event.findUniqueOrThrow({ where: { id: t.event.id } })).confirmedCount).toBe(1);
  });

  it("holds seats for a ticket type that needs the organiser's approval", async () => {
    const t = await createTestEvent(database.write, { requiresApproval: true });
    const outcome = await registerAttendees(
      database,
      t.event.slug,
      registrationValues({ ticketTypeId: t.freeTicket.id, attendees: [attendeeValues({ choices: { [t.busSlot.id]: t.bus.id } })] }),
    );
    expect(outcome).toMatchObject({ ok: true, status: "pending_approval" });
    expect((await database.read.programmeItem.findUniqueOrThrow({ where: { id: t.bus.id } })).confirmedCount).toBe(1);
  });

  it("charges paid tickets by invoice and records the total in cents", async () => {
    const t = await createTestEvent(database.write);
    const outcome = await registerAttendees(
      database,
      t.event.slug,
      registrationValues({
        ticketTypeId: t.paidTicket.id,
        invoiceAddress: "Stadt Bürstadt\nRathausstraße 2\n68642 Bürstadt",
        attendees: [attendeeValues(), attendeeValues()],
      }),
    );
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const registration = await database.read.registration.findUniqueOrThrow({ where: { id: outcome.registrationId } });
    expect(registration).toMatchObject({ totalCents: 17800, paymentStatus: "pending", paymentMethod: "invoice" });
  });
});

describe("registerAttendees refuses bad input and writes nothing", () => {
  it.each([
    [
      "an overlong name",
      (v: ReturnType<typeof registrationValues>) => {
        v.attendees[0]!.lastName = "x".repeat(101);
      },
      "attendees[0].lastName",
      "errors.tooLong:100",
    ],
    [
      "a control character",
      (v: ReturnType<typeof registrationValues>) => {
        v.attendees[0]!.firstName = "Eri\u0000ka";
      },
      "attendees[0].firstName",
      "errors.controlChars",
    ],
    [
      "HTML in a name",
      (v: ReturnType<typeof registrationValues>) => {
        v.attendees[0]!.lastName = "<script>alert(1)</script>";
      },
      "attendees[0].lastName",
      "errors.htmlNotAllowed",
    ],
    [
      "an invalid email",
      (v: ReturnType<typeof registrationValues>) => {
        v.attendees[0]!.email = "erika@";
      },
      "attendees[0].email",
      "errors.invalidEmail",
    ],
    [
      "a missing consent",
      (v: ReturnType<typeof registrationValues>) => {
        v.privacyConsent = false;
      },
      "privacyConsent",
      "errors.consentRequired",
    ],
    [
      "a filled honeypot",
      (v: ReturnType<typeof registrationValues>) => {
        v.website = "http://spam.example";
      },
      "website",
      "errors.spam",
    ],
    [
      "a duplicate attendee",
      (v: ReturnType<typeof registrationValues>) => {
        v.attendees.push({ ...v.attendees[0]!, email: v.attendees[0]!.email.toUpperCase() });
      },
      "attendees[1].email",
      "errors.duplicateAttendee",
    ],
    [
      "too many attendees",
      (v: ReturnType<typeof registrationValues>) => {
        v.attendees = Array.from({ length: 11 }, () => attendeeValues());
      },
      "form",
      "errors.tooManyAttendees:10",
    ],
    [
      "nobody to register",
      (v: ReturnType<typeof registrationValues>) => {
        v.attendees = [];
      },
      "form",
      "errors.noAttendees",
    ],
  ])("%s", async (_name, spoil, field, message) => {
    const t = await createTestEvent(database.write);
    const values = registrationValues({ ticketTypeId: t.freeTicket.id, attendees: [attendeeValues({ choices: { [t.busSlot.id]: t.bus.id } })] });
    spoil(values);
    const before = await rowCounts();
    const outcome = await registerAttendees(database, t.event.slug, values);
    expect(outcome).toEqual({ ok: false, errors: expect.objectContaining({ [field]: [message] }) });
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses tampered choices: another event's item, a clash in one slot, a plenary", async () => {
    const t = await createTestEvent(database.write);
    const other = await createTestEvent(database.write);
    const before = await rowCounts();
    const cases = [
      { choices: { [t.busSlot.id]: other.bus.id }, field: "attendees[0].programme", message: "errors.invalidChoice" },
      {
        choices: { [t.workshopSlot.id]: t.workshopA.id, [`${t.workshopSlot.id}#2`]: t.workshopB.id },
        field: `attendees[0].slot.${t.workshopSlot.id}`,
        message: "errors.slotClash",
      },
      { choices: { [t.workshopSlot.id]: t.plenary.id }, field: "attendees[0].programme", message: "errors.invalidChoice" },
    ];
    for (const { choices, field, message } of cases) {
      const values = registrationValues({ ticketTypeId: t.freeTicket.id, attendees: [attendeeValues({ choices })] });
      const outcome = await registerAttendees(database, t.event.slug, readRegistrationForm(toFormData(values)));
      expect(outcome).toEqual({ ok: false, errors: { [field]: [message] } });
    }
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses a full item when the registrant did not accept the waiting list, also when it fills during the submission", async () => {
    const t = await createTestEvent(database.write, { busSeats: 1 });
    const taker = await registerAttendees(
      database,
      t.event.slug,
      registrationValues({ ticketTypeId: t.freeTicket.id, attendees: [attendeeValues({ choices: { [t.busSlot.id]: t.bus.id } })] }),
    );
    expect(taker.ok).toBe(true);
    const before = await rowCounts();
    const values = registrationValues({
      ticketTypeId: t.freeTicket.id,
      waitlistIfFull: false,
      attendees: [attendeeValues({ choices: { [t.busSlot.id]: t.bus.id } })],
    });
    expect(await registerAttendees(database, t.event.slug, values)).toEqual({
      ok: false,
      errors: { [`attendees[0].slot.${t.busSlot.id}`]: ["errors.itemFull"] },
    });

    // Two at once for the last seat of a fresh bus, neither accepting the waiting list: one gets it, one is refused, nothing half-written.
    const t2 = await createTestEvent(database.write, { busSeats: 1 });
    const race = await Promise.all(
      [1, 2].map(() =>
        registerAttendees(
          database,
          t2.event.slug,
          registrationValues({
            ticketTypeId: t2.freeTicket.id,
            waitlistIfFull: false,
            attendees: [attendeeValues({ choices: { [t2.busSlot.id]: t2.bus.id } })],
          }),
        ),
      ),
    );
    expect(race.filter((outcome) => outcome.ok)).toHaveLength(1);
    expect(await database.read.attendee.count({ where: { eventId: t2.event.id } })).toBe(1);
    const event = await database.read.event.findUniqueOrThrow({ where: { id: t2.event.id } });
    expect(event.confirmedCount).toBe(1);
    expect((await rowCounts()).registrations).toBe(before.registrations + 1);
  });

  it("refuses a closed registration window, an unknown ticket type, a missing invoice address and a second registration of one person", async () => {
    const t = await createTestEvent(database.write);
    const valid = () => registrationValues({ ticketTypeId: t.freeTicket.id });
    const before = await rowCounts();
    expect(await registerAttendees(database, t.event.slug, valid(), new Date("2027-05-16T12:00:00Z"))).toEqual({
      ok: false,
      errors: { form: ["errors.registrationClosed"] },
    });
    expect(await registerAttendees(database, t.event.slug, registrationValues({ ticketTypeId: "nonexistent" }))).toEqual({
      ok: false,
      errors: { ticketTypeId: ["errors.ticketTypeInvalid"] },
    });
    expect(await registerAttendees(database, t.event.slug, registrationValues({ ticketTypeId: t.paidTicket.id }))).toEqual({
      ok: false,
      errors: { invoiceAddress: ["errors.invoiceAddressRequired"] },
    });
    expect(await registerAttendees(database, "no-such-event", valid())).toEqual({ ok: false, errors: { form: ["errors.registrationClosed"] } });
    expect(await rowCounts()).toEqual(before);

    const first = valid();
    expect((await registerAttendees(database, t.event.slug, first)).ok).toBe(true);
    const again = registrationValues({ ticketTypeId: t.freeTicket.id, attendees: [{ ...first.attendees[0]! }] });
    expect(await registerAttendees(database, t.event.slug, again)).toEqual({ ok: false, errors: { "attendees[0].email": ["errors.alreadyRegistered"] } });
  });

  it("lets the database refuse one address registered twice at the same moment, with the same field error; cancelling frees it", async () => {
    const t = await createTestEvent(database.write);
    const person = attendeeValues();
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        registerAttendees(
          database,
          t.event.slug,
          registrationValues({ ticketTypeId: t.freeTicket.id, contactEmail: `kontakt.${i}@kommune.example`, attendees: [{ ...person }] }),
        ),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
    for (const outcome of outcomes.filter((outcome) => !outcome.ok))
      expect(outcome).toEqual({ ok: false, errors: { "attendees[0].email": ["errors.alreadyRegistered"] } });
    const stored = await database.read.attendee.findMany({ where: { eventId: t.event.id, email: person.email } });
    expect(stored).toHaveLength(1);

    await cancelAttendee(database, stored[0]!.id);
    const again = await registerAttendees(database, t.event.slug, registrationValues({ ticketTypeId: t.freeTicket.id, attendees: [{ ...person }] }));
    expect(again.ok).toBe(true);
  });

  it("the database itself refuses a second active attendee with one address in an event", async () => {
    const t = await createTestEvent(database.write);
    const person = attendeeValues();
    const first = await registerAttendees(database, t.event.slug, registrationValues({ ticketTypeId: t.freeTicket.id, attendees: [{ ...person }] }));
    expect(first.ok).toBe(true);
    const stored = await database.read.attendee.findFirstOrThrow({ where: { eventId: t.event.id, email: person.email } });
    const copy = database.write.$transaction((tx) =>
      tx.attendee.create({
        data: { ...stored, id: undefined, ticketSecret: `${stored.ticketSecret}X`, ticketReference: `${stored.ticketReference}X`, manageToken: null },
      }),
    );
    await expect(copy).rejects.toSatisfy((error: unknown) => isUniqueViolation(error, "activeEmail"));
  });
});
