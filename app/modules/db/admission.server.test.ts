import { describe, expect, it } from "vitest";
import { admission } from "./admission.server";

describe("admission", () => {
  it("runs at most the limit at once, all of them in the order they came, and goes on after a failure", async () => {
    const admit = admission(3);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, n) =>
        admit(async () => {
          started.push(n);
          running++;
          most = Math.max(most, running);
          await new Promise((resolve) => setTimeout(resolve, 5));
          running--;
          if (n === 4) throw new Error("refused");
          return n;
        }),
      ),
    );
    expect(most).toBe(3);
    expect(started).toEqual(Array.from({ length: 20 }, (_, n) => n));
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(19);
    // The place of the failed one was handed on: a later call starts at once.
    expect(await admit(async () => "next")).toBe("next");
  });
});
