import type { PrismaClient } from "~/generated/prisma/client";
import { berlinTimeToUtc } from "~/modules/i18n/format";
import type { RegistrationFormValues, AttendeeFormValues } from "~/modules/registration/schema";

let counter = 0;

/**
 * A small published event: one free and one paid ticket type, a workshop slot with two workshops and a
 * site-visit slot with one bus; capacities as the test needs them.
 */
export async function createTestEvent(
  db: PrismaClient,
  options: { eventCapacity?: number | null; ticketCapacity?: number | null; workshopCapacity?: number; busSeats?: number; requiresApproval?: boolean } = {},
) {
  counter += 1;
  const at = (time: string) => berlinTimeToUtc(`2027-05-16T${time}`);
  const event = await db.event.create({
    data: {
      slug: `test-event-${counter}-${Date.now()}`,
      titleDe: "Testkongress",
      titleEn: "Test congress",
      descriptionDe: "Beschreibung",
      venueName: "Bürgerhaus",
      venueAddress: "Rathausstraße 2, 68642 Bürstadt",
      startsAt: at("09:00"),
      endsAt: at("17:00"),
      registrationOpensAt: new Date("2026-01-01T00:00:00Z"),
      registrationClosesAt: at("08:00"),
      capacity: options.eventCapacity ?? null,
      status: "published",
      organiserName: "ProjektStadt",
      organiserEmail: "team@example.org",
      privacyNoticeDe: "Datenschutz",
      privacyNoticeVersion: "test-v1",
      ticketTypes: {
        create: [
          {
            nameDe: "Fachpublikum",
            priceCents: 0,
            capacity: options.ticketCapacity ?? null,
            sortOrder: 1,
            requiresApproval: options.requiresApproval ?? false,
          },
          { nameDe: "Regulär", priceCents: 8900, sortOrder: 2 },
        ],
      },
      fieldsOfAction: { create: [{ position: 1, nameDe: "Teilhabe" }] },
    },
    include: { ticketTypes: { orderBy: { sortOrder: "asc" } } },
  });
  const workshopSlot = await db.programmeSlot.create({ data: { eventId: event.id, labelDe: "Workshops", startsAt: at("10:00"), endsAt: at("11:00") } });
  const busSlot = await db.programmeSlot.create({ data: { eventId: event.id, labelDe: "Exkursionen", startsAt: at("14:00"), endsAt: at("17:00") } });
  const item = (data: { slotId: string; kind: "workshop" | "site_visit" | "plenary"; titleDe: string; capacity: number | null }) =>
    db.programmeItem.create({ data: { eventId: event.id, startsAt: at("10:00"), endsAt: at("11:00"), ...data } });
  const workshopA = await item({ slotId: workshopSlot.id, kind: "workshop", titleDe: "Workshop A", capacity: options.workshopCapacity ?? 50 });
  const workshopB = await item({ slotId: workshopSlot.id, kind: "workshop", titleDe: "Workshop B", capacity: options.workshopCapacity ?? 50 });
  const bus = await item({ slotId: busSlot.id, kind: "site_visit", titleDe: "Exkursion", capacity: options.busSeats ?? 45 });
  const plenary = await item({ slotId: workshopSlot.id, kind: "plenary", titleDe: "Plenum", capacity: null });
  return {
    event,
    freeTicket: event.ticketTypes[0]!,
    paidTicket: event.ticketTypes[1]!,
    workshopSlot,
    busSlot,
    workshopA,
    workshopB,
    bus,
    plenary,
  };
}

export function attendeeValues(overrides: Partial<AttendeeFormValues> = {}): AttendeeFormValues {
  counter += 1;
  return {
    firstName: "Erika",
    lastName: `Müller-${counter}`,
    email: `erika.${counter}@kommune.example`,
    organisation: "Stadt Bürstadt",
    jobFunction: "Quartiersmanagerin",
    phone: "",
    dietaryNeeds: "",
    accessibilityNeeds: "",
    needsConsent: false,
    choices: {},
    ...overrides,
  };
}

export function registrationValues(overrides: Partial<RegistrationFormValues> & { ticketTypeId: string }): RegistrationFormValues {
  return {
    contactEmail: "kontakt@kommune.example",
    language: "de",
    invoiceAddress: "",
    waitlistIfFull: true,
    privacyConsent: true,
    website: "",
    attendees: [attendeeValues()],
    ...overrides,
  };
}

/** The same values as the browser would send them, for tests that go through the form parser. */
export function toFormData(values: RegistrationFormValues): FormData {
  const form = new FormData();
  form.set("ticketTypeId", values.ticketTypeId);
  form.set("contactEmail", values.contactEmail);
  form.set("language", values.language);
  form.set("invoiceAddress", values.invoiceAddress);
  if (values.waitlistIfFull) form.set("waitlistIfFull", "on");
  if (values.privacyConsent) form.set("privacyConsent", "on");
  form.set("website", values.website);
  for (const [questionId, given] of Object.entries(values.answers ?? {})) for (const value of given) form.append(`q.${questionId}`, value);
  values.attendees.forEach((attendee, index) => {
    const { choices, needsConsent, answers = {}, ...fields } = attendee;
    for (const [name, value] of Object.entries(fields)) form.set(`attendees[${index}].${name}`, value);
    for (const [questionId, given] of Object.entries(answers)) for (const value of given) form.append(`attendees[${index}].q.${questionId}`, value);
    if (needsConsent) form.set(`attendees[${index}].needsConsent`, "on");
    for (const [slotId, itemId] of Object.entries(choices)) form.append(`attendees[${index}].slot.${slotId.split("#")[0]}`, itemId);
  });
  return form;
}
