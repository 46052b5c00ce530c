import { describe, expect, it } from "vitest";
import { listAudit, pruneAudit, SYSTEM_ACTOR } from "~/modules/audit/log.server";
import { saveEvent } from "~/modules/events/editor.server";
import { loadLegalText, saveLegalText } from "~/modules/legal/texts.server";
import { anonymiseDue, anonymiseOn, eraseAttendee } from "~/modules/privacy/anonymise.server";
import { personalData } from "~/modules/privacy/subject-access.server";
import { revokeNeedsConsent, updateAttendeeDetails } from "~/modules/registration/changes.server";
import { registerAttendees } from "~/modules/registration/register.server";
import { useTestDatabase } from "../support/database";
import { expectSearchedBy, readPlans } from "../support/query-plans";
import { attendeeValues, createTestEvent, registrationValues } from "../support/factories";

const database = await useTestDatabase();

async function register(slug: string, ticketTypeId: string, extra: Parameters<typeof attendeeValues>[0] = {}, invoiceAddress = "") {
  const outcome = await registerAttendees(database, slug, registrationValues({ ticketTypeId, invoiceAddress, attendees: [attendeeValues(extra)] }));
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  return database.read.attendee.findFirstOrThrow({ where: { registrationId: outcome.registrationId }, include: { consents: true } });
}

describe("consent to dietary and accessibility needs (Art. 9 GDPR)", () => {
  it("needs without their own consent are refused with a field error; with it they are kept, and revoking deletes them", async () => {
    const t = await createTestEvent(database.write);
    const refused = await registerAttendees(
      database,
      t.event.slug,
      registrationValues({ ticketTypeId: t.freeTicket.id, attendees: [attendeeValues({ dietaryNeeds: "vegan" })] }),
    );
    expect(refused).toEqual({ ok: false, errors: { "attendees[0].needsConsent": ["errors.needsConsentRequired"] } });
    // Reported together with other errors, not only once everything else is right.
    const withOthers = await registerAttendees(
      database,
      t.event.slug,
      registrationValues({ ticketTypeId: t.freeTicket.id, attendees: [attendeeValues({ email: "kaputt@", dietaryNeeds: "vegan" })] }),
    );
    expect(withOthers).toMatchObject({
      ok: false,
      errors: { "attendees[0].email": expect.any(Array), "attendees[0].needsConsent": ["errors.needsConsentRequired"] },
    });

    const attendee = await register(t.event.slug, t.freeTicket.id, { dietaryNeeds: "vegan", accessibilityNeeds: "Rollstuhlplatz", needsConsent: true });
    expect(attendee).toMatchObject({ dietaryNeeds: "vegan", accessibilityNeeds: "Rollstuhlplatz" });
    expect(attendee.consents.map((consent) => consent.kind).sort()).toEqual(["privacy", "special_needs"]);
    // A consent box ticked without needs records nothing to consent to.
    const plain = await register(t.event.slug, t.freeTicket.id, { needsConsent: true });
    expect(plain.consents.map((consent) => consent.kind)).toEqual(["privacy"]);

    expect(await revokeNeedsConsent(database, attendee.id)).toBe(true);
    const revoked = await database.read.attendee.findUniqueOrThrow({ where: { id: attendee.id }, include: { consents: true } });
    expect(revoked).toMatchObject({ dietaryNeeds: null, accessibilityNeeds: null });
    expect(revoked.consents.find((consent) => consent.kind === "special_needs")?.revokedAt).toBeInstanceOf(Date);

    // Given again through the details form, it is recorded again.
    const details = {
      firstName: "A",
      lastName: "B",
      email: revoked.email,
      organisation: "C",
      jobFunction: undefined,
      phone: undefined,
      dietaryNeeds: "halal",
      accessibilityNeeds: undefined,
      needsConsent: true,
    };
    expect(await updateAttendeeDetails(database, attendee.id, details)).toMatchObject({ ok: true });
    expect(await database.read.consent.count({ where: { attendeeId: attendee.id, kind: "special_needs", revokedAt: null } })).toBe(1);
  });
});

