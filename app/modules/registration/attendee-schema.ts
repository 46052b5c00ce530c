import type { z } from "zod";
import { AttendeeSchema, needsWithoutConsent } from "./schema";

/** The form for an attendee's details (organisers, self-service): the public form's rules for a person, without choices. */
export const AttendeeDetailsSchema = AttendeeSchema.omit({ itemIds: true }).superRefine((attendee, context) => {
  if (needsWithoutConsent(attendee)) context.addIssue({ code: "custom", path: ["needsConsent"], message: "errors.needsConsentRequired" });
});
export type AttendeeDetails = z.infer<typeof AttendeeDetailsSchema>;
