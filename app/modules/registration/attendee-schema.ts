import type { z } from "zod";
import { AttendeeSchema } from "./schema";

/** The organisers' form for an attendee's details: the public form's rules for a person, without choices. */
export const AttendeeDetailsSchema = AttendeeSchema.omit({ itemIds: true });
export type AttendeeDetails = z.infer<typeof AttendeeDetailsSchema>;
