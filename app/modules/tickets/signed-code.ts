/**
 * Signed tickets, as a QR code holds them: `K2:<key id>:<ticket secret>:<ticket reference>:<signature>`, the
 * signature Ed25519 over everything before its colon, in base32 (RFC 4648, no padding). All of it is upper-case
 * letters, digits, ':' and '-', which a QR code stores in its compact alphanumeric mode: about 150 characters,
 * version 8 at level M, robust on a phone screen and on paper. Shared by the server (which signs) and the
 * scanner in the browser (which verifies offline); no server code in here.
 *
 * The older form `K1:<secret>` (or the bare secret) stays valid: the scanner accepts both.
 */
export const SIGNED_PREFIX = "K2";
const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

export type ParsedCode =
  | { kind: "signed"; keyId: string; secret: string; reference: string; signed: string; signature: Uint8Array }
  | { kind: "plain"; secret: string }
  | { kind: "none" };

export function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let output = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      output += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) output += BASE32[(value << (5 - bits)) & 31];
  return output;
}

export function base32Decode(text: string): Uint8Array | null {
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of text) {
    const index = BASE32.indexOf(char);
    if (index < 0) return null;
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  // Canonical only: the last character's unused bits must be zero, so one signature has exactly one spelling.
  if ((value & ((1 << bits) - 1)) !== 0) return null;
  return new Uint8Array(bytes);
}

const SECRET = /^[2-9A-HJ-NP-TV-Z]{27}$/;

/**
 * Reads what a camera or hand scanner delivered. Tolerates lower case, surrounding whitespace and a hand scanner
 * set to another keyboard layout (German: ':' arrives as 'Ö'). Anything else is no ticket.
 */
export function parseTicketCode(raw: string): ParsedCode {
  const code = raw.trim().toUpperCase().replace(/[Ö;]/g, ":");
  if (code.startsWith(`${SIGNED_PREFIX}:`)) {
    const parts = code.split(":");
    if (parts.length !== 5) return { kind: "none" };
    const [, keyId, secret, reference, signatureText] = parts as [string, string, string, string, string];
    if (!/^[A-Z0-9]{4,8}$/.test(keyId) || !SECRET.test(secret) || !/^[A-Z0-9-]{3,20}$/.test(reference)) return { kind: "none" };
    const signature = base32Decode(signatureText);
    if (!signature || signature.length !== 64) return { kind: "none" };
    return { kind: "signed", keyId, secret, reference, signed: `${SIGNED_PREFIX}:${keyId}:${secret}:${reference}`, signature };
  }
  const secret = code.startsWith("K1:") ? code.slice(3) : code;
  return SECRET.test(secret) ? { kind: "plain", secret } : { kind: "none" };
}
