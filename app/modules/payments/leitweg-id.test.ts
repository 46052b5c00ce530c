import { describe, expect, it } from "vitest";
import { isValidLeitwegId } from "./leitweg-id";
import { parseAddress, splitGross } from "./invoice-content";

describe("Leitweg-IDs", () => {
  it("accepts well-formed ids whose check digits add up", () => {
    expect(isValidLeitwegId("991-33333TEST-33")).toBe(true);
    expect(isValidLeitwegId("991-33333test-33")).toBe(true);
  });
  it("refuses a mistyped digit, a wrong shape or rubbish", () => {
    expect(isValidLeitwegId("991-33333TEST-34")).toBe(false);
    expect(isValidLeitwegId("991-33334TEST-33")).toBe(false);
    expect(isValidLeitwegId("99133333TEST33")).toBe(false);
    expect(isValidLeitwegId("<script>")).toBe(false);
  });
});

describe("invoice amounts and addresses", () => {
  it("takes VAT out of gross prices to the cent", () => {
    expect(splitGross(8900, 19)).toEqual({ netCents: 7479, taxCents: 1421 });
    expect(splitGross(8900, 0)).toEqual({ netCents: 8900, taxCents: 0 });
    expect(splitGross(10700, 7)).toEqual({ netCents: 10000, taxCents: 700 });
  });
  it("reads name, street, postcode and city from a typed address", () => {
    expect(parseAddress("Stadt Bürstadt\nFachbereich 3\nRathausstraße 2\n68642 Bürstadt", "x")).toEqual({
      name: "Stadt Bürstadt",
      lines: ["Fachbereich 3", "Rathausstraße 2"],
      postcode: "68642",
      city: "Bürstadt",
      country: "DE",
    });
    expect(parseAddress("  ", "kontakt@example.org").name).toBe("kontakt@example.org");
  });
});

describe("IBANs", () => {
  it("accepts a correct IBAN with or without spaces and refuses a mistyped one", async () => {
    const { isValidIban } = await import("./iban");
    expect(isValidIban("DE02 5001 0517 0137 0750 30")).toBe(true);
    expect(isValidIban("DE02500105170137075031")).toBe(false);
    expect(isValidIban("DE02")).toBe(false);
  });
});
