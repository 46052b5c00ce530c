import type { Database } from "~/db.server";

/** One attendee as organisers see them: details, registration, bookings per slot, waiting lists, every scan. */
export async function loadAttendeeDetail(database: Database, attendeeId: string) {
  const attendee = await database.read.attendee.findUnique({
    where: { id: attendeeId },
    include: {
      ticketType: { select: { nameDe: true, nameEn: true } },
      registration: {
        select: {
          id: true,
          reference: true,
          contactEmail: true,
          language: true,
          status: true,
          paymentStatus: true,
          paymentMethod: true,
          totalCents: true,
          paidCents: true,
          refundedCents: true,
          invoiceAddress: true,
          purchaseOrder: true,
          leitwegId: true,
          invoices: { orderBy: { issuedAt: "asc" }, select: { id: true, number: true, kind: true, grossCents: true, cancelledAt: true } },
          createdAt: true,
          manageToken: true,
        },
      },
      bookings: { select: { slotId: true, programmeItemId: true } },
      waitingList: { where: { status: "waiting" }, select: { programmeItemId: true, ticketTypeId: true, createdAt: true } },
      checkIns: {
        orderBy: { createdAt: "desc" },
        select: {
          id: true,
          result: true,
          createdAt: true,
          revertedAt: true,
          checkInList: { select: { nameDe: true, nameEn: true } },
          staffUser: { select: { name: true } },
        },
      },
    },
  });
  if (!attendee) return null;
  const slots = await database.read.programmeSlot.findMany({
    where: { eventId: attendee.eventId, items: { some: { kind: { in: ["workshop", "site_visit"] } } } },
    orderBy: [{ startsAt: "asc" }, { sortOrder: "asc" }],
    select: {
      id: true,
      labelDe: true,
      labelEn: true,
      startsAt: true,
      endsAt: true,
      items: {
        where: { kind: { in: ["workshop", "site_visit"] } },
        orderBy: { sortOrder: "asc" },
        select: { id: true, titleDe: true, titleEn: true, capacity: true, confirmedCount: true },
      },
    },
  });
  return { attendee, slots };
}
