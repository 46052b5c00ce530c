import type { z } from "zod";

/**
 * Form errors as every form of the app reports them: message keys (app/modules/i18n, "errors.*", a
 * limit after a colon: "errors.tooLong:100") under the form's field names ("attendees[1].email",
 * "contactEmail"; "form" for the whole form). Shared by the server's answer and the browser's check.
 */
export type FieldErrors = Record<string, string[]>;

/** Field errors of a failed schema check, keyed by form field name. */
export function fieldErrorsFrom(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const name = fieldName(issue.path);
    (errors[name] ??= []).push(issue.message);
  }
  return errors;
}

/** The form field's name for a schema path: ["attendees", 1, "email"] → "attendees[1].email". */
export function fieldName(path: readonly PropertyKey[]): string {
  // Errors of the whole form, and of the list of people as a whole (none, too many), head the form.
  if (path.length === 0 || (path.length === 1 && path[0] === "attendees")) return "form";
  let name = "";
  for (const part of path) {
    if (typeof part === "number") name += `[${part}]`;
    else name += name ? `.${String(part)}` : String(part);
  }
  // Choices are reported on the attendee's programme fieldset.
  return name.replace(/\.itemIds(\[\d+\])?$/, ".programme");
}
