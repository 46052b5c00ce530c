import type { FieldErrors } from "./errors";

/**
 * A change refused inside its transaction (a full item, a capacity below the seats taken): thrown, it
 * rolls everything back, and the use case turns it into the form's errors.
 */
export class FormRefused extends Error {
  constructor(readonly errors: FieldErrors) {
    super("refused");
  }
}
