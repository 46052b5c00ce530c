import { z } from "zod";
import { line, text } from "~/modules/forms/text";
import { berlinTimeToUtc } from "~/modules/i18n/format";
import type { MessageKey } from "~/modules/i18n/messages";
import { moneyField } from "~/modules/money/money";
import { isValidIban } from "~/modules/payments/iban";
import { isVatId, normaliseTaxId } from "~/modules/payments/tax-id";

/**
 * The organisers' editor forms: one schema per form (events, ticket types, time slots, programme items,
 * check-in lists), shared by server and browser, and the list of fields each form shows. Error messages
 * are message keys, as in the public form. Times are typed as Berlin wall-clock time (datetime-local)
 * and stored in UTC.
 */
/** The most a ticket or a cancellation fee may cost: 99.999,99 €. */
const MAX_TICKET_CENTS = 9_999_999;
const required = (max: number) => line(max).min(1, "errors.required");
const optional = (max: number) => line(max).transform((value) => value || null);
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;
const berlinTime = z.string().trim().min(1, "errors.required").regex(LOCAL_DATE_TIME, "errors.invalidDateTime").transform(berlinTimeToUtc);
const optionalBerlinTime = z
  .string()
  .trim()
  .refine((value) => value === "" || LOCAL_DATE_TIME.test(value), "errors.invalidDateTime")
  .transform((value) => (value ? berlinTimeToUtc(value) : null));
/** Empty means "no limit". */
const capacity = z
  .string()
  .trim()
  .refine((value) => value === "" || /^\d{1,6}$/.test(value), "errors.invalidNumber")
  .transform((value) => (value === "" ? null : Number(value)));
const id = z
  .string()
  .trim()
  .max(64)
  .regex(/^[a-z0-9]*$/i, "errors.invalidChoice");
const optionalId = id.transform((value) => value || null);
/** A place in an order (ticket types, slots, items, fields of action, questions and their choices): 0 to 999. */
const order = z.coerce.number({ message: "errors.invalidNumber" }).int("errors.invalidNumber").min(0, "errors.invalidNumber").max(999, "errors.invalidNumber");
const checkbox = z
  .string()
  .optional()
  .transform((value) => value === "on");

const endsAfterStart = <T extends { startsAt: Date; endsAt: Date }>(value: T) => value.endsAt > value.startsAt;
const endsAfterStartIssue = { message: "errors.endBeforeStart", path: ["endsAt"] };

