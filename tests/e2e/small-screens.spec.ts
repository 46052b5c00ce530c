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
