// Prints one closing line for the whole suite from the runners' JSON reports: "tests: N passed, N failed".
// The PostgreSQL report is optional: it exists only when a server answered (scripts/ensure-postgres.sh).
import { existsSync, readFileSync } from "node:fs";
const [vitestFile, playwrightFile, postgresFile] = process.argv.slice(2);
const read = (file) => JSON.parse(readFileSync(file, "utf8"));
const vitest = read(vitestFile);
const playwright = read(playwrightFile);
const postgres = postgresFile && existsSync(postgresFile) ? read(postgresFile) : null;
const passed = vitest.numPassedTests + (postgres?.numPassedTests ?? 0) + playwright.stats.expected + playwright.stats.flaky;
const failed = vitest.numFailedTests + (postgres?.numFailedTests ?? 0) + playwright.stats.unexpected;
const skipped = vitest.numPendingTests + vitest.numTodoTests + (postgres ? postgres.numPendingTests + postgres.numTodoTests : 0) + playwright.stats.skipped;
console.log(
  `\nunit+integration (SQLite): ${vitest.numPassedTests} passed; integration (PostgreSQL): ${postgres ? `${postgres.numPassedTests} passed` : "not run, no server"}; end-to-end: ${playwright.stats.expected} passed`,
);
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 ? 1 : 0);
