import { expect, test } from "@playwright/test";
import { EVENT_PATH, REGISTER_PATH, fillPerson, signIn, uniqueEmail } from "./support/helpers";
import { expectNoViolations } from "./support/axe";

for (const language of ["de", "en"] as const) {
  test.describe(`public pages in ${language}`, () => {
    test.beforeEach(async ({ page }) => {
      if (language === "en") {
        await page.goto("/");
        await page.getByRole("button", { name: "Switch to English" }).click();
        await expect(page.locator("html")).toHaveAttribute("lang", "en");
      }
    });

    test("event list, event page and empty registration form", async ({ page }) => {
      await page.goto("/");
      await expectNoViolations(page, "event list");
      await page.goto(EVENT_PATH);
      await expectNoViolations(page, "event page");
      await page.goto(REGISTER_PATH);
      await expectNoViolations(page, "registration form");
    });

    test("registration form with errors", async ({ page }) => {
      await page.goto(REGISTER_PATH);
      const submit = language === "de" ? "Verbindlich anmelden" : "Register";
      await page.getByRole("button", { name: submit, exact: true }).click();
      await expect(page.getByRole("alert")).toBeVisible();
      await expectNoViolations(page, "registration form with errors");
    });

    test("confirmation page", async ({ page }) => {
      const submit = language === "de" ? "Verbindlich anmelden" : "Register";
      await page.goto(REGISTER_PATH);
      await page.locator("input[name=ticketTypeId]").first().check();
      await page.locator("input[name=contactEmail]").fill(uniqueEmail("a11y"));
      if (language === "de") {
        await fillPerson(page, 1, { firstName: "Ada", lastName: "Barrierefrei", email: uniqueEmail("ada"), organisation: "Kreis Bergstraße" });
      } else {
        await page.locator("input[name='attendees[0].firstName']").fill("Ada");
        await page.locator("input[name='attendees[0].lastName']").fill("Accessible");
        await page.locator("input[name='attendees[0].email']").fill(uniqueEmail("ada"));
        await page.locator("input[name='attendees[0].organisation']").fill("Kreis Bergstraße");
      }
      await page.locator("input[name=privacyConsent]").check();
      await page.getByRole("button", { name: submit, exact: true }).click();
      await expect(page).toHaveURL(/\/registrations\//);
      await expectNoViolations(page, "confirmation page");
    });

    test("not-found page and the team sign-in", async ({ page }) => {
      await page.goto("/gibt-es-nicht");
      await expectNoViolations(page, "not-found page");

      // The team sign-in (check-in staff use it on phones at the door), empty and with an error.
      await page.goto("/admin/login");
      await expectNoViolations(page, "sign-in page");
      await page.locator("input[name=email]").fill("niemand@example.org");
      await page.locator("input[name=password]").fill("falsch");
      await page.locator("form button[type=submit]").last().click();
      await expect(page.getByRole("alert")).toBeVisible();
      await expectNoViolations(page, "sign-in page with an error");
    });
  });
}

test("check-in pages: the list chooser, the scanner, its answer and the name search", async ({ page }) => {
  await signIn(page, { email: "orga@e2e.example", password: "e2e-organiser-password" });
  await page.goto("/checkin");
  await expectNoViolations(page, "check-in lists");
  await page.getByRole("link", { name: /Einlass Bürgerhaus/ }).click();
  await expect(page.getByLabel("Ticketcode (Handscanner oder Eingabe)")).toBeFocused();
  await expectNoViolations(page, "scanner");
  await page.keyboard.type("K1:AAAAAAAAAAAAAAAAAAAAAAAAAAA");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("alert")).toHaveAttribute("data-result", "unknown_code");
  await expectNoViolations(page, "scanner answer");
  // The answer goes by itself, leaving the page ready for the next person.
  await expect(page.getByRole("alert")).toBeHidden({ timeout: 10_000 });
  await page.getByLabel("Nach Name, Organisation oder Ticketnummer suchen").fill("Müller");
  await page.getByRole("button", { name: "Suchen" }).click();
  await expect(page).toHaveURL(/q=M/);
  await expectNoViolations(page, "name search");
});

test("team pages: own account with a refused change, and the team page with a password reset open", async ({ page }) => {
  await signIn(page, { email: "orga@e2e.example", password: "e2e-organiser-password" });
  await page.goto("/admin/account");
  await expect(page).toHaveTitle("Mein Konto – Kongress");
  await page.getByRole("button", { name: "Passwort ändern" }).click();
  await expect(page.getByLabel("Bisheriges Passwort")).toHaveAttribute("aria-invalid", "true");
  await expectNoViolations(page, "account page with errors");
  await page.goto("/admin/staff");
  await page.getByText("Neues Passwort setzen").first().click();
  await expectNoViolations(page, "team page");
});

