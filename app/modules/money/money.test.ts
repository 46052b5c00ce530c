import { describe, expect, it } from "vitest";
import { csvAmount, formatAmountInput, formatMoney, MAX_CENTS, parseMoney } from "./money";

/** Every form that takes an amount reads it through parseMoney: German and English input alike, never misread. */
describe("parseMoney", () => {
  const accepted: [string, number][] = [
    ["89", 8900],
    ["89,00", 8900],
    ["89.00", 8900],
    ["0,99", 99],
    ["0.99", 99],
    ["12.5", 1250],
    ["12,5", 1250],
    ["1.234", 123_400], // German thousands: 1.234 €, never 1,23 €
    ["100.000", 10_000_000],
    ["1.528", 152_800],
    ["1.234,5", 123_450],
    ["1.234,50", 123_450],
    ["123.456,78", 12_345_678],
    ["1,234.50", 123_450], // English grouping with a decimal point
    ["1,234", 123_400],
    ["1 234,50", 123_450],
    ["1\u00a0234,50 €", 123_450],
    ["€ 89", 8900],
    ["89 EUR", 8900],
    ["  7 ", 700],
    ["0", 0],
    ["007,5", 750],
  ];
  it.each(accepted)("reads %j as %i cents", (input, cents) => {
    expect(parseMoney(input)).toEqual({ ok: true, cents });
  });

  const refused: [string, string][] = [
    ["", "errors.amountInvalid"],
    ["abc", "errors.amountInvalid"],
    ["12a", "errors.amountInvalid"],
    ["-5", "errors.amountNegative"],
    ["-1.234,50", "errors.amountNegative"],
    ["−5", "errors.amountNegative"],
    ["0,999", "errors.amountTooManyDecimals"],
    ["1.2345", "errors.amountTooManyDecimals"],
    ["1,234.567", "errors.amountTooManyDecimals"],
    ["12.34.5", "errors.amountInvalid"],
    ["1.23.456", "errors.amountInvalid"],
    ["12.", "errors.amountInvalid"],
    [",5", "errors.amountInvalid"],
    ["1e5", "errors.amountInvalid"],
    ["0x10", "errors.amountInvalid"],
    ["1.000.001", "errors.amountTooLarge"],
    ["99999999999999999999", "errors.amountTooLarge"],
  ];
  it.each(refused)("refuses %j with %s", (input, error) => {
    expect(parseMoney(input)).toEqual({ ok: false, error });
  });

  it("keeps to the form's own maximum", () => {
    expect(parseMoney("100,01", { maxCents: 10_000 })).toEqual({ ok: false, error: "errors.amountTooLarge" });
    expect(parseMoney("100,00", { maxCents: 10_000 })).toEqual({ ok: true, cents: 10_000 });
    expect(parseMoney("1.000.000")).toEqual({ ok: true, cents: MAX_CENTS });
  });
});

describe("formatting money", () => {
  it("shows amounts in German and English notation", () => {
    expect(formatMoney(123_450, "de")).toBe("1.234,50\u00a0€");
    expect(formatMoney(123_450, "en")).toBe("€1,234.50");
    expect(formatMoney(-2500, "de")).toBe("-25,00\u00a0€");
  });
  it("prefills a field with what parseMoney reads back as the same cents", () => {
    for (const cents of [0, 1, 99, 8900, 123_450, 10_000_000]) {
      for (const language of ["de", "en"] as const) {
        const shown = formatAmountInput(cents, language);
        expect(parseMoney(shown)).toEqual({ ok: true, cents });
      }
    }
    expect(formatAmountInput(123_450, "de")).toBe("1234,50");
  });
  it("writes CSV amounts as German Excel reads numbers", () => {
    expect(csvAmount(26_970)).toBe("269,70");
    expect(csvAmount(1250)).toBe("12,50");
    expect(csvAmount(123_456_789)).toBe("1234567,89");
  });
});
