import type { MessageKey } from "~/modules/i18n/messages";

/**
 * The columns an attendee export can have, in their order in the file; organisers tick which they want.
 * `width` is the XLSX column width in characters.
 */
export const ATTENDEE_COLUMNS = [
  { key: "lastName", label: "export.col.lastName", default: true, width: 18 },
  { key: "firstName", label: "export.col.firstName", default: true, width: 16 },
  { key: "email", label: "export.col.email", default: true, width: 30 },
  { key: "organisation", label: "export.col.organisation", default: true, width: 30 },
  { key: "jobFunction", label: "export.col.jobFunction", default: true, width: 22 },
  { key: "phone", label: "export.col.phone", default: true, width: 18 },
  { key: "ticketType", label: "export.col.ticketType", default: true, width: 20 },
  { key: "status", label: "export.col.status", default: true, width: 16 },
  { key: "workshops", label: "export.col.workshops", default: true, width: 45 },
  { key: "siteVisit", label: "export.col.siteVisit", default: true, width: 32 },
  { key: "waitingFor", label: "export.col.waitingFor", default: false, width: 32 },
  { key: "dietaryNeeds", label: "export.col.dietaryNeeds", default: true, width: 24 },
  { key: "accessibilityNeeds", label: "export.col.accessibilityNeeds", default: true, width: 24 },
  { key: "checkedIn", label: "export.col.checkedIn", default: false, width: 12 },
  { key: "ticketReference", label: "export.col.ticketReference", default: true, width: 14 },
  { key: "contactEmail", label: "export.col.contactEmail", default: false, width: 30 },
  { key: "registeredAt", label: "export.col.registeredAt", default: true, width: 18 },
  { key: "paymentStatus", label: "export.col.paymentStatus", default: false, width: 16 },
  { key: "paymentMethod", label: "export.col.paymentMethod", default: false, width: 14 },
  { key: "amount", label: "export.col.amount", default: false, width: 11 },
  { key: "invoiceNumbers", label: "export.col.invoiceNumbers", default: false, width: 22 },
  { key: "invoiceAddress", label: "export.col.invoiceAddress", default: false, width: 40 },
] as const satisfies readonly { key: string; label: MessageKey; default: boolean; width: number }[];

export type FixedColumn = (typeof ATTENDEE_COLUMNS)[number]["key"];
/** A fixed column, or the answers to one of the event's own questions ("q:<question id>"). */
export type AttendeeColumn = FixedColumn | `q:${string}`;
const COLUMN_KEYS = new Set<string>(ATTENDEE_COLUMNS.map((column) => column.key));
export const questionColumn = (questionId: string): AttendeeColumn => `q:${questionId}`;

/**
 * The columns asked for (in the file's order: the fixed ones, then the questions'), or the default set when none
 * or only unknown ones are; the default has every question still asked.
 */
export function chosenColumns(requested: string[], questions: { id: string; removedAt: Date | null }[] = []): AttendeeColumn[] {
  const questionKeys = questions.map((question) => questionColumn(question.id));
  const known = new Set<string>([...COLUMN_KEYS, ...questionKeys]);
  const wanted = new Set(requested.filter((key) => known.has(key)));
  const fixed = ATTENDEE_COLUMNS.filter((column) => (wanted.size > 0 ? wanted.has(column.key) : column.default)).map((column) => column.key);
  const asked = questions.filter((question) => (wanted.size > 0 ? wanted.has(questionColumn(question.id)) : question.removedAt === null));
  return [...fixed, ...asked.map((question) => questionColumn(question.id))];
}