/**
 * Every back-office page and the states a visit leaves it in, in both languages and at desktop and phone width
 * (check-in staff and organisers use phones at the door and the bus).
 */
const BACK_OFFICE = [
  "/admin",
  "/admin/attendees",
  "/admin/approvals",
  "/admin/payments?show=all",
  "/admin/scans",
  "/admin/messages",
  "/admin/events",
  "/admin/mail",
  "/admin/staff",
  "/admin/legal",
  "/admin/audit",
  "/admin/account",
];
// Each language once and each width once: the back office's layout does not depend on its language, and the
// four combinations took three minutes of the suite (the public and check-in pages keep all four).
for (const [language, width] of [
  ["de", 1280],
  ["en", 375],
] as const) {
  test(`back office in ${language} at ${width} px: every page, the attendee and event editors`, async ({ page }) => {
    // Twenty-odd pages, each scanned by axe: 57–59 s in three CI runs, and over the default 60 s in a fourth on a
    // busier machine. Its time is the pages', not a hang's.
    test.setTimeout(150_000);
    // Someone to look at, whatever ran before.
    await page.goto(REGISTER_PATH);
    await page.getByRole("radio", { name: /Fachpublikum/ }).check();
    const email = uniqueEmail("bo");
    await page.getByLabel("E-Mail-Adresse für Bestätigung und Änderungen").fill(email);
    await fillPerson(page, 1, { firstName: "Bea", lastName: "Backoffice", email, organisation: "Kreis Bergstraße" });
    await page.getByLabel(/Ich habe den Datenschutzhinweis gelesen/).check();
    await page.getByRole("button", { name: "Verbindlich anmelden" }).click();
    await expect(page).toHaveURL(/\/registrations\//);
    await page.setViewportSize({ width, height: 900 });
    await signIn(page, { email: "orga@e2e.example", password: "e2e-organiser-password" });
    if (language === "en") {
      await page.getByRole("button", { name: "Switch to English" }).click();
      await expect(page.locator("html")).toHaveAttribute("lang", "en");
    }
    for (const path of BACK_OFFICE) {
      await page.goto(path);
      await expectNoViolations(page, `${path} (${language}, ${width} px)`);
    }
    await page.goto("/admin/attendees");
    await page.locator("table a[href^='/admin/attendees/']").first().click();
    await page.waitForURL(/\/admin\/attendees\/c[a-z0-9]+$/);
    await expectNoViolations(page, `attendee detail (${language}, ${width} px)`);
    await page.goto("/admin/events");
    await page.locator("main a[href^='/admin/events/c']").first().click();
    await page.waitForURL(/\/admin\/events\/c[a-z0-9]+$/);
    await expectNoViolations(page, `event editor (${language}, ${width} px)`);
    await page.locator("main a[href*='/items/c']").first().click();
    await page.waitForURL(/\/items\/c[a-z0-9]+$/);
    await expectNoViolations(page, `programme item editor (${language}, ${width} px)`);
    await page.goto("/admin/messages/new");
    await expectNoViolations(page, `new message (${language}, ${width} px)`);
  });
}

test("a person registers with the keyboard alone", async ({ page }) => {
  await page.goto(REGISTER_PATH);
  // Tab from the top of the page to the first ticket type and choose it with the arrow keys' group.
  const ticket = page.getByRole("radio", { name: /Fachpublikum/ });
  for (let presses = 0; presses < 40 && !(await ticket.evaluate((element) => element === document.activeElement)); presses++) await page.keyboard.press("Tab");
  await expect(ticket).toBeFocused();
  await page.keyboard.press("Space");
  await expect(ticket).toBeChecked();
  const fill = async (text: string) => {
    await page.keyboard.press("Tab");
    await page.keyboard.type(text);
  };
  // Radio groups take one Tab stop; the next stops are the contact address and person 1's fields, in order.
  await fill(uniqueEmail("tastatur"));
  await fill("Tamara");
  await fill("Tastatur");
  await fill(uniqueEmail("tamara"));
  await fill("Stadt Lampertheim");
  await expect(page.getByRole("group", { name: "Person 1", exact: true }).getByLabel("Organisation / Kommune")).toHaveValue("Stadt Lampertheim");
  const consent = page.getByLabel(/Ich habe den Datenschutzhinweis gelesen/);
  for (let presses = 0; presses < 80 && !(await consent.evaluate((element) => element === document.activeElement)); presses++) await page.keyboard.press("Tab");
  await expect(consent).toBeFocused();
  await page.keyboard.press("Space");
  const submit = page.getByRole("button", { name: "Verbindlich anmelden" }).last();
  for (let presses = 0; presses < 10 && !(await submit.evaluate((element) => element === document.activeElement)); presses++) await page.keyboard.press("Tab");
  await expect(submit).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "Sie sind angemeldet" })).toBeVisible();
});
