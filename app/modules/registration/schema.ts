import { isValidLeitwegId } from "~/modules/payments/leitweg-id";
import { z } from "zod";
import { fieldErrorsFrom } from "~/modules/forms/errors";
import { line, text as multiLineText } from "~/modules/forms/text";
import { addAnswerValue, checkAnswers, type AnswerValues, type FormQuestion } from "~/modules/questions/answers";

/**
 * The registration form's one schema, used by the server action and by the browser before submitting.
 * Error messages are message keys (app/modules/i18n/messages.ts, "errors.*"), translated where shown.
 * Limits are parameters of the key after a colon, e.g. "errors.tooLong:100".
 */
export const MAX_ATTENDEES = 10;

function singleLine(max: number, { allowHtml = false } = {}) {
  return line(max).refine((value) => allowHtml || !/[<>]/.test(value), "errors.htmlNotAllowed");
}

const requiredLine = (max: number) => singleLine(max).min(1, "errors.required");
const optionalLine = (max: number) =>
  singleLine(max)
    .optional()
    .transform((value) => value || undefined);

const multiLine = (max: number) =>
  multiLineText(max)
    .optional()
    .transform((value) => value || undefined);

const email = z
  .string()
  .trim()
  .min(1, "errors.required")
  .max(254, "errors.tooLong:254")
  .pipe(z.email("errors.invalidEmail"))
  .transform((value) => value.toLowerCase());

const id = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9]+$/i, "errors.invalidChoice");

export const AttendeeSchema = z.object({
  firstName: requiredLine(100),
  lastName: requiredLine(100),
  email,
  organisation: requiredLine(200),
  jobFunction: optionalLine(150),
  phone: optionalLine(40).refine((value) => value === undefined || /^[+0-9 ()/-]{5,40}$/.test(value), "errors.invalid"),
  dietaryNeeds: multiLine(500),
  accessibilityNeeds: multiLine(500),
  // Dietary and accessibility needs are health data (Art. 9 GDPR): stored only with this consent of their own.
  needsConsent: z.boolean().catch(false),
  // One programme item per time slot; the form names one radio group per slot.
  itemIds: z.array(id).max(20, "errors.invalid"),
});

export const RegistrationSchema = z
  .object({
    ticketTypeId: z.string({ error: "errors.ticketTypeInvalid" }).min(1, "errors.ticketTypeInvalid").max(64, "errors.ticketTypeInvalid"),
    contactEmail: email,
    language: z.enum(["de", "en"]).catch("de"),
    invoiceAddress: multiLine(500),
    purchaseOrder: optionalLine(60),
    leitwegId: optionalLine(46)
      .transform((value) => value?.toUpperCase())
      .refine((value) => value === undefined || isValidLeitwegId(value), "errors.invalidLeitwegId"),
    // Only asked when the ticket costs something and online payment is configured; otherwise "invoice".
    paymentMethod: z.enum(["invoice", "stripe"]).catch("invoice"),
    waitlistIfFull: z.boolean(),
    privacyConsent: z.literal(true, { error: "errors.consentRequired" }),
    // Honeypot: invisible to people, filled in by naive bots.
    website: z.string().max(0, "errors.spam").optional(),
    attendees: z.array(AttendeeSchema).min(1, "errors.noAttendees").max(MAX_ATTENDEES, `errors.tooManyAttendees:${MAX_ATTENDEES}`),
  })
  .superRefine((registration, context) => {
    const seen = new Map<string, number>();
    registration.attendees.forEach((attendee, index) => {
      if (needsWithoutConsent(attendee))
        context.addIssue({ code: "custom", path: ["attendees", index, "needsConsent"], message: "errors.needsConsentRequired" });
      const previous = seen.get(attendee.email);
      if (previous !== undefined) {
        context.addIssue({ code: "custom", path: ["attendees", index, "email"], message: "errors.duplicateAttendee" });
      } else {
        seen.set(attendee.email, index);
      }
    });
  });

/** Needs typed in without the consent that lets us keep them: refused with a message, never silently dropped. */
export function needsWithoutConsent(attendee: { dietaryNeeds?: string | undefined; accessibilityNeeds?: string | undefined; needsConsent: boolean }): boolean {
  return Boolean(attendee.dietaryNeeds || attendee.accessibilityNeeds) && !attendee.needsConsent;
}

export type RegistrationInput = z.infer<typeof RegistrationSchema>;
export type AttendeeInput = z.infer<typeof AttendeeSchema>;

/** What the form sends, before validation: every value as typed, so it can be shown again. */
export type RegistrationFormValues = {
  ticketTypeId: string;
  contactEmail: string;
  language: string;
  invoiceAddress: string;
  // Asked only of paid tickets: callers that register free tickets leave them out.
  purchaseOrder?: string;
  leitwegId?: string;
  paymentMethod?: string;
  waitlistIfFull: boolean;
  privacyConsent: boolean;
  website: string;
  attendees: AttendeeFormValues[];
  /** The organisers' own questions asked once per registration: question id → values as typed. */
  answers?: AnswerValues;
};
export type AttendeeFormValues = {
  firstName: string;
  lastName: string;
  email: string;
  organisation: string;
  jobFunction: string;
  phone: string;
  dietaryNeeds: string;
  accessibilityNeeds: string;
  needsConsent: boolean;
  /** slot id → chosen item id */
  choices: Record<string, string>;
  /** The organisers' own questions asked of each person: question id → values as typed. */
  answers?: AnswerValues;
};

