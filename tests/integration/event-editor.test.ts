import { describe, expect, it } from "vitest";
import { EventFormSchema, ProgrammeItemFormSchema } from "~/modules/events/editor-schema";
import { saveEvent, saveProgrammeItem } from "~/modules/events/editor.server";
import { registerAttendees } from "~/modules/registration/register.server";
import { useTestDatabase } from "../support/database";
import { attendeeValues, createTestEvent, registrationValues } from "../support/factories";

const database = await useTestDatabase();

const itemForm = (slotId: string, overrides: Record<string, string> = {}) =>
  ProgrammeItemFormSchema.parse({
    slotId,
    kind: "site_visit",
    titleDe: "Exkursion",
    titleEn: "",
    descriptionDe: "",
    descriptionEn: "",
    startsAt: "2027-05-16T14:00",
    endsAt: "2027-05-16T17:00",
    room: "",
    speakers: "",
    fieldOfActionId: "",
    municipality: "Biblis",
    meetingPoint: "Parkplatz",
    departureAt: "2027-05-16T14:00",
    returnAt: "2027-05-16T17:30",
    capacity: "1",
    sortOrder: "1",
    ...overrides,
  });

/** The editor's invoicing and refund fields as a new event's form has them. */
const BILLING_DEFAULTS = {
  invoiceIssuer: "",
  invoiceTaxId: "",
  invoiceLegalId: "",
  invoiceSellerId: "",
  invoicePhone: "",
  vatRatePercent: "0",
  vatExemptionNote: "",
  bankAccountHolder: "",
  bankIban: "",
  bankBic: "",
  paymentTermDays: "14",
  invoicePrefix: "RE",
  refundRule: "full",
  refundUntil: "",
  cancellationFee: "",
};

/** A new event's form, every field valid, as the browser sends it. */
const validEventForm = (slug: string) => ({
  slug,
  titleDe: "Kongress",
  titleEn: "",
  descriptionDe: "Text",
  descriptionEn: "",
  venueName: "Halle",
  venueAddress: "Bürstadt",
  startsAt: "2027-05-16T09:00",
  endsAt: "2027-05-16T17:00",
  registrationOpensAt: "",
  registrationClosesAt: "",
  capacity: "",
  status: "draft",
  organiserName: "Team",
  organiserEmail: "team@example.org",
  privacyNoticeDe: "Text",
  privacyNoticeEn: "",
  privacyNoticeVersion: "v1",
  selfServiceUntil: "",
  waitlistMode: "book",
  offerHours: "48",
  reminderTime: "16:00",
  retentionMonths: "6",
  ...BILLING_DEFAULTS,
});

