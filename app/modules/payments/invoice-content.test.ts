import { describe, expect, it } from "vitest";
import { documentTotals, splitGross, vatOf, type InvoiceLine } from "./invoice-content";

const line = (grossCents: number, ratePercent: number): InvoiceLine => ({
  description: "Ticket",
  quantity: 1,
  unitGrossCents: grossCents,
  grossCents,
  netCents: splitGross(grossCents, ratePercent).netCents,
  attendeeId: null,
});

/** EN 16931 BR-CO-17: VAT is the taxable amount × rate, rounded once; the total stays what the gross prices add up to. */
describe("document totals", () => {
  it("computes VAT on the sum of the nets: 3 × 89,90 € at 19 % is 43,06 € VAT, not the 43,05 € of three rounded lines", () => {
    const totals = documentTotals([line(8990, 19), line(8990, 19), line(8990, 19)], 19);
    expect(totals).toMatchObject({ grossCents: 26_970, netCents: 22_664, taxCents: 4306, roundingCents: 0 });
    expect(vatOf(totals.netCents, 19)).toBe(4306); // 226,64 € × 19 % = 43,0616 €
    expect(totals.lines.map((entry) => entry.netCents)).toEqual([7555, 7555, 7554]);
    expect(totals.lines.reduce((sum, entry) => sum + entry.netCents, 0)).toBe(totals.netCents);
  });

  it("holds for every total: net + VAT(net) + rounding = the gross sum, the rounding a cent at most and only where no net fits", () => {
    for (const rate of [7, 19]) {
      let rounded = 0;
      for (let gross = 1; gross <= 30_000; gross += 7) {
        const lines = [line(gross, rate), line(gross + 13, rate), line(4500, rate), ...Array.from({ length: gross % 10 }, () => line(8990, rate))];
        const sum = lines.reduce((total, entry) => total + entry.grossCents, 0);
        const totals = documentTotals(lines, rate);
        expect(totals.taxCents).toBe(vatOf(totals.netCents, rate));
        expect(totals.netCents + totals.taxCents + totals.roundingCents).toBe(sum);
        expect(totals.lines.reduce((total, entry) => total + entry.netCents, 0)).toBe(totals.netCents);
        expect(Math.abs(totals.roundingCents)).toBeLessThanOrEqual(1);
        if (totals.roundingCents !== 0) {
          rounded++;
          // No net amount gives this total exactly (VAT rounding skips it).
          for (let net = totals.netCents - 3; net <= totals.netCents + 3; net++) expect(net + vatOf(net, rate)).not.toBe(sum);
        }
      }
      expect(rounded, `totals needing a rounding cent at ${rate} %`).toBeGreaterThan(0);
    }
  });

  it("leaves exempt documents alone and rounds VAT half up, also for credits", () => {
    expect(documentTotals([line(8900, 0)], 0)).toMatchObject({ netCents: 8900, taxCents: 0, roundingCents: 0 });
    expect(vatOf(50, 19)).toBe(10); // 9,5 ct → 10 ct
    expect(vatOf(-50, 19)).toBe(-10);
  });
});
