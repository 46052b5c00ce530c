import { z } from "zod";
import { line } from "~/modules/forms/text";

/** The staff login form's schema (shared by server and browser). */
export const LoginSchema = z.object({
  email: z.string().trim().min(1, "errors.required").max(254, "errors.tooLong:254").pipe(z.email("errors.invalidEmail")),
  password: z.string().min(1, "errors.required").max(200, "errors.tooLong:200"),
});

// Long rather than complicated (NIST SP 800-63B): at least 12 characters, no composition rules.
const newPassword = z.string().min(12, "errors.passwordTooShort").max(200, "errors.tooLong:200");

/** The organisers' form for a new staff account (shared by server and browser). */
export const NewStaffSchema = z.object({
  name: line(100).pipe(z.string().min(1, "errors.required")),
  email: z.string().trim().toLowerCase().min(1, "errors.required").max(254, "errors.tooLong:254").pipe(z.email("errors.invalidEmail")),
  role: z.enum(["organiser", "checkin"], { message: "errors.invalid" }),
  password: newPassword,
});
export type NewStaff = z.infer<typeof NewStaffSchema>;

/** A team member changes their own password: the current one, the new one twice. */
export const ChangePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "errors.required").max(200, "errors.tooLong:200"),
    newPassword,
    confirmPassword: z.string().max(200, "errors.tooLong:200"),
  })
  .refine((values) => values.newPassword === values.confirmPassword, { path: ["confirmPassword"], message: "errors.passwordMismatch" });

/** An organiser sets a new password for another team member (forgotten, or passed on to someone else). */
export const ResetPasswordSchema = z.object({
  userId: z.string().min(1).max(64),
  password: newPassword,
});
