import { afterEach, vi } from "vitest";

// A test that makes the code log an error fails, so errors cannot hide behind passing assertions.
const errors: unknown[][] = [];
vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
  errors.push(args);
});
afterEach(() => {
  if (errors.length > 0) {
    const logged = errors
      .splice(0)
      .map((args) => args.map(String).join(" "))
      .join("\n");
    throw new Error(`console.error was called:\n${logged}`);
  }
});