export const EventFormSchema = z
  .object({
    slug: z
      .string()
      .trim()
      .min(3, "errors.slug")
      .max(80, "errors.tooLong:80")
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "errors.slug"),
    titleDe: required(200),
    titleEn: optional(200),
    descriptionDe: text(5000).pipe(z.string().min(1, "errors.required")),
    descriptionEn: text(5000).transform((value) => value || null),
    venueName: required(200),
    venueAddress: required(300),
    startsAt: berlinTime,
    endsAt: berlinTime,
    registrationOpensAt: optionalBerlinTime,
    registrationClosesAt: optionalBerlinTime,
    capacity,
    status: z.enum(["draft", "published", "closed"], { message: "errors.invalid" }),
    organiserName: required(200),
    organiserEmail: z.string().trim().min(1, "errors.required").max(254, "errors.tooLong:254").pipe(z.email("errors.invalidEmail")),
    privacyNoticeDe: text(10000).pipe(z.string().min(1, "errors.required")),
    privacyNoticeEn: text(10000).transform((value) => value || null),
    privacyNoticeVersion: required(40),
    selfServiceUntil: optionalBerlinTime,
    waitlistMode: z.enum(["book", "offer"], { message: "errors.invalid" }),
    offerHours: z.coerce
      .number({ message: "errors.invalidNumber" })
      .int("errors.invalidNumber")
      .min(1, "errors.invalidNumber")
      .max(336, "errors.invalidNumber"),
    reminderTime: z
      .string()
      .trim()
      .refine((value) => value === "" || /^([01]?\d|2[0-3]):[0-5]\d$/.test(value), "errors.invalidTime")
      .transform((value) => (value ? value.padStart(5, "0") : null)),
    retentionMonths: z.coerce
      .number({ message: "errors.invalidNumber" })
      .int("errors.invalidNumber")
      .min(1, "errors.invalidNumber")
      .max(120, "errors.invalidNumber"),
    // Invoicing (§ 14 UStG) and the refund rule: see prisma/schema.prisma (Event).
    invoiceIssuer: text(500).transform((value) => value || null),
    invoiceTaxId: line(40).transform((value) => (value ? normaliseTaxId(value) : null)),
    invoiceSellerId: optional(60),
    invoiceLegalId: optional(120),
    invoicePhone: optional(40),
    vatRatePercent: z.coerce
      .number({ message: "errors.invalidNumber" })
      .int("errors.invalidNumber")
      .min(0, "errors.invalidNumber")
      .max(30, "errors.invalidNumber"),
    vatExemptionNote: optional(200),
    bankAccountHolder: optional(120),
    bankIban: line(42)
      .transform((value) => value.replace(/\s+/g, "").toUpperCase())
      .refine((value) => value === "" || isValidIban(value), "errors.invalidIban")
      .transform((value) => value || null),
    bankBic: line(11)
      .transform((value) => value.toUpperCase())
      .refine((value) => value === "" || /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(value), "errors.invalidBic")
      .transform((value) => value || null),
    paymentTermDays: z.coerce
      .number({ message: "errors.invalidNumber" })
      .int("errors.invalidNumber")
      .min(0, "errors.invalidNumber")
      .max(120, "errors.invalidNumber"),
    invoicePrefix: z
      .string()
      .trim()
      .regex(/^[A-Z0-9]{1,8}$/, "errors.invoicePrefix"),
    refundRule: z.enum(["full", "until_date", "fee"], { message: "errors.invalid" }),
    refundUntil: optionalBerlinTime,
    cancellationFee: moneyField({ empty: "zero", maxCents: MAX_TICKET_CENTS }),
  })
  .refine(endsAfterStart, endsAfterStartIssue)
  .refine((value) => value.refundRule === "full" || value.refundUntil, { message: "errors.required", path: ["refundUntil"] })
  // EN 16931 BR-CO-26: an e-invoice names its seller by VAT id, seller identifier or legal registration; a tax
  // number alone is not enough, and public bodies' portals refuse such an XRechnung.
  .refine((value) => !value.invoiceIssuer || (value.invoiceTaxId && isVatId(value.invoiceTaxId)) || value.invoiceSellerId || value.invoiceLegalId, {
    message: "errors.sellerIdentificationRequired",
    path: ["invoiceLegalId"],
  })
  // § 14 Abs. 4 Nr. 8 UStG: an invoice without VAT must say why.
  .refine((value) => value.vatRatePercent > 0 || !value.invoiceIssuer || value.vatExemptionNote, {
    message: "errors.exemptionNoteRequired",
    path: ["vatExemptionNote"],
  })
  .refine((value) => !value.registrationOpensAt || !value.registrationClosesAt || value.registrationClosesAt > value.registrationOpensAt, {
    message: "errors.closesBeforeOpens",
    path: ["registrationClosesAt"],
  })
  .transform(({ cancellationFee, ...rest }) => ({ ...rest, cancellationFeeCents: cancellationFee }));

export const TicketTypeFormSchema = z
  .object({
    nameDe: required(120),
    nameEn: optional(120),
    descriptionDe: text(1000).transform((value) => value || null),
    descriptionEn: text(1000).transform((value) => value || null),
    price: moneyField({ empty: "zero", maxCents: MAX_TICKET_CENTS }),
    capacity,
    salesStartAt: optionalBerlinTime,
    salesEndAt: optionalBerlinTime,
    requiresApproval: checkbox,
    active: checkbox,
    sortOrder: order,
  })
  .refine((value) => !value.salesStartAt || !value.salesEndAt || value.salesEndAt > value.salesStartAt, {
    message: "errors.endBeforeStart",
    path: ["salesEndAt"],
  });

