import type { ScanAnswerView } from "~/modules/checkin/answer";
import type { OfflineList, OfflineTicket } from "~/modules/checkin/offline-list";
import { parseTicketCode } from "~/modules/tickets/signed-code";

/**
 * Deciding a scan on the device, without the server: the same answers the server gives, from the list the device
 * downloaded and what it admitted itself since. A signed code is checked against the event's public keys (forged,
 * or signed by a retired key: refused); a revoked ticket (cancelled attendee) is refused; one admitted on this
 * device, or already in when the list was downloaded, is "already checked in"; a genuine ticket the list does not
 * hold is "not for this list" — except at an entrance open to every ticket, where a validly signed one registered
 * after the download gets in.
 */
export type Crypto = {
  verify: (publicKey: string, signed: string, signature: Uint8Array) => Promise<boolean>;
  hash: (secret: string) => Promise<string>;
};

export type OfflineDecision = { answer: ScanAnswerView; ticketHash: string | null };

const answer = (result: ScanAnswerView["result"], reason: ScanAnswerView["reason"], ticket: OfflineTicket | null, reference?: string): ScanAnswerView => ({
  result,
  reason,
  checkInId: "",
  attendee: ticket
    ? {
        name: ticket.name,
        organisation: ticket.organisation,
        ticketReference: ticket.reference,
        ticketType: { de: ticket.ticketType, en: null },
        bookings: ticket.bookings.map((title) => ({ de: title, en: null, kind: "" })),
      }
    : reference
      ? { name: reference, organisation: "", ticketReference: reference, ticketType: { de: "", en: null }, bookings: [] }
      : null,
  earlier: null,
  replayed: false,
  offline: true,
});

export async function decideOffline(
  list: OfflineList,
  admittedHere: ReadonlySet<string>,
  code: string,
  crypto: Crypto,
  byHash?: Map<string, OfflineTicket>,
): Promise<OfflineDecision> {
  const parsed = parseTicketCode(code);
  if (parsed.kind === "none") return { answer: answer("unknown_code", null, null), ticketHash: null };
  if (parsed.kind === "signed") {
    const key = list.keys.find((candidate) => candidate.id === parsed.keyId);
    if (!key || key.retired || !(await crypto.verify(key.publicKey, parsed.signed, parsed.signature))) {
      return { answer: answer("unknown_code", "forged", null), ticketHash: null };
    }
  }
  const ticketHash = await crypto.hash(parsed.secret);
  if (list.revoked.includes(ticketHash)) return { answer: answer("cancelled_ticket", "revoked", null), ticketHash };
  const tickets = byHash ?? new Map(list.tickets.map((ticket) => [ticket.h, ticket]));
  const ticket = tickets.get(ticketHash) ?? null;
  if (admittedHere.has(ticketHash)) return { answer: answer("already_checked_in", "this_device", ticket), ticketHash };
  if (ticket?.checkedIn) return { answer: answer("already_checked_in", null, ticket), ticketHash };
  if (ticket) return { answer: answer("valid", null, ticket), ticketHash };
  if (parsed.kind === "signed") {
    return list.openToSignedTickets
      ? { answer: answer("valid", null, null, parsed.reference), ticketHash }
      : { answer: answer("not_admitted", "not_on_list", null, parsed.reference), ticketHash };
  }
  return { answer: answer("unknown_code", null, null), ticketHash: null };
}

/** The hash under which the device keeps a code's ticket (null for no ticket). */
export async function ticketHashOf(code: string, crypto: Crypto): Promise<string | null> {
  const parsed = parseTicketCode(code);
  return parsed.kind === "none" ? null : crypto.hash(parsed.secret);
}

const base64url = (text: string) => Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (char) => char.charCodeAt(0));
const toBase64url = (bytes: ArrayBuffer) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");

/** The browser's WebCrypto (Ed25519 and SHA-256; Chromium, Firefox, Safari 17+), keys imported once. */
export function webCrypto(subtle: SubtleCrypto = globalThis.crypto.subtle): Crypto {
  const keys = new Map<string, Promise<CryptoKey>>();
  return {
    async verify(publicKey, signed, signature) {
      let key = keys.get(publicKey);
      if (!key) {
        key = subtle.importKey("raw", base64url(publicKey), { name: "Ed25519" }, false, ["verify"]);
        keys.set(publicKey, key);
      }
      return subtle.verify({ name: "Ed25519" }, await key, new Uint8Array(signature), new TextEncoder().encode(signed));
    },
    async hash(secret) {
      return toBase64url(await subtle.digest("SHA-256", new TextEncoder().encode(secret))).slice(0, 22);
    },
  };
}
