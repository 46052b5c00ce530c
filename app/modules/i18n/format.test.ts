import { describe, expect, it } from "vitest";
import { berlinInputValue, berlinTimeToUtc, formatDate, formatDateTime, formatMoney, formatTimeRange, ticketTypeWithPrice } from "./format";

describe("Berlin wall-clock time", () => {
  it("converts summer and winter times to the right UTC instant, whatever the server's zone", () => {
    expect(berlinTimeToUtc("2027-05-16T09:30").toISOString()).toBe("2027-05-16T07:30:00.000Z");
    expect(berlinTimeToUtc("2027-01-16T09:30").toISOString()).toBe("2027-01-16T08:30:00.000Z");
    // The day summer time starts (02:00 → 03:00) and ends (03:00 → 02:00).
    expect(berlinTimeToUtc("2027-03-28T12:00").toISOString()).toBe("2027-03-28T10:00:00.000Z");
    expect(berlinTimeToUtc("2027-10-31T12:00").toISOString()).toBe("2027-10-31T11:00:00.000Z");
  });

  it("rejects anything but YYYY-MM-DDTHH:mm", () => {
    expect(() => berlinTimeToUtc("16.05.2027 09:30")).toThrow();
  });
});

describe("German and English formats", () => {
  const start = new Date("2027-05-16T07:30:00Z");
  const end = new Date("2027-05-16T15:30:00Z");
  it("shows dates and times in Europe/Berlin", () => {
    expect(formatDate(start, "de")).toBe("Sonntag, 16. Mai 2027");
    expect(formatDate(start, "en")).toMatch(/^Sunday,? 16 May 2027$/);
    expect(formatTimeRange(start, end, "de")).toBe("09:30–17:30");
    expect(formatDateTime(start, "de")).toBe("16.05.2027, 09:30 Uhr");
  });
  it("shows money with a decimal comma in German", () => {
    expect(formatMoney(8900, "de")).toBe("89,00\u00a0€");
    expect(formatMoney(8900, "en")).toBe("€89.00");
  });
});

describe("berlinInputValue", () => {
  it("is the inverse of berlinTimeToUtc in summer and winter", () => {
    for (const local of ["2027-05-16T09:30", "2027-01-10T23:45", "2026-10-25T01:30"]) expect(berlinInputValue(berlinTimeToUtc(local))).toBe(local);
    expect(berlinInputValue(null)).toBe("");
  });
});

describe("ticketTypeWithPrice", () => {
  it("adds the price unless the name already says it", () => {
    expect(ticketTypeWithPrice("Fachpublikum (kostenfrei)", 0, "de", "kostenfrei")).toBe("Fachpublikum (kostenfrei)");
    expect(ticketTypeWithPrice("Studierende", 0, "de", "kostenfrei")).toBe("Studierende – kostenfrei");
    expect(ticketTypeWithPrice("Regulär", 8900, "de", "kostenfrei")).toBe("Regulär – 89,00\u00a0€");
  });
});