export const SlotFormSchema = z
  .object({
    labelDe: required(120),
    labelEn: optional(120),
    startsAt: berlinTime,
    endsAt: berlinTime,
    sortOrder: order,
  })
  .refine(endsAfterStart, endsAfterStartIssue);

export const ProgrammeItemFormSchema = z
  .object({
    slotId: id.pipe(z.string().min(1, "errors.required")),
    kind: z.enum(["plenary", "workshop", "site_visit", "break"], { message: "errors.invalid" }),
    titleDe: required(200),
    titleEn: optional(200),
    descriptionDe: text(3000).transform((value) => value || null),
    descriptionEn: text(3000).transform((value) => value || null),
    startsAt: berlinTime,
    endsAt: berlinTime,
    room: optional(120),
    speakers: optional(300),
    fieldOfActionId: optionalId,
    municipality: optional(120),
    meetingPoint: optional(200),
    departureAt: optionalBerlinTime,
    returnAt: optionalBerlinTime,
    capacity,
    sortOrder: order,
  })
  .refine(endsAfterStart, endsAfterStartIssue)
  .refine((value) => value.kind !== "site_visit" || value.meetingPoint, { message: "errors.required", path: ["meetingPoint"] })
  .refine((value) => value.kind !== "site_visit" || value.departureAt, { message: "errors.required", path: ["departureAt"] })
  .refine((value) => !value.departureAt || !value.returnAt || value.returnAt > value.departureAt, { message: "errors.endBeforeStart", path: ["returnAt"] });

export const CheckInListFormSchema = z.object({
  nameDe: required(120),
  nameEn: optional(120),
  programmeItemId: optionalId,
  ticketTypeIds: z.array(id).max(50),
});

export type EventForm = z.infer<typeof EventFormSchema>;
export type TicketTypeForm = z.infer<typeof TicketTypeFormSchema>;
export type SlotForm = z.infer<typeof SlotFormSchema>;
export type ProgrammeItemForm = z.infer<typeof ProgrammeItemFormSchema>;
export type CheckInListForm = z.infer<typeof CheckInListFormSchema>;

/** How a field is shown; `options` for selects come from the loader where they depend on the event. */
export type FieldSpec = {
  name: string;
  label: MessageKey;
  type: "text" | "email" | "textarea" | "datetime" | "number" | "select" | "checkbox";
  required?: boolean;
  hint?: MessageKey;
  options?: { value: string; label: MessageKey }[];
  /** A money field typed in euros ("25,00") and stored in cents in this column. */
  centsOf?: string;
};