export const ATTENDEE_TEXT_FIELDS = ["firstName", "lastName", "email", "organisation", "jobFunction", "phone", "dietaryNeeds", "accessibilityNeeds"] as const;

export function emptyAttendee(): AttendeeFormValues {
  return {
    firstName: "",
    lastName: "",
    email: "",
    organisation: "",
    jobFunction: "",
    phone: "",
    dietaryNeeds: "",
    accessibilityNeeds: "",
    needsConsent: false,
    choices: {},
    answers: {},
  };
}

/**
 * What is kept of one typed value to show it again: longer than any field allows (so "too long" is still
 * reported), short enough that a refused form cannot be turned into a huge page.
 */
export const MAX_ECHOED_LENGTH = 1000;
const text = (value: FormDataEntryValue | null) => (typeof value === "string" ? value.slice(0, MAX_ECHOED_LENGTH) : "");

/**
 * Reads the form's fields: `attendees[0].firstName`, `attendees[0].slot.<slotId>` = item id, … Attendee
 * indexes need not be contiguous (a removed person leaves a gap); they are renumbered in order.
 */
export function readRegistrationForm(formData: FormData): RegistrationFormValues {
  const attendees = new Map<number, AttendeeFormValues>();
  const attendee = (index: number) => {
    let values = attendees.get(index);
    if (!values) {
      values = emptyAttendee();
      attendees.set(index, values);
    }
    return values;
  };
  for (const [name, value] of formData.entries()) {
    // Any index counts, so that a form with too many people is reported, not silently cut short.
    const match = /^attendees\[(\d{1,6})\]\.(.+)$/.exec(name);
    if (!match) continue;
    const values = attendee(Number(match[1]));
    const field = match[2] ?? "";
    if (field.startsWith("slot.")) {
      const slotId = field.slice("slot.".length, "slot.".length + 64);
      const itemId = text(value);
      if (!itemId) continue;
      // A second value for one slot is kept under its own key, so the clash is reported, not hidden.
      const key = Object.hasOwn(values.choices, slotId) ? `${slotId}#${Object.keys(values.choices).length}` : slotId;
      values.choices[key] = itemId;
    } else if (field.startsWith("q.")) {
      addAnswerValue((values.answers ??= {}), field.slice(2, 66), text(value));
    } else if (field === "needsConsent") {
      values.needsConsent = value === "on";
    } else if ((ATTENDEE_TEXT_FIELDS as readonly string[]).includes(field)) {
      values[field as (typeof ATTENDEE_TEXT_FIELDS)[number]] = text(value);
    }
  }
  const answers: AnswerValues = {};
  for (const [name, value] of formData.entries()) {
    if (name.startsWith("q.")) addAnswerValue(answers, name.slice(2, 66), text(value));
  }
  return {
    answers,
    ticketTypeId: text(formData.get("ticketTypeId")),
    contactEmail: text(formData.get("contactEmail")),
    language: text(formData.get("language")),
    invoiceAddress: text(formData.get("invoiceAddress")),
    purchaseOrder: text(formData.get("purchaseOrder")),
    leitwegId: text(formData.get("leitwegId")),
    paymentMethod: text(formData.get("paymentMethod")),
    waitlistIfFull: formData.get("waitlistIfFull") === "on",
    privacyConsent: formData.get("privacyConsent") === "on",
    website: text(formData.get("website")),
    attendees: [...attendees.entries()].sort(([a], [b]) => a - b).map(([, values]) => values),
  };
}

/** The values in the shape the schema checks. */
export function toSchemaInput(values: RegistrationFormValues) {
  return {
    ...values,
    attendees: values.attendees.map(({ choices, answers: _answers, ...rest }) => ({ ...rest, itemIds: Object.values(choices) })),
  };
}

/**
 * The whole form checked: the fixed fields by the schema, the event's own questions (those that apply to the
 * chosen ticket type) by their kind. Every error is reported in the same round.
 */
export function validateRegistration(values: RegistrationFormValues, questions: FormQuestion[] = []) {
  const result = RegistrationSchema.safeParse(toSchemaInput(values));
  const answers = checkAnswers(
    questions,
    values.ticketTypeId,
    values.answers ?? {},
    values.attendees.map((attendee) => attendee.answers ?? {}),
  );
  const answerErrors = Object.keys(answers.errors).length > 0;
  if (result.success && !answerErrors)
    return { ok: true as const, data: result.data, answers: { registration: answers.registration, attendees: answers.attendees } };
  if (result.success) return { ok: false as const, errors: answers.errors };
  // The schema's own check of the needs consent runs only once every field is valid; reported in the same round.
  const errors = { ...fieldErrorsFrom(result.error), ...answers.errors };
  values.attendees.forEach((attendee, index) => {
    const field = `attendees[${index}].needsConsent`;
    if (
      !errors[field] &&
      needsWithoutConsent({ ...attendee, dietaryNeeds: attendee.dietaryNeeds.trim(), accessibilityNeeds: attendee.accessibilityNeeds.trim() })
    ) {
      errors[field] = ["errors.needsConsentRequired"];
    }
  });
  return { ok: false as const, errors };
}
