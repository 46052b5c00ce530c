import { z } from "zod";

/** The staff login form's schema (shared by server and browser). */
export const LoginSchema = z.object({
  email: z.string().trim().min(1, "errors.required").max(254, "errors.tooLong:254").pipe(z.email("errors.invalidEmail")),
  password: z.string().min(1, "errors.required").max(200, "errors.tooLong:200"),
});