export const EVENT_FIELDS: FieldSpec[] = [
  { name: "titleDe", label: "editor.titleDe", type: "text", required: true },
  { name: "titleEn", label: "editor.titleEn", type: "text" },
  { name: "slug", label: "editor.slug", type: "text", required: true, hint: "editor.slugHint" },
  {
    name: "status",
    label: "editor.status",
    type: "select",
    required: true,
    options: [
      { value: "draft", label: "editor.status.draft" },
      { value: "published", label: "editor.status.published" },
      { value: "closed", label: "editor.status.closed" },
    ],
  },
  { name: "descriptionDe", label: "editor.descriptionDe", type: "textarea", required: true },
  { name: "descriptionEn", label: "editor.descriptionEn", type: "textarea" },
  { name: "venueName", label: "editor.venueName", type: "text", required: true },
  { name: "venueAddress", label: "editor.venueAddress", type: "text", required: true },
  { name: "startsAt", label: "editor.startsAt", type: "datetime", required: true },
  { name: "endsAt", label: "editor.endsAt", type: "datetime", required: true },
  { name: "registrationOpensAt", label: "editor.registrationOpensAt", type: "datetime" },
  { name: "registrationClosesAt", label: "editor.registrationClosesAt", type: "datetime" },
  { name: "capacity", label: "editor.capacity", type: "number", hint: "editor.capacityHint" },
  { name: "organiserName", label: "editor.organiserName", type: "text", required: true },
  { name: "organiserEmail", label: "editor.organiserEmail", type: "email", required: true },
  { name: "privacyNoticeDe", label: "editor.privacyNoticeDe", type: "textarea", required: true },
  { name: "privacyNoticeEn", label: "editor.privacyNoticeEn", type: "textarea" },
  { name: "privacyNoticeVersion", label: "editor.privacyNoticeVersion", type: "text", required: true, hint: "editor.privacyNoticeVersionHint" },
  { name: "selfServiceUntil", label: "editor.selfServiceUntil", type: "datetime", hint: "editor.selfServiceUntilHint" },
  {
    name: "waitlistMode",
    label: "editor.waitlistMode",
    type: "select",
    required: true,
    options: [
      { value: "book", label: "editor.waitlistMode.book" },
      { value: "offer", label: "editor.waitlistMode.offer" },
    ],
  },
  { name: "offerHours", label: "editor.offerHours", type: "number", required: true, hint: "editor.offerHoursHint" },
  { name: "reminderTime", label: "editor.reminderTime", type: "text", hint: "editor.reminderTimeHint" },
  { name: "retentionMonths", label: "editor.retentionMonths", type: "number", required: true, hint: "editor.retentionMonthsHint" },
  { name: "invoiceIssuer", label: "editor.invoiceIssuer", type: "textarea", hint: "editor.invoiceIssuerHint" },
  { name: "invoiceTaxId", label: "editor.invoiceTaxId", type: "text" },
  { name: "invoiceLegalId", label: "editor.invoiceLegalId", type: "text", hint: "editor.invoiceLegalIdHint" },
  { name: "invoiceSellerId", label: "editor.invoiceSellerId", type: "text", hint: "editor.invoiceSellerIdHint" },
  { name: "invoicePhone", label: "editor.invoicePhone", type: "text", hint: "editor.invoicePhoneHint" },
  { name: "vatRatePercent", label: "editor.vatRatePercent", type: "number", required: true, hint: "editor.vatRatePercentHint" },
  { name: "vatExemptionNote", label: "editor.vatExemptionNote", type: "text", hint: "editor.vatExemptionNoteHint" },
  { name: "bankAccountHolder", label: "editor.bankAccountHolder", type: "text" },
  { name: "bankIban", label: "editor.bankIban", type: "text" },
  { name: "bankBic", label: "editor.bankBic", type: "text" },
  { name: "paymentTermDays", label: "editor.paymentTermDays", type: "number", required: true },
  { name: "invoicePrefix", label: "editor.invoicePrefix", type: "text", required: true, hint: "editor.invoicePrefixHint" },
  {
    name: "refundRule",
    label: "editor.refundRule",
    type: "select",
    required: true,
    options: [
      { value: "full", label: "editor.refundRule.full" },
      { value: "until_date", label: "editor.refundRule.until_date" },
      { value: "fee", label: "editor.refundRule.fee" },
    ],
  },
  { name: "refundUntil", label: "editor.refundUntil", type: "datetime" },
  { name: "cancellationFee", label: "editor.cancellationFee", type: "text", hint: "editor.priceHint", centsOf: "cancellationFeeCents" },
];

export const TICKET_TYPE_FIELDS: FieldSpec[] = [
  { name: "nameDe", label: "editor.nameDe", type: "text", required: true },
  { name: "nameEn", label: "editor.nameEn", type: "text" },
  { name: "descriptionDe", label: "editor.descriptionDe", type: "textarea" },
  { name: "descriptionEn", label: "editor.descriptionEn", type: "textarea" },
  { name: "price", label: "editor.price", type: "text", hint: "editor.priceHint", centsOf: "priceCents" },
  { name: "capacity", label: "editor.capacity", type: "number", hint: "editor.capacityHint" },
  { name: "salesStartAt", label: "editor.salesStartAt", type: "datetime" },
  { name: "salesEndAt", label: "editor.salesEndAt", type: "datetime" },
  { name: "requiresApproval", label: "editor.requiresApproval", type: "checkbox" },
  { name: "active", label: "editor.active", type: "checkbox" },
  { name: "sortOrder", label: "editor.sortOrder", type: "number" },
];

