import { checkedInOfEvent } from "~/modules/checkin/attendance.server";
import type { Database } from "~/db.server";
import { localized, type Language } from "~/modules/i18n/language";
import { translator } from "~/modules/i18n/messages";
import type { CellValue } from "./cells";
import type { SheetColumn } from "./writers.server";

/**
 * The funding report's numbers for one event: registrations and attendance (checked in at the entrance)
 * in total, by ticket type, by organisation and by field of action (bookings of its workshops and site
 * visits, and how many of those people attended). Cancelled registrations do not count.
 */
export async function eventStatistics(database: Database, eventId: string, language: Language): Promise<{ columns: SheetColumn[]; rows: CellValue[][] }> {
  const t = translator(language);
  const [attendees, attended, fields] = await Promise.all([
    database.read.attendee.findMany({
      where: { eventId, status: { not: "cancelled" } },
      select: {
        id: true,
        status: true,
        organisation: true,
        ticketType: { select: { nameDe: true, nameEn: true, sortOrder: true } },
        bookings: { select: { programmeItem: { select: { fieldOfActionId: true } } } },
      },
    }),
    checkedInOfEvent(database, eventId),
    database.read.fieldOfAction.findMany({ where: { eventId }, orderBy: { position: "asc" }, select: { id: true, nameDe: true, nameEn: true } }),
  ]);
  const present = attended;
  const tally = (groupOf: (attendee: (typeof attendees)[number]) => string) => {
    const groups = new Map<string, { registered: number; attended: number }>();
    for (const attendee of attendees) {
      const key = groupOf(attendee);
      const group = groups.get(key) ?? { registered: 0, attended: 0 };
      group.registered += 1;
      if (present.has(attendee.id)) group.attended += 1;
      groups.set(key, group);
    }
    return groups;
  };

  const rows: CellValue[][] = [
    [t("export.stats.registered"), "", attendees.length, attendees.filter((attendee) => present.has(attendee.id)).length],
    [t("export.stats.confirmed"), "", attendees.filter((attendee) => attendee.status === "confirmed").length, null],
  ];
  const byTicket = [...tally((attendee) => localized(language, attendee.ticketType.nameDe, attendee.ticketType.nameEn))];
  for (const [name, group] of byTicket) rows.push([t("export.stats.byTicketType"), name, group.registered, group.attended]);
  const byOrganisation = [...tally((attendee) => attendee.organisation.trim())].sort(
    (a, b) => b[1].registered - a[1].registered || a[0].localeCompare(b[0], "de"),
  );
  for (const [name, group] of byOrganisation) rows.push([t("export.stats.byOrganisation"), name, group.registered, group.attended]);
  for (const field of fields) {
    const booked = attendees.filter((attendee) => attendee.bookings.some((booking) => booking.programmeItem.fieldOfActionId === field.id));
    rows.push([
      t("export.stats.byField"),
      localized(language, field.nameDe, field.nameEn),
      booked.length,
      booked.filter((attendee) => present.has(attendee.id)).length,
    ]);
  }
  return {
    columns: [
      { header: t("export.stats.group"), width: 34 },
      { header: t("export.stats.value"), width: 40 },
      { header: t("export.stats.registered"), width: 14 },
      { header: t("export.stats.attended"), width: 22 },
    ],
    rows,
  };
}
