import { randomBytes } from "node:crypto";

/**
 * Characters without look-alikes (no 0/O, 1/I/L, U): digits 2–9 and 22 letters. Upper case letters and
 * digits also fit a QR code's compact alphanumeric mode.
 */
export const SECRET_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ";

/** `length` characters drawn uniformly from SECRET_ALPHABET (rejection sampling, so no modulo bias). */
export function randomCode(length: number): string {
  const size = SECRET_ALPHABET.length;
  const limit = 256 - (256 % size);
  let code = "";
  while (code.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte >= limit) continue;
      code += SECRET_ALPHABET[byte % size];
      if (code.length === length) break;
    }
  }
  return code;
}

/** What a ticket's QR code holds: 27 characters of 30 symbols = 132 random bits, not guessable. */
export const TICKET_SECRET_LENGTH = 27;
export const newTicketSecret = () => randomCode(TICKET_SECRET_LENGTH);

/** The private manage link's token: 192 random bits, URL-safe. */
export const newManageToken = () => randomBytes(24).toString("base64url");

/**
 * The short reference printed on confirmations and tickets for people to read out ("K7H3-9QXM").
 * 40 bits: unique in practice, and the database's unique index catches the rare collision.
 * It identifies, it does not admit anyone: the ticket secret does that.
 */
export function newRegistrationReference(): string {
  const code = randomCode(8);
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

export const ticketReference = (registrationReference: string, position: number) => `${registrationReference}-${position}`;

/**
 * A certificate of attendance's verification code ("ABCD-EFGH-JKMN"): 12 characters of 30 = 59 random bits,
 * typed by a third party to check the certificate, so unambiguous letters and no guessing.
 */
export function newCertificateCode(): string {
  const code = randomCode(12);
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}
