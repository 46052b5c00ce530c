import { existsSync, readFileSync } from "node:fs";

/** Shows what the server wrote to stderr during the end-to-end tests (playwright.config.ts sends it to a file). */
export default function printServerErrors() {
  const file = ".tmp/e2e/server.err";
  const written = existsSync(file) ? readFileSync(file, "utf8").trim() : "";
  if (written) console.log(`\nThe server wrote to stderr during the end-to-end tests:\n${written}\n`);
}
