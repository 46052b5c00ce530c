import { describe, expect, it } from "vitest";
import { neutralise, safeCell } from "./cells";

describe("formula neutralisation", () => {
  it("prefixes text that a spreadsheet would run, and nothing else", () => {
    for (const formula of ["=1+1", "+49 6206", "-2", "@SUM(A1)", "\tTab", "\rCR"]) expect(neutralise(formula)).toBe(`'${formula}`);
    for (const text of ["Müller", "a=b", "", "O'Brien"]) expect(neutralise(text)).toBe(text);
    expect(safeCell(-5)).toBe(-5);
    expect(safeCell(null)).toBeNull();
  });
});