export const SLOT_FIELDS: FieldSpec[] = [
  { name: "labelDe", label: "editor.labelDe", type: "text", required: true },
  { name: "labelEn", label: "editor.labelEn", type: "text" },
  { name: "startsAt", label: "editor.startsAt", type: "datetime", required: true },
  { name: "endsAt", label: "editor.endsAt", type: "datetime", required: true },
  { name: "sortOrder", label: "editor.sortOrder", type: "number" },
];

export const PROGRAMME_ITEM_FIELDS: FieldSpec[] = [
  { name: "slotId", label: "editor.slot", type: "select", required: true },
  {
    name: "kind",
    label: "editor.kind",
    type: "select",
    required: true,
    options: [
      { value: "plenary", label: "editor.kind.plenary" },
      { value: "workshop", label: "editor.kind.workshop" },
      { value: "site_visit", label: "editor.kind.site_visit" },
      { value: "break", label: "editor.kind.break" },
    ],
  },
  { name: "titleDe", label: "editor.titleDe", type: "text", required: true },
  { name: "titleEn", label: "editor.titleEn", type: "text" },
  { name: "descriptionDe", label: "editor.descriptionDe", type: "textarea" },
  { name: "descriptionEn", label: "editor.descriptionEn", type: "textarea" },
  { name: "startsAt", label: "editor.startsAt", type: "datetime", required: true },
  { name: "endsAt", label: "editor.endsAt", type: "datetime", required: true },
  { name: "room", label: "editor.room", type: "text" },
  { name: "speakers", label: "editor.speakers", type: "text" },
  { name: "fieldOfActionId", label: "editor.fieldOfAction", type: "select" },
  { name: "capacity", label: "editor.capacity", type: "number", hint: "editor.capacityHint" },
  { name: "municipality", label: "editor.municipality", type: "text", hint: "editor.siteVisitOnly" },
  { name: "meetingPoint", label: "editor.meetingPoint", type: "text", hint: "editor.siteVisitOnly" },
  { name: "departureAt", label: "editor.departureAt", type: "datetime", hint: "editor.siteVisitOnly" },
  { name: "returnAt", label: "editor.returnAt", type: "datetime", hint: "editor.siteVisitOnly" },
  { name: "sortOrder", label: "editor.sortOrder", type: "number" },
];

export const CHECKIN_LIST_FIELDS: FieldSpec[] = [
  { name: "nameDe", label: "editor.nameDe", type: "text", required: true },
  { name: "nameEn", label: "editor.nameEn", type: "text" },
  { name: "programmeItemId", label: "editor.listItem", type: "select", hint: "editor.listItemHint" },
];

/** The badge colours a field of action can have: each pair of text and background has at least 7:1 contrast. */
export const FIELD_COLOURS = ["berry", "teal", "green", "amber", "blue", "violet", "red", "grey"] as const;

export const FieldOfActionFormSchema = z.object({
  nameDe: required(160),
  nameEn: optional(160),
  colour: z.enum(FIELD_COLOURS, { message: "errors.invalidChoice" }),
  position: order,
});
export type FieldOfActionForm = z.infer<typeof FieldOfActionFormSchema>;

export const FIELD_OF_ACTION_FIELDS: FieldSpec[] = [
  { name: "nameDe", label: "editor.nameDe", type: "text", required: true },
  { name: "nameEn", label: "editor.nameEn", type: "text" },
  {
    name: "colour",
    label: "editor.colour",
    type: "select",
    required: true,
    options: FIELD_COLOURS.map((colour) => ({ value: colour, label: `editor.colour.${colour}` as MessageKey })),
  },
  { name: "position", label: "editor.position", type: "number", hint: "editor.positionHint" },
];

