import { describe, expect, it } from "vitest";
import { HIDDEN, suppressSmallGroups, suppressedTotal } from "./suppression";

describe("small groups in the funding report", () => {
  it("hide counts of 1 to 4, keep 0 and 5 or more", () => {
    expect(
      suppressSmallGroups(
        [
          ["a", 0],
          ["b", 3],
          ["c", 5],
          ["d", 4],
        ],
        [1],
      ),
    ).toEqual([
      ["a", 0],
      ["b", HIDDEN],
      ["c", 5],
      ["d", HIDDEN],
    ]);
  });

  it("hide the next smallest count too when only one is hidden, so the total does not give it away", () => {
    expect(
      suppressSmallGroups(
        [
          ["a", 2],
          ["b", 9],
          ["c", 7],
          ["d", 0],
        ],
        [1],
      ),
    ).toEqual([
      ["a", HIDDEN],
      ["b", 9],
      ["c", HIDDEN],
      ["d", 0],
    ]);
  });

  it("hide what is derived from a hidden count (a fill rate) and small totals", () => {
    expect(
      suppressSmallGroups(
        [
          ["a", 3, 10],
          ["b", 4, 13.3],
        ],
        [1],
        { 1: [2] },
      ),
    ).toEqual([
      ["a", HIDDEN, HIDDEN],
      ["b", HIDDEN, HIDDEN],
    ]);
    expect(suppressedTotal(4)).toEqual(HIDDEN);
    expect(suppressedTotal(0)).toBe(0);
    expect(suppressedTotal(12)).toBe(12);
  });
});
