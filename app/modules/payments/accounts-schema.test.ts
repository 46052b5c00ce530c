import { describe, expect, it } from "vitest";
import { TransferFormSchema } from "./accounts-schema";

describe("the transfer form", () => {
  const parse = (amount: string) => TransferFormSchema.safeParse({ amount, receivedAt: "2027-01-15", note: "" });
  it("reads amounts as Germans and machines write them", () => {
    expect(parse("89").data?.amount).toBe(8900);
    expect(parse("89,5").data?.amount).toBe(8950);
    expect(parse("1.234,50").data?.amount).toBe(123450);
    expect(parse("89.00").data?.amount).toBe(8900);
  });
  it("refuses nothing, zero, negatives and text", () => {
    for (const amount of ["", "0", "-5", "zehn", "1,234,5"]) expect(parse(amount).success, amount).toBe(false);
  });
});