export const QuestionFormSchema = z.object({
  kind: z.enum(["text", "long_text", "number", "yes_no", "choice", "choices", "date"], { message: "errors.invalid" }),
  labelDe: required(300),
  labelEn: optional(300),
  hintDe: optional(500),
  hintEn: optional(500),
  required: checkbox,
  scope: z.enum(["attendee", "registration"], { message: "errors.invalid" }),
  inReport: checkbox,
  position: order,
  ticketTypeIds: z.array(id).max(50),
  options: z
    .array(
      z.object({
        key: z.string().regex(/^[a-z0-9]{1,40}$/i),
        labelDe: line(200),
        labelEn: optional(200),
        position: z.coerce
          .number({ message: "errors.invalidNumber" })
          .int("errors.invalidNumber")
          .min(0, "errors.invalidNumber")
          .max(999, "errors.invalidNumber"),
        remove: z.boolean(),
      }),
    )
    .max(100, "errors.invalid"),
});
export type QuestionForm = z.infer<typeof QuestionFormSchema>;

export const QUESTION_FIELDS: FieldSpec[] = [
  { name: "labelDe", label: "editor.question.labelDe", type: "text", required: true },
  { name: "labelEn", label: "editor.question.labelEn", type: "text" },
  {
    name: "kind",
    label: "editor.question.kind",
    type: "select",
    required: true,
    hint: "editor.question.kindHint",
    options: (["text", "long_text", "number", "yes_no", "choice", "choices", "date"] as const).map((kind) => ({
      value: kind,
      label: `editor.question.kind.${kind}` as MessageKey,
    })),
  },
  { name: "hintDe", label: "editor.question.hintDe", type: "text" },
  { name: "hintEn", label: "editor.question.hintEn", type: "text" },
  {
    name: "scope",
    label: "editor.question.scope",
    type: "select",
    required: true,
    options: [
      { value: "attendee", label: "editor.question.scope.attendee" },
      { value: "registration", label: "editor.question.scope.registration" },
    ],
  },
  { name: "required", label: "editor.question.required", type: "checkbox" },
  { name: "inReport", label: "editor.question.inReport", type: "checkbox", hint: "editor.question.inReportHint" },
  { name: "position", label: "editor.position", type: "number", hint: "editor.positionHint" },
];

/** The question's option rows as the form sends them: `option.<id or newN>.labelDe`, `…labelEn`, `…position`, `…remove`. */
export function readOptionRows(form: FormData) {
  const rows = new Map<string, { key: string; labelDe: string; labelEn: string; position: string; remove: boolean }>();
  for (const [name, value] of form.entries()) {
    const match = /^option\.([a-z0-9]{1,40})\.(labelDe|labelEn|position|remove)$/i.exec(name);
    if (!match || typeof value !== "string") continue;
    const key = match[1]!;
    if (!rows.has(key) && rows.size >= 101) continue;
    const row = rows.get(key) ?? { key, labelDe: "", labelEn: "", position: "0", remove: false };
    if (match[2] === "remove") row.remove = value === "on";
    else row[match[2] as "labelDe" | "labelEn" | "position"] = value.slice(0, 400);
    rows.set(key, row);
  }
  // Empty new rows are the form's spare lines, not options.
  return [...rows.values()].filter((row) => !(row.key.startsWith("new") && row.labelDe.trim() === ""));
}

/** Copying an event: the copy's address, title and new start (every other time moves with it). */
export const EventCopyFormSchema = z.object({
  slug: z
    .string()
    .trim()
    .min(3, "errors.slug")
    .max(80, "errors.tooLong:80")
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "errors.slug"),
  titleDe: required(200),
  titleEn: optional(200),
  startsAt: berlinTime,
});
export type EventCopyForm = z.infer<typeof EventCopyFormSchema>;

export const EVENT_COPY_FIELDS: FieldSpec[] = [
  { name: "titleDe", label: "editor.titleDe", type: "text", required: true },
  { name: "titleEn", label: "editor.titleEn", type: "text" },
  { name: "slug", label: "editor.slug", type: "text", required: true, hint: "editor.slugHint" },
  { name: "startsAt", label: "editor.copy.startsAt", type: "datetime", required: true, hint: "editor.copy.startsAtHint" },
];