describe("retention", () => {
  it("anonymises an event's attendees once its retention period is over, keeping counts and invoice data; a test moves the clock", async () => {
    const t = await createTestEvent(database.write);
    const free = await register(t.event.slug, t.freeTicket.id, {
      firstName: "Zoë",
      phone: "+49 6206 1",
      dietaryNeeds: "vegan",
      needsConsent: true,
      choices: { [t.busSlot.id]: t.bus.id },
    });
    const paid = await register(t.event.slug, t.paidTicket.id, {}, "Stadt Bürstadt, Rathausstraße 2");
    const event = await database.read.event.findUniqueOrThrow({ where: { id: t.event.id } });
    const due = anonymiseOn(event);
    expect(due.toISOString().slice(0, 7)).toBe("2027-11"); // six months after 16 May 2027

    expect(await anonymiseDue(database, new Date(due.getTime() - 60_000))).toMatchObject({ events: 0 });
    // Two jobs at once (two processes): each event is anonymised once (other events of this file fall due too).
    await Promise.all([anonymiseDue(database, due), anonymiseDue(database, due)]);

    const after = await database.read.attendee.findUniqueOrThrow({ where: { id: free.id }, include: { bookings: true, consents: true } });
    expect(after).toMatchObject({
      firstName: "Anonymisiert",
      lastName: "",
      organisation: "anonymisiert",
      phone: null,
      dietaryNeeds: null,
      manageToken: null,
      status: "confirmed",
    });
    expect(after.email).toMatch(/@anonymisiert\.invalid$/);
    expect(after.bookings).toHaveLength(1); // fill rates and attendance stay right
    expect(after.consents.length).toBeGreaterThan(0);
    expect(JSON.stringify(after)).not.toContain("Zoë");
    const mails = await database.read.emailOutbox.findMany({ where: { attendeeId: free.id } });
    expect(mails.every((mail) => mail.recipient.endsWith("@anonymisiert.invalid") && mail.capturedMessage === null)).toBe(true);

    // The paid registration keeps what its invoice needs, for eight years after the event.
    const paidRegistration = await database.read.registration.findUniqueOrThrow({ where: { id: paid.registrationId } });
    expect(paidRegistration).toMatchObject({ invoiceAddress: "Stadt Bürstadt, Rathausstraße 2", contactEmail: "kontakt@kommune.example" });
    const freeRegistration = await database.read.registration.findUniqueOrThrow({ where: { id: free.registrationId } });
    expect(freeRegistration.contactEmail).toMatch(/@anonymisiert\.invalid$/);
    expect((await anonymiseDue(database, new Date("2035-06-01T00:00:00Z"))).invoices).toBeGreaterThanOrEqual(1);
    const later = await database.read.registration.findUniqueOrThrow({ where: { id: paid.registrationId } });
    expect(later.invoiceAddress).toBeNull();
    expect(later.contactEmail).toMatch(/@anonymisiert\.invalid$/);

    const { entries } = await listAudit(database, { action: "event.anonymise", subject: t.event.id });
    // On record from its start (in the claim's transaction), then with what was done.
    expect(entries.map((entry) => entry.detail).sort()).toEqual(["2 attendees anonymised", "started"]);
    expect(entries.every((entry) => entry.actorName === SYSTEM_ACTOR.name)).toBe(true);
  });

  it("an anonymisation interrupted half-way is finished by the next run, which logs the whole event's count", async () => {
    const t = await createTestEvent(database.write);
    const people = [];
    for (let index = 0; index < 3; index++) people.push(await register(t.event.slug, t.freeTicket.id, {}));
    const due = anonymiseOn(await database.read.event.findUniqueOrThrow({ where: { id: t.event.id } }));
    // As a run that stopped after its first batch left it: the event claimed, one attendee done.
    await database.write.event.update({ where: { id: t.event.id }, data: { anonymisedAt: new Date(due.getTime() - 3_600_000) } });
    await database.write.attendee.update({ where: { id: people[0]!.id }, data: { anonymisedAt: new Date(due.getTime() - 3_600_000) } });
    await anonymiseDue(database, due);
    expect(await database.read.attendee.count({ where: { eventId: t.event.id, anonymisedAt: null } })).toBe(0);
    const { entries } = await listAudit(database, { action: "event.anonymise", subject: t.event.id });
    // It said "2 attendees anonymised (resumed)": the first part was in no entry.
    expect(entries.map((entry) => entry.detail)).toEqual(["3 attendees anonymised (finished after an interruption, 2 in this run)"]);
  });
});

describe("rights of the person", () => {
  it("everything stored about an attendee, mails included; erasure on request frees the seat, anonymises and is logged", async () => {
    const t = await createTestEvent(database.write, { busSeats: 1 });
    const person = await register(t.event.slug, t.freeTicket.id, { firstName: "Jörg", choices: { [t.busSlot.id]: t.bus.id } });
    const waiting = await register(t.event.slug, t.freeTicket.id, { choices: { [t.busSlot.id]: t.bus.id } });
    const data = (await personalData(database.read, person.id, true))!;
    expect(data.person).toMatchObject({ firstName: "Jörg", email: person.email });
    expect(data.registration).toMatchObject({ contactEmail: "kontakt@kommune.example" });
    expect(data.bookings.map((booking) => booking.item)).toEqual(["Exkursion"]);
    expect(data.consents[0]).toMatchObject({ kind: "privacy", textVersion: "test-v1" });
    expect(data.mails.map((mail) => mail.kind)).toContain("registration_confirmed");
    // A colleague's own link does not reveal the contact's address.
    expect((await personalData(database.read, person.id, false))!.registration).not.toHaveProperty("contactEmail");
    // Anyone holding the link can ask for it again and again: it costs what the person's rows cost, not what the
    // database holds (the mails were searched through every mail ever sent).
    if (database.dialect === "sqlite") {
      expectSearchedBy(await readPlans(database, () => personalData(database.read, person.id, true)), [
        "attendeeId",
        "registrationId",
        "questionId",
        "eventId",
        "checkInListId",
      ]);
    }

    const actor = { id: null, name: "Orga Test", address: "127.0.0.1" };
    expect(await eraseAttendee(database, person.id, actor)).toBe(true);
    expect(await eraseAttendee(database, person.id, actor)).toBe(false);
    const erased = await database.read.attendee.findUniqueOrThrow({ where: { id: person.id } });
    expect(erased).toMatchObject({ status: "cancelled", firstName: "Anonymisiert" });
    expect(await database.read.booking.findFirst({ where: { programmeItemId: t.bus.id } })).toMatchObject({ attendeeId: waiting.id });
    // No cancellation mail goes to an address that is being erased.
    expect(await database.read.emailOutbox.count({ where: { attendeeId: person.id, kind: "registration_cancelled" } })).toBe(0);
    const { entries } = await listAudit(database, { action: "attendee.erase", subject: person.id });
    expect(entries[0]).toMatchObject({ actorName: "Orga Test", address: "127.0.0.1" });
  });
});

