import { describe, expect, it } from "vitest";
import { SECRET_ALPHABET, TICKET_SECRET_LENGTH, newManageToken, newRegistrationReference, newTicketSecret, randomCode } from "./secrets.server";

describe("ticket secrets", () => {
  it("carry at least 128 random bits", () => {
    expect(TICKET_SECRET_LENGTH * Math.log2(SECRET_ALPHABET.length)).toBeGreaterThanOrEqual(128);
    expect(Buffer.from(newManageToken(), "base64url").length * 8).toBeGreaterThanOrEqual(128);
  });

  it("use only characters without look-alikes", () => {
    expect(SECRET_ALPHABET).not.toMatch(/[01ILOU]/);
    expect(newTicketSecret()).toMatch(new RegExp(`^[${SECRET_ALPHABET}]{${TICKET_SECRET_LENGTH}}$`));
    expect(newRegistrationReference()).toMatch(new RegExp(`^[${SECRET_ALPHABET}]{4}-[${SECRET_ALPHABET}]{4}$`));
  });

  it("are unique and spread over the whole alphabet", () => {
    const secrets = new Set(Array.from({ length: 10_000 }, newTicketSecret));
    expect(secrets.size).toBe(10_000);
    const counts = new Map<string, number>();
    for (const char of randomCode(30_000)) counts.set(char, (counts.get(char) ?? 0) + 1);
    expect(counts.size).toBe(SECRET_ALPHABET.length);
    // 1,000 expected per character; a biased mapping would push some far off.
    for (const count of counts.values()) {
      expect(count).toBeGreaterThan(850);
      expect(count).toBeLessThan(1150);
    }
  });
});
