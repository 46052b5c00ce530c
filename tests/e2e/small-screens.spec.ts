import { expect, test } from "@playwright/test";
import { EVENT_PATH, REGISTER_PATH } from "./support/helpers";

/**
 * WCAG 1.4.10 (reflow): at 320 CSS px the public pages need no sideways scrolling, in German and in
 * English (the browser's language picks it on a first visit).
 */
for (const locale of ["de-DE", "en-GB"]) {
  test.describe(`at 320 px in ${locale}`, () => {
    test.use({ viewport: { width: 320, height: 640 }, locale });
    for (const path of ["/", EVENT_PATH, REGISTER_PATH]) {
      test(`${path} reflows`, async ({ page }) => {
        await page.goto(path);
        await expect(page.locator("html")).toHaveAttribute("lang", locale.slice(0, 2));
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, "pixels of sideways scrolling").toBeLessThanOrEqual(0);
      });
    }
  });
}

/**
 * WCAG 1.4.4 (resize text): with the text at 200 % (the browser's font size doubled) on a 1280 px screen, the
 * public and legal pages lose nothing sideways either.
 */
test.describe("at 200 % text size", () => {
  test.use({ viewport: { width: 1280, height: 800 }, locale: "de-DE" });
  for (const path of ["/", EVENT_PATH, REGISTER_PATH, "/barrierefreiheit", "/leichte-sprache", "/manage-link", "/verify"]) {
    test(`${path} keeps everything`, async ({ page }) => {
      await page.goto(path);
      await page.evaluate(() => {
        document.documentElement.style.fontSize = "200%";
      });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, "pixels of sideways scrolling").toBeLessThanOrEqual(0);
    });
  }
});

test.describe("legal and self-service pages at 320 px", () => {
  test.use({ viewport: { width: 320, height: 640 }, locale: "de-DE" });
  for (const path of ["/impressum", "/datenschutz", "/barrierefreiheit", "/leichte-sprache", "/manage-link", "/verify"]) {
    test(`${path} reflows`, async ({ page }) => {
      await page.goto(path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, "pixels of sideways scrolling").toBeLessThanOrEqual(0);
    });
  }
});
