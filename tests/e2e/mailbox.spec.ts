import { expect, test } from "@playwright/test";
import { REGISTER_PATH, expectOnConfirmation, fillPerson, uniqueEmail } from "./support/helpers";

test("an organiser signs in and reads the captured confirmation mail, rendered", async ({ page }) => {
  const contact = uniqueEmail("mailbox");
  await page.goto(REGISTER_PATH);
  await page.getByRole("radio", { name: /Fachpublikum/ }).check();
  await page.getByLabel("E-Mail-Adresse für Bestätigung und Änderungen").fill(contact);
  await fillPerson(page, 1, { firstName: "Mira", lastName: "Postfach", email: contact, organisation: "Gemeinde Biblis" });
  await page.getByLabel(/Ich habe den Datenschutzhinweis gelesen/).check();
  await page.getByRole("button", { name: "Verbindlich anmelden" }).click();
  await expectOnConfirmation(page);

  // Without a session the back office sends you to the sign-in page, and back after it.
  await page.goto("/admin/mail");
  await expect(page).toHaveURL(/\/admin\/login\?redirectTo=%2Fadmin%2Fmail/);
  await page.getByLabel("E-Mail-Adresse").fill("orga@e2e.example");
  await page.getByLabel("Passwort").fill("falsch");
  await page.getByRole("button", { name: "Anmelden" }).click();
  await expect(page.getByRole("alert")).toHaveText("E-Mail-Adresse oder Passwort stimmen nicht.");
  await expect(page.getByLabel("E-Mail-Adresse")).toHaveValue("orga@e2e.example");
  await page.getByLabel("Passwort").fill("e2e-organiser-password");
  await page.getByRole("button", { name: "Anmelden" }).click();
  await expect(page).toHaveURL(/\/admin\/mail$/);

  // The worker has rendered the mail by now (it polls every half second).
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("row", { name: new RegExp(contact) })).toContainText("erfasst, nicht versendet");
  }).toPass({ timeout: 15_000 });
  await page.getByRole("link", { name: contact }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Anmeldebestätigung: Fachkongress zur sozialen Quartiersentwicklung");
  const preview = page.frameLocator("iframe[title='Vorschau der E-Mail']");
  await expect(preview.getByRole("heading", { name: "Ticket für Mira Postfach" })).toBeVisible();
  // Styled as the attendee sees it: the mail's inline styles apply (the app's policy once blocked all 21 of them).
  await expect(preview.getByRole("heading", { level: 1 })).toHaveCSS("font-size", "22px");
  const violations: string[] = [];
  page.on("console", (entry) => {
    if (/Content Security Policy/.test(entry.text())) violations.push(entry.text());
  });
  await page.reload();
  await expect(preview.getByRole("heading", { level: 1 })).toHaveCSS("font-size", "22px");
  expect(violations).toEqual([]);
  // The inline QR code shows (its cid: reference resolved to the attached image).
  await expect(preview.getByRole("img", { name: "QR-Code des Tickets für Mira Postfach" })).toBeVisible();
  await expect(page.getByText(/kalender-.*\.ics \(text\/calendar/)).toBeVisible();

  await page.getByRole("button", { name: "Abmelden" }).click();
  await expect(page).toHaveURL(/\/admin\/login$/);
  await page.goto("/admin/mail");
  await expect(page).toHaveURL(/\/admin\/login/);
});