describe("legal texts", () => {
  it("every save is a new version; the privacy notice a person consented to stays retrievable and cannot change under its version", async () => {
    const actor = { id: null, name: "Orga" };
    const input = {
      bodyDe: "Impressum A",
      bodyEn: null,
      conformity: null,
      limitationsDe: null,
      limitationsEn: null,
      preparedOn: null,
      contactEmail: "a@example.org",
    };
    const first = await saveLegalText(database, "imprint", null, input, actor);
    const second = await saveLegalText(database, "imprint", null, { ...input, bodyDe: "Impressum B" }, actor);
    expect(second.version).not.toBe(first.version);
    expect((await loadLegalText(database.read, "imprint")).text?.bodyDe).toBe("Impressum B");
    expect((await loadLegalText(database.read, "imprint", { version: first.version })).text?.bodyDe).toBe("Impressum A");

    const t = await createTestEvent(database.write);
    const event = await database.read.event.findUniqueOrThrow({ where: { id: t.event.id } });
    const form = {
      slug: event.slug,
      titleDe: event.titleDe,
      titleEn: event.titleEn,
      descriptionDe: event.descriptionDe,
      descriptionEn: event.descriptionEn,
      venueName: event.venueName,
      venueAddress: event.venueAddress,
      startsAt: event.startsAt,
      endsAt: event.endsAt,
      registrationOpensAt: event.registrationOpensAt,
      registrationClosesAt: event.registrationClosesAt,
      capacity: event.capacity,
      status: event.status,
      organiserName: event.organiserName,
      organiserEmail: event.organiserEmail,
      privacyNoticeDe: event.privacyNoticeDe,
      privacyNoticeEn: event.privacyNoticeEn,
      privacyNoticeVersion: event.privacyNoticeVersion,
      selfServiceUntil: null,
      waitlistMode: "book" as const,
      offerHours: 48,
      reminderTime: null,
      retentionMonths: 6,
      invoiceIssuer: null,
      invoiceTaxId: null,
      invoiceSellerId: null,
      invoiceLegalId: null,
      invoicePhone: null,
      vatRatePercent: 0,
      vatExemptionNote: null,
      bankAccountHolder: null,
      bankIban: null,
      bankBic: null,
      paymentTermDays: 14,
      invoicePrefix: "RE",
      refundRule: "full" as const,
      refundUntil: null,
      cancellationFeeCents: 0,
    };
    expect(await saveEvent(database, event.id, form)).toMatchObject({ ok: true });
    expect(await saveEvent(database, event.id, { ...form, privacyNoticeDe: "Neuer Text" })).toEqual({
      ok: false,
      errors: { privacyNoticeVersion: ["errors.privacyVersionUnchanged"] },
    });
    expect(await saveEvent(database, event.id, { ...form, privacyNoticeDe: "Neuer Text", privacyNoticeVersion: "test-v2" })).toMatchObject({ ok: true });
    const old = await loadLegalText(database.read, "privacy", { eventSlug: event.slug, version: "test-v1" });
    expect(old.text).toMatchObject({ version: "test-v1", bodyDe: "Datenschutz" });
    expect((await loadLegalText(database.read, "privacy", { eventSlug: event.slug })).text).toMatchObject({ version: "test-v2", bodyDe: "Neuer Text" });
  });
});

describe("audit log", () => {
  it("keeps entries, and accessibility feedback, for its retention only", async () => {
    await database.write.auditEntry.create({ data: { actorName: "alt", action: "export", at: new Date("2020-01-01T00:00:00Z") } });
    await database.write.feedback.create({ data: { message: "alt", email: "leser@example.org", createdAt: new Date("2020-01-01T00:00:00Z") } });
    const recent = await database.write.feedback.create({ data: { message: "neu" } });
    expect(await pruneAudit(database, new Date("2026-11-25T00:00:00Z"))).toBeGreaterThanOrEqual(2);
    expect((await listAudit(database, { actor: "alt" })).total).toBe(0);
    expect(await database.read.feedback.findMany({ select: { id: true } })).toEqual([{ id: recent.id }]);
  });
});
