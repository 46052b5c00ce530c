import ical, { ICalCalendarMethod, ICalEventStatus } from "ical-generator";
import { DateTime } from "luxon";
import { EVENT_TIME_ZONE } from "~/modules/i18n/format";
import { localized, type Language } from "~/modules/i18n/language";
import type { AttendeeWithDetails, RegistrationWithDetails } from "~/modules/registration/view.server";

/**
 * Europe/Berlin's rules since 1996 (EU summer time: last Sunday of March 02:00 → CEST, last Sunday of
 * October 03:00 → CET). Calendar clients need the definition in the file to place local times right.
 */
const BERLIN_VTIMEZONE = [
  "BEGIN:VTIMEZONE",
  "TZID:Europe/Berlin",
  "X-LIC-LOCATION:Europe/Berlin",
  "BEGIN:DAYLIGHT",
  "TZOFFSETFROM:+0100",
  "TZOFFSETTO:+0200",
  "TZNAME:CEST",
  "DTSTART:19700329T020000",
  "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
  "END:DAYLIGHT",
  "BEGIN:STANDARD",
  "TZOFFSETFROM:+0200",
  "TZOFFSETTO:+0100",
  "TZNAME:CET",
  "DTSTART:19701025T030000",
  "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
  "END:STANDARD",
  "END:VTIMEZONE",
].join("\r\n");

export function vtimezone(zone: string): string | null {
  return zone === EVENT_TIME_ZONE ? BERLIN_VTIMEZONE : null;
}

/**
 * ical-generator writes a plain Date in the server process's own time zone; a zoned luxon DateTime makes
 * the wall-clock time Berlin's whatever zone the server runs in.
 */
const inEventZone = (date: Date) => DateTime.fromJSDate(date, { zone: EVENT_TIME_ZONE });

/** UIDs are stable per attendee and entry, so a re-sent file updates the entries instead of adding copies. */
export const calendarUid = (attendeeId: string, entryId: string) => `${entryId}.${attendeeId}@kongress`;

/**
 * One attendee's calendar: the congress itself plus each booked workshop and site visit. An informational
 * calendar (METHOD:PUBLISH): clients offer to add it, nobody is asked to accept or decline.
 *
 * SEQUENCE is the entry's own (raised when organisers move it) plus the attendee's revisions of it (each
 * booking change): it only ever grows. A booking the attendee gave up, an item called off and a cancelled
 * attendee's whole calendar are written as STATUS:CANCELLED with a higher SEQUENCE under the same UID, which
 * makes Outlook and Google Calendar remove the entry instead of keeping it or adding a copy.
 */
export function attendeeCalendar(
  registration: RegistrationWithDetails,
  attendee: AttendeeWithDetails,
  manageUrl: string,
  language: Language,
  now = new Date(),
): string {
  const event = registration.event;
  const calendar = ical({
    name: localized(language, event.titleDe, event.titleEn),
    prodId: { company: "Kongress", product: "registration", language: language.toUpperCase() },
    method: ICalCalendarMethod.PUBLISH,
    timezone: { name: EVENT_TIME_ZONE, generator: vtimezone },
  });
  const attendeeCancelled = attendee.status === "cancelled";
  const location = `${event.venueName}, ${event.venueAddress}`;
  calendar.createEvent({
    id: calendarUid(attendee.id, event.id),
    sequence: event.calendarSequence + (attendeeCancelled ? 1 : 0),
    status: attendeeCancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    start: inEventZone(event.startsAt),
    end: inEventZone(event.endsAt),
    timezone: EVENT_TIME_ZONE,
    summary: localized(language, event.titleDe, event.titleEn),
    description: `${localized(language, event.descriptionDe, event.descriptionEn)}\n\n${manageUrl}`,
    location,
    url: manageUrl,
    stamp: now,
  });
  const revisions = new Map(attendee.calendarRevisions.map((revision) => [revision.programmeItemId, revision]));
  const booked = new Set(attendee.bookings.map((booking) => booking.programmeItemId));
  const entries = [
    ...attendee.bookings.map(({ programmeItem }) => ({ item: programmeItem, cancelled: attendeeCancelled || programmeItem.cancelledAt !== null })),
    ...attendee.calendarRevisions
      .filter((revision) => revision.cancelled && !booked.has(revision.programmeItemId))
      .map(({ programmeItem }) => ({ item: programmeItem, cancelled: true })),
  ];
  for (const { item, cancelled } of entries) {
    const revision = revisions.get(item.id)?.revision ?? 0;
    calendar.createEvent({
      id: calendarUid(attendee.id, item.id),
      // A whole cancellation raises it once more over what the attendee's calendar last got.
      sequence: item.calendarSequence + revision + (attendeeCancelled && booked.has(item.id) ? 1 : 0),
      status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      start: inEventZone(item.departureAt ?? item.startsAt),
      end: inEventZone(item.returnAt ?? item.endsAt),
      timezone: EVENT_TIME_ZONE,
      summary: localized(language, item.titleDe, item.titleEn),
      description: [item.descriptionDe ? localized(language, item.descriptionDe, item.descriptionEn) : null, manageUrl].filter(Boolean).join("\n\n"),
      location: item.meetingPoint ? `${item.meetingPoint}, ${event.venueAddress}` : item.room ? `${item.room}, ${location}` : location,
      url: manageUrl,
      stamp: now,
    });
  }
  return asRfc5545(withUtcStamps(calendar.toString(), now));
}

/**
 * What ical-generator writes that RFC 5545 does not allow, put right without patching it: every content line ends
 * with CRLF, the last one too (3.1); TIMEZONE-ID is no property of iCalendar (non-standard names begin with "X-",
 * 3.8.8.2), and X-WR-TIMEZONE beside it already names the zone for the clients that read one.
 */
export function asRfc5545(ics: string): string {
  const lines = ics.replace(/^TIMEZONE-ID:[^\r\n]*\r\n/m, "");
  return lines.endsWith("\r\n") ? lines : `${lines}\r\n`;
}

/**
 * DTSTAMP must be UTC ("…Z", RFC 5545 3.8.7.2); ical-generator writes it in the calendar's time zone
 * without a zone, which clients read as floating local time. Written here as it must be.
 */
export function withUtcStamps(ics: string, stamp: Date): string {
  const utc = `${stamp
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}Z$/, "")}Z`;
  return ics.replace(/^DTSTAMP[^:\r\n]*:[^\r\n]*$/gm, `DTSTAMP:${utc}`);
}
