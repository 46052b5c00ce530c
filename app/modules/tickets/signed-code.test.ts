import { generateKeyPairSync, sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import { base32Decode, base32Encode, parseTicketCode } from "./signed-code";

describe("ticket codes", () => {
  const secret = "23456789ABCDEFGHJKMNPQRSTVW";
  it("round-trips base32", () => {
    const bytes = new Uint8Array(Array.from({ length: 64 }, (_, index) => (index * 37) % 256));
    expect(base32Decode(base32Encode(bytes))).toEqual(bytes);
  });
  it("reads a signed code, also typed by a hand scanner on a German layout, and keeps the older forms", () => {
    const { privateKey } = generateKeyPairSync("ed25519");
    const signed = `K2:AB3D:${secret}:K7H3-9QXM-1`;
    const code = `${signed}:${base32Encode(sign(null, Buffer.from(signed), privateKey))}`;
    expect(code.length).toBeLessThan(160);
    const parsed = parseTicketCode(` ${code.toLowerCase().replace(/:/g, "Ö")} `);
    expect(parsed).toMatchObject({ kind: "signed", keyId: "AB3D", secret, reference: "K7H3-9QXM-1", signed });
    expect(parseTicketCode(`K1:${secret}`)).toEqual({ kind: "plain", secret });
    expect(parseTicketCode(secret)).toEqual({ kind: "plain", secret });
  });
  it("reads each signature in one spelling only (unused bits of the last character must be zero)", () => {
    const bytes = new Uint8Array(64).fill(7);
    const text = base32Encode(bytes);
    const last = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".indexOf(text.at(-1)!);
    expect(base32Decode(text.slice(0, -1) + "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[last + 1])).toBeNull();
  });
  it("refuses codes of the wrong shape", () => {
    for (const code of ["", "K2:AB3D", `K2:AB3D:${secret}:REF:SHORT`, "K1:0000", "https://example.org", `K3:${secret}`]) {
      expect(parseTicketCode(code).kind, code).toBe("none");
    }
  });
});
