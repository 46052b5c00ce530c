import { createHash, generateKeyPairSync, sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { OfflineList } from "~/modules/checkin/offline-list";
import { base32Encode } from "~/modules/tickets/signed-code";
import { decideOffline, webCrypto } from "./decide";

/** The scanner's decision without a network, with real Ed25519 signatures checked through WebCrypto. */
const { publicKey, privateKey } = generateKeyPairSync("ed25519");
const other = generateKeyPairSync("ed25519");
const hash = (secret: string) => createHash("sha256").update(secret).digest("base64url").slice(0, 22);
const signedCode = (secret: string, reference: string, key = privateKey, keyId = "KEY1") => {
  const signed = `K2:${keyId}:${secret}:${reference}`;
  return `${signed}:${base32Encode(sign(null, Buffer.from(signed), key))}`;
};
const secrets = {
  anna: "23456789ABCDEFGHJKMNPQRSTVW",
  ben: "ABCDEFGHJKMNPQRSTVW23456789",
  cancelled: "QRSTVW23456789ABCDEFGHJKMNP",
  late: "MNPQRSTVW23456789ABCDEFGHJK",
};
const list = (openToSignedTickets: boolean): OfflineList => ({
  listId: "l",
  eventId: "e",
  name: "Eingang",
  openToSignedTickets,
  keys: [
    { id: "KEY1", publicKey: publicKey.export({ format: "jwk" }).x!, retired: false },
    { id: "OLD1", publicKey: other.publicKey.export({ format: "jwk" }).x!, retired: true },
  ],
  tickets: [
    {
      h: hash(secrets.anna),
      name: "Anna Anders",
      organisation: "Stadt Bürstadt",
      reference: "AAAA-BBBB-1",
      ticketType: "Fachpublikum",
      bookings: [],
      checkedIn: false,
    },
    { h: hash(secrets.ben), name: "Ben Berg", organisation: "Kreis", reference: "CCCC-DDDD-1", ticketType: "Fachpublikum", bookings: [], checkedIn: true },
  ],
  revoked: [hash(secrets.cancelled)],
  generatedAt: new Date().toISOString(),
});
const crypto = webCrypto();
const decide = async (code: string, open = true, admitted = new Set<string>()) => (await decideOffline(list(open), admitted, code, crypto)).answer;

describe("deciding a scan offline", () => {
  it("admits a validly signed ticket on the list, and the old unsigned form", async () => {
    expect(await decide(signedCode(secrets.anna, "AAAA-BBBB-1"))).toMatchObject({ result: "valid", offline: true, attendee: { name: "Anna Anders" } });
    expect(await decide(`K1:${secrets.anna}`)).toMatchObject({ result: "valid" });
  });
  it("says already checked in on this device, and for someone in before the download", async () => {
    expect(await decide(signedCode(secrets.anna, "AAAA-BBBB-1"), true, new Set([hash(secrets.anna)]))).toMatchObject({
      result: "already_checked_in",
      reason: "this_device",
    });
    expect(await decide(signedCode(secrets.ben, "CCCC-DDDD-1"))).toMatchObject({ result: "already_checked_in", reason: null });
  });
  it("refuses a forged signature, a retired key and a revoked ticket", async () => {
    const genuine = signedCode(secrets.anna, "AAAA-BBBB-1");
    const tampered = genuine.replace("AAAA-BBBB-1", "AAAA-BBBB-2");
    expect(await decide(tampered)).toMatchObject({ result: "unknown_code", reason: "forged" });
    expect(await decide(signedCode(secrets.anna, "AAAA-BBBB-1", other.privateKey, "OLD1"))).toMatchObject({ result: "unknown_code", reason: "forged" });
    expect(await decide(signedCode(secrets.cancelled, "EEEE-FFFF-1"))).toMatchObject({ result: "cancelled_ticket", reason: "revoked" });
  });
  it("lets a genuine ticket registered after the download in at an open entrance, not at a bus", async () => {
    expect(await decide(signedCode(secrets.late, "GGGG-HHHH-1"), true)).toMatchObject({ result: "valid", attendee: { ticketReference: "GGGG-HHHH-1" } });
    expect(await decide(signedCode(secrets.late, "GGGG-HHHH-1"), false)).toMatchObject({ result: "not_admitted", reason: "not_on_list" });
    expect(await decide(`K1:${secrets.late}`)).toMatchObject({ result: "unknown_code" });
    expect(await decide("https://example.org")).toMatchObject({ result: "unknown_code", reason: null });
  });
});
