import { describe, expect, it } from "vitest";
import { tally } from "./stats.server";

describe("needs on the dashboard", () => {
  it("counts the people who named a need and groups the same answer however it was typed", () => {
    expect(tally(["vegetarisch", " Vegetarisch", null, "", "vegan", "VEGETARISCH  ", "laktosefrei"], 2)).toEqual({
      people: 5,
      answers: [
        { text: "vegetarisch", count: 3 },
        { text: "laktosefrei", count: 1 },
      ],
    });
  });
});
