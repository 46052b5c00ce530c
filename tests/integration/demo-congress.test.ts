import { describe, expect, it } from "vitest";
import { nextSixteenthOfMay } from "../../prisma/demo-congress";

describe("the demo congress's date", () => {
  it("is the next 16 May that falls on a working day", () => {
    expect(nextSixteenthOfMay(new Date("2026-11-25T12:00:00Z"))).toBe("2028-05-16"); // 2027-05-16 is a Sunday
    expect(nextSixteenthOfMay(new Date("2028-05-15T12:00:00Z"))).toBe("2028-05-16");
    expect(nextSixteenthOfMay(new Date("2028-05-16T12:00:00Z"))).toBe("2029-05-16"); // a Wednesday
    expect(nextSixteenthOfMay(new Date("2031-01-01T00:00:00Z"))).toBe("2031-05-16"); // a Friday; 2032 would be a Sunday
  });
});
