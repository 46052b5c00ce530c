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
  it("reads a German thousands point as thousands, never as a decimal point (was 1,23 € for 1.234)", () => {
    expect(parse("1.234").data?.amount).toBe(123_400);
    expect(parse("100.000").data?.amount).toBe(10_000_000);
    expect(parse("1.528").data?.amount).toBe(152_800);
  });
  it("refuses nothing, zero, negatives and text", () => {
    for (const amount of ["", "0", "-5", "zehn", "1,234,5", "0,999"]) expect(parse(amount).success, amount).toBe(false);
    expect(parse("0").error?.issues[0]?.message).toBe("errors.amountNotPositive");
    expect(parse("-5").error?.issues[0]?.message).toBe("errors.amountNegative");
  });
});
