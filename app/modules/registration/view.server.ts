import type { Prisma, PrismaClient } from "~/generated/prisma/client";
import { localized, type Language } from "~/modules/i18n/language";

/** What the confirmation page, the calendar files and the emails show of a registration. */
const registrationDetails = {
  event: true,
  attendees: {
    orderBy: { position: "asc" },
    include: {
      ticketType: true,
      bookings: { include: { programmeItem: true } },
      waitingList: { where: { status: { in: ["waiting", "offered"] } }, include: { programmeItem: true, ticketType: true } },
      calendarRevisions: { include: { programmeItem: true } },
      consents: { where: { kind: "special_needs", revokedAt: null }, select: { id: true } },
    },
  },
} satisfies Prisma.RegistrationInclude;

/** A registration behind its private manage link. */
export async function loadRegistrationByToken(db: PrismaClient, manageToken: string) {
  // Tokens are 32 base64url characters; anything else is not looked up at all.
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(manageToken)) return null;
  return db.registration.findUnique({ where: { manageToken }, include: registrationDetails });
}

/** The registration behind an attendee's own manage link (loaded whole; the caller shows only that attendee). */
export async function loadRegistrationByAttendeeToken(db: PrismaClient, manageToken: string) {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(manageToken)) return null;
  const attendee = await db.attendee.findUnique({ where: { manageToken }, select: { registrationId: true } });
  return attendee ? loadRegistrationById(db, attendee.registrationId) : null;
}

export async function loadRegistrationById(db: PrismaClient, id: string) {
  return db.registration.findUnique({ where: { id }, include: registrationDetails });
}

export type RegistrationWithDetails = NonNullable<Awaited<ReturnType<typeof loadRegistrationByToken>>>;
export type AttendeeWithDetails = RegistrationWithDetails["attendees"][number];

/** The attendee's booked items in programme order, in the visitor's language. */
export function bookedItems(attendee: AttendeeWithDetails, language: Language) {
  return attendee.bookings
    .map((booking) => booking.programmeItem)
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
    .map((item) => ({
      id: item.id,
      kind: item.kind,
      title: localized(language, item.titleDe, item.titleEn),
      startsAt: item.startsAt,
      endsAt: item.endsAt,
      room: item.room,
      municipality: item.municipality,
      meetingPoint: item.meetingPoint,
    }));
}

export function waitlistedItems(attendee: AttendeeWithDetails, language: Language) {
  return attendee.waitingList
    .filter((entry) => entry.status === "waiting")
    .flatMap((entry) => (entry.programmeItem ? [entry.programmeItem] : []))
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
    .map((item) => ({ id: item.id, title: localized(language, item.titleDe, item.titleEn), startsAt: item.startsAt, endsAt: item.endsAt }));
}
