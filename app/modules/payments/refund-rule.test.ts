import { describe, expect, it } from "vitest";
import { refundFor } from "./refund-rule";

describe("the refund rule of a cancelled paid ticket", () => {
  const until = new Date("2027-04-01T22:00:00Z");
  it("gives everything back under 'full', whenever", () => {
    expect(refundFor({ refundRule: "full", refundUntil: until, cancellationFeeCents: 2500 }, 8900, new Date("2027-05-01"))).toBe(8900);
  });
  it("gives everything back until the date and nothing after under 'until_date'", () => {
    const rule = { refundRule: "until_date", refundUntil: until, cancellationFeeCents: 0 };
    expect(refundFor(rule, 8900, new Date("2027-04-01T21:59:59Z"))).toBe(8900);
    expect(refundFor(rule, 8900, new Date("2027-04-01T22:00:01Z"))).toBe(0);
  });
  it("keeps the fee after the date under 'fee', never more than the price", () => {
    const rule = { refundRule: "fee", refundUntil: until, cancellationFeeCents: 2500 };
    expect(refundFor(rule, 8900, new Date("2027-03-01"))).toBe(8900);
    expect(refundFor(rule, 8900, new Date("2027-05-01"))).toBe(6400);
    expect(refundFor({ ...rule, cancellationFeeCents: 10_000 }, 8900, new Date("2027-05-01"))).toBe(0);
  });
});