describe("event editor", () => {
  it("checks times and addresses in the form schema, in Berlin time", () => {
    const result = EventFormSchema.safeParse({
      slug: "Fach Kongress",
      titleDe: "Kongress",
      titleEn: "",
      descriptionDe: "Text",
      descriptionEn: "",
      venueName: "Halle",
      venueAddress: "Bürstadt",
      startsAt: "2027-05-16T17:00",
      endsAt: "2027-05-16T09:00",
      registrationOpensAt: "",
      registrationClosesAt: "gestern",
      capacity: "viele",
      status: "published",
      organiserName: "Team",
      organiserEmail: "team@example.org",
      privacyNoticeDe: "Text",
      privacyNoticeEn: "",
      privacyNoticeVersion: "v1",
      selfServiceUntil: "",
      waitlistMode: "book",
      offerHours: "48",
      reminderTime: "16:00",
      retentionMonths: "6",
      ...BILLING_DEFAULTS,
    });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((issue) => `${issue.path.join(".")}:${issue.message}`).sort();
    expect(paths).toEqual(["capacity:errors.invalidNumber", "endsAt:errors.endBeforeStart", "registrationClosesAt:errors.invalidDateTime", "slug:errors.slug"]);
    const item = itemForm("x");
    expect(item.startsAt.toISOString()).toBe("2027-05-16T12:00:00.000Z");
  });

  it("checks the invoicing settings: IBAN check digits, the exemption note at 0 %, a date for a dated refund rule, the seller's identification", () => {
    const valid = {
      ...validEventForm("kongress"),
      reminderTime: "",
      invoiceIssuer: "ProjektStadt\n34117 Kassel",
      invoiceTaxId: "026 250 12345",
      invoiceLegalId: "HRB 12345, Amtsgericht Kassel",
      vatExemptionNote: "Steuerfrei nach § 4 Nr. 22 Buchst. a UStG",
      bankIban: "de02 5001 0517 0137 0750 30",
      refundRule: "fee",
      refundUntil: "2027-04-16T23:59",
      cancellationFee: "25,00",
    };
    const parsed = EventFormSchema.parse(valid);
    expect(parsed).toMatchObject({ bankIban: "DE02500105170137075030", cancellationFeeCents: 2500, refundRule: "fee" });
    const refused = EventFormSchema.safeParse({ ...valid, bankIban: "DE02500105170137075031" });
    expect(refused.error?.issues.map((issue) => issue.message)).toEqual(["errors.invalidIban"]);
    const rules = EventFormSchema.safeParse({ ...valid, vatExemptionNote: "", refundUntil: "" });
    expect(rules.error?.issues.map((issue) => `${issue.path.join(".")}:${issue.message}`).sort()).toEqual([
      "refundUntil:errors.required",
      "vatExemptionNote:errors.exemptionNoteRequired",
    ]);
    // EN 16931 BR-CO-26: a tax number alone does not identify the seller of an e-invoice; a VAT id does, written without spaces.
    const taxNumberOnly = EventFormSchema.safeParse({ ...valid, invoiceLegalId: "" });
    expect(taxNumberOnly.error?.issues.map((issue) => `${issue.path.join(".")}:${issue.message}`)).toEqual([
      "invoiceLegalId:errors.sellerIdentificationRequired",
    ]);
    expect(EventFormSchema.safeParse({ ...valid, invoiceLegalId: "", invoiceSellerId: "K-4711" }).success).toBe(true);
    expect(EventFormSchema.parse({ ...valid, invoiceLegalId: "", invoiceTaxId: "de 123 456 789" }).invoiceTaxId).toBe("DE123456789");
    expect(EventFormSchema.parse(valid).invoiceTaxId).toBe("026 250 12345");
  });

  it("refuses a capacity below the seats taken, an item in another event's slot, and a taken address; a raised capacity moves the waiting list", async () => {
    const t = await createTestEvent(database.write, { busSeats: 1 });
    const other = await createTestEvent(database.write);
    for (let n = 0; n < 2; n++) {
      const outcome = await registerAttendees(
        database,
        t.event.slug,
        registrationValues({ ticketTypeId: t.freeTicket.id, attendees: [attendeeValues({ choices: { [t.busSlot.id]: t.bus.id } })] }),
      );
      expect(outcome.ok).toBe(true);
    }
    expect(await saveProgrammeItem(database, t.event.id, t.bus.id, itemForm(t.busSlot.id, { capacity: "0" }))).toEqual({
      ok: false,
      errors: { capacity: ["errors.capacityBelowTaken:1"] },
    });
    expect(await saveProgrammeItem(database, t.event.id, t.bus.id, itemForm(other.busSlot.id))).toEqual({
      ok: false,
      errors: { slotId: ["errors.invalidChoice"] },
    });

    expect(await saveProgrammeItem(database, t.event.id, t.bus.id, itemForm(t.busSlot.id, { capacity: "2", startsAt: "2027-05-16T14:30" }))).toEqual({
      ok: true,
      id: t.bus.id,
    });
    const bus = await database.read.programmeItem.findUniqueOrThrow({ where: { id: t.bus.id } });
    expect(bus).toMatchObject({ confirmedCount: 2, capacity: 2, calendarSequence: 1 });
    expect(await database.read.waitingListEntry.count({ where: { programmeItemId: t.bus.id, status: "waiting" } })).toBe(0);
    expect(await database.read.emailOutbox.count({ where: { kind: "waitlist_promoted" } })).toBe(1);

    const form = EventFormSchema.parse(validEventForm(other.event.slug));
    expect(await saveEvent(database, t.event.id, form)).toEqual({ ok: false, errors: { slug: ["errors.slugTaken"] } });
    expect(await saveEvent(database, null, { ...form, slug: `${other.event.slug}-neu` })).toMatchObject({ ok: true });
  });
});
