import { existsSync } from "node:fs";

/**
 * The Chromium the end-to-end tests drive: KONGRESS_CHROMIUM if set, else Debian's /usr/bin/chromium
 * (scripts/test.sh installs it), else Playwright's own browser where one is installed.
 */
export const chromiumExecutable = process.env.KONGRESS_CHROMIUM ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
