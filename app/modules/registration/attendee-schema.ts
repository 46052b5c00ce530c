import type { z } from "zod";
import { fieldErrorsFrom } from "~/modules/forms/errors";
import { AttendeeSchema, needsWithoutConsent } from "./schema";

/** The form for an attendee's details (organisers, self-service): the public form's rules for a person, without choices. */
export const AttendeeDetailsSchema = AttendeeSchema.omit({ itemIds: true }).superRefine((attendee, context) => {
  if (needsWithoutConsent(attendee)) context.addIssue({ code: "custom", path: ["needsConsent"], message: "errors.needsConsentRequired" });
});
export type AttendeeDetails = z.infer<typeof AttendeeDetailsSchema>;

/** Validates the details form; the needs consent is reported together with any other field's error. */
export function validateAttendeeDetails(values: { [field: string]: string | boolean; needsConsent: boolean }) {
  const result = AttendeeDetailsSchema.safeParse(values);
  if (result.success) return { ok: true as const, data: result.data };
  const errors = fieldErrorsFrom(result.error);
  const typed = (name: string) => (typeof values[name] === "string" ? (values[name] as string).trim() : "");
  if (
    !errors.needsConsent &&
    needsWithoutConsent({ dietaryNeeds: typed("dietaryNeeds"), accessibilityNeeds: typed("accessibilityNeeds"), needsConsent: values.needsConsent })
  ) {
    errors.needsConsent = ["errors.needsConsentRequired"];
  }
  return { ok: false as const, errors };
}
