import { describe, expect, it } from "vitest";
import { recentlyUsed } from "./recently-used.server";

describe("recently used values", () => {
  it("makes a value once while its key is among the last used, and drops the least recently used first", () => {
    const made: string[] = [];
    const upper = recentlyUsed(2, (key) => (made.push(key), key.toUpperCase()));
    expect([upper("a"), upper("b"), upper("a")]).toEqual(["A", "B", "A"]);
    expect(made).toEqual(["a", "b"]);
    upper("c"); // "b" was used least recently: dropped, "a" kept
    upper("a");
    upper("b");
    expect(made).toEqual(["a", "b", "c", "b"]);
  });
});
