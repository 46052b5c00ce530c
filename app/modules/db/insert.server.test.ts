import { describe, expect, it } from "vitest";
import { newId } from "./insert.server";

describe("newId", () => {
  it("gives distinct ids in cuid's shape across many refills of its random pool, their time part in order", () => {
    const ids = Array.from({ length: 10_000 }, () => newId());
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^c[0-9a-z]{28}$/);
    const times = ids.map((id) => id.slice(1, 10));
    expect([...times].sort()).toEqual(times);
    // No two ids share their random part, refills included.
    expect(new Set(ids.map((id) => id.slice(10))).size).toBe(ids.length);
  });
});
