/**
 * A scan's answer as the scanner page receives it (JSON: times as ISO strings). Shared by the server,
 * which produces it, and the page, which shows it; no server code in here.
 */
export type ScanAnswerView = {
  result: "valid" | "already_checked_in" | "not_admitted" | "cancelled_ticket" | "unknown_code";
  checkInId: string;
  reason: "not_booked" | "ticket_type" | "other_event" | "not_confirmed" | "forged" | "revoked" | "this_device" | "not_on_list" | null;
  attendee: {
    name: string;
    organisation: string;
    ticketReference: string;
    ticketType: { de: string; en: string | null };
    bookings: { de: string; en: string | null; kind: string }[];
  } | null;
  earlier: { at: string; by: string | null } | null;
  replayed: boolean;
  /** Decided on the device without the server (offline); the scan is queued and synced later. */
  offline?: boolean;
};
