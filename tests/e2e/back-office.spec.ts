import { expect, test, type Page } from "@playwright/test";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { readFileSync } from "node:fs";
import { REGISTER_PATH, expectOnConfirmation, fillPerson, signIn, uniqueEmail } from "./support/helpers";

/** An organiser's day: the dashboard, finding a person, correcting them, moving their bus, cancelling. */
const run = Date.now().toString(36).toUpperCase();
type Person = { firstName: string; lastName: string; email: string; organisation: string };
const person: Person = { firstName: "Käthe", lastName: `Büro-${run}`, email: uniqueEmail("kaethe"), organisation: "Kreis Bergstraße" };
const exported: Person = { firstName: "Ödön", lastName: `Ausfuhr-${run}`, email: uniqueEmail("oedoen"), organisation: "Gemeinde Groß-Rohrheim" };

async function register(page: Page, person: Person) {
  await page.goto(REGISTER_PATH);
  await page.getByRole("radio", { name: /Fachpublikum \(kostenfrei\)/ }).check();
  await page.getByLabel("E-Mail-Adresse für Bestätigung und Änderungen").fill(person.email);
  const group = await fillPerson(page, 1, person);
  await group
    .getByRole("group", { name: /Exkursionen/ })
    .getByRole("radio", { name: /Exkursion Lampertheim/ })
    .check();
  await page.getByLabel(/Ich habe den Datenschutzhinweis gelesen/).check();
  await page.getByRole("button", { name: "Verbindlich anmelden" }).click();
  await expectOnConfirmation(page);
}

test("an organiser finds, corrects, rebooks and cancels an attendee", async ({ page }) => {
  await register(page, person);
  await signIn(page, { email: "orga@e2e.example", password: "e2e-organiser-password" });
  await expect(page.getByRole("heading", { level: 1, name: "Fachkongress zur sozialen Quartiersentwicklung" })).toBeVisible();
  await expect(page.getByRole("img", { name: /Anmeldungen im Zeitverlauf/ })).toBeVisible();
  await expect(page.getByRole("link", { name: /Exkursion Lampertheim/ })).toBeVisible();
  await expect(page.getByRole("link", { name: "Einlass Bürgerhaus" })).toBeVisible();

  await page.getByRole("navigation").getByRole("link", { name: "Teilnehmende" }).click();
  await page.getByLabel("Name, E-Mail, Organisation oder Ticketnummer").fill(person.lastName);
  await page.getByRole("button", { name: "Anwenden" }).click();
  await expect(page.getByText("1 Person", { exact: true })).toBeVisible();
  const row = page.getByRole("row", { name: new RegExp(person.lastName) });
  await expect(row).toContainText("Exkursion Lampertheim");
  await expect(row).toContainText("bestätigt");
  // Sorting and filters stay in the URL.
  await page.getByRole("link", { name: "Organisation" }).click();
  await expect(page).toHaveURL(/sort=organisation/);
  await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(person.lastName)}`));
  await row.getByRole("link").click();

  // A bad address is refused next to its field, and what was typed stays.
  await expect(page.getByRole("heading", { level: 1, name: `${person.firstName} ${person.lastName}` })).toBeVisible();
  await page.getByLabel("Organisation / Kommune").fill("Stadt Bensheim");
  await page.getByLabel("E-Mail-Adresse").fill("keine-adresse");
  await page.getByRole("button", { name: "Speichern" }).click();
  await expect(page.getByLabel("E-Mail-Adresse")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Organisation / Kommune")).toHaveValue("Stadt Bensheim");
  await page.getByLabel("E-Mail-Adresse").fill(person.email);
  await page.getByRole("button", { name: "Speichern" }).click();
  await expect(page.getByText("Die Angaben wurden gespeichert.")).toBeVisible();
  await expect(page.getByLabel("Organisation / Kommune")).toHaveValue("Stadt Bensheim");

  // Move the site visit to another bus.
  const busSelect = page.getByRole("combobox", { name: /Exkursionen/ });
  await expect(busSelect).toHaveValue(/.+/);
  const biblis = busSelect.locator("option", { hasText: "Exkursion Biblis" });
  await busSelect.selectOption(await biblis.getAttribute("value"));
  await page.getByRole("button", { name: /Buchung ändern.*Exkursionen/ }).click();
  await expect(page.getByText(/Die Buchung wurde geändert/)).toBeVisible();

  // Cancelling needs the tick.
  await page.getByRole("button", { name: "Teilnahme stornieren" }).click();
  await expect(page.getByText("Bitte bestätigen Sie die Stornierung mit dem Häkchen.")).toBeVisible();
  await page.getByLabel(/Ja, diese Teilnahme stornieren/).check();
  await page.getByRole("button", { name: "Teilnahme stornieren" }).click();
  await expect(page.getByText(/Die Teilnahme wurde storniert/)).toBeVisible();
  await expect(page.locator(".event-facts")).toContainText("storniert");

  // The mailbox has the cancellation for the person.
  await page.goto("/admin/mail");
  await expect(page.getByRole("row", { name: new RegExp(person.email) }).first()).toBeVisible();
});

test("an organiser adds a ticket type; a bad price is refused next to its field and the input stays", async ({ page }) => {
  await signIn(page, { email: "orga@e2e.example", password: "e2e-organiser-password" });
  await page.getByRole("navigation").getByRole("link", { name: "Veranstaltungen" }).click();
  await page.getByRole("link", { name: "Fachkongress zur sozialen Quartiersentwicklung" }).click();
  await page.getByRole("link", { name: "Ticketart hinzufügen" }).click();
  const name = `Presse ${run}`;
  await page.getByLabel("Name (deutsch)").fill(name);
  await page.getByLabel("Preis in Euro").fill("zwölf");
  await page.getByLabel("Plätze").fill("20");
  await page.getByRole("button", { name: "Speichern" }).click();
  await expect(page.getByLabel("Preis in Euro")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Preis in Euro")).toBeFocused();
  await expect(page.getByText("Bitte einen Betrag wie 89,00 oder 1.234,50 eingeben.")).toBeVisible();
  await expect(page.getByLabel("Name (deutsch)")).toHaveValue(name);
  await page.getByLabel("Preis in Euro").fill("0");
  await page.getByRole("button", { name: "Speichern" }).click();
  await expect(page.getByText("Gespeichert.")).toBeVisible();
  await expect(page.getByRole("link", { name })).toBeVisible();
  // The public form offers it at once.
  await page.goto(REGISTER_PATH);
  await expect(page.getByRole("radio", { name: new RegExp(name) })).toBeVisible();
});

test("an organiser downloads the filtered attendee list as CSV and XLSX, and a bus's passenger list as PDF", async ({ page }) => {
  await register(page, exported);
  await signIn(page, { email: "orga@e2e.example", password: "e2e-organiser-password" });
  await page.goto("/admin/attendees");
  await page.getByLabel("Name, E-Mail, Organisation oder Ticketnummer").fill(exported.lastName);
  await page.getByRole("button", { name: "Anwenden" }).click();
  await expect(page.getByText("1 Person", { exact: true })).toBeVisible();

  await page.getByLabel("CSV (Excel, deutsch)").check();
  const [csvDownload] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Herunterladen" }).click()]);
  expect(csvDownload.suggestedFilename()).toMatch(/^teilnehmende-fachkongress-quartiersentwicklung-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync((await csvDownload.path())!);
  const records = parse(csv, { bom: true, delimiter: ";" }) as string[][];
  expect(records[0]).toEqual(expect.arrayContaining(["Nachname", "Vorname", "Organisation", "Exkursion"]));
  // Only the filtered person, with umlauts intact.
  expect(records.slice(1).map((row) => row[0])).toEqual([exported.lastName]);
  expect(records[1]).toContain(exported.firstName);

  await page.getByLabel("Excel (XLSX)").check();
  const [xlsxDownload] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Herunterladen" }).click()]);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile((await xlsxDownload.path())!);
  expect(workbook.worksheets[0]!.getRow(2).getCell(1).value).toBe(exported.lastName);

  await page.getByText(/^Teilnehmer- und Buslisten/).click();
  const [pdfDownload] = await Promise.all([
    page.waitForEvent("download"),
    page
      .getByRole("listitem")
      .filter({ hasText: /^Exkursion Lampertheim/ })
      .getByRole("link", { name: "PDF" })
      .click(),
  ]);
  expect(
    readFileSync((await pdfDownload.path())!)
      .subarray(0, 5)
      .toString(),
  ).toBe("%PDF-");
});

test("an organiser sets a new password for a team member, who then changes it on their own account page", async ({ page, browser }) => {
  const member = {
    name: `Passwort ${run}`,
    email: uniqueEmail("passwort"),
    first: "erstes-passwort-123",
    reset: "vom-team-gesetzt-456",
    own: "mein-eigenes-passwort-789",
  };
  await signIn(page, { email: "orga@e2e.example", password: "e2e-organiser-password" });
  await page.goto("/admin/staff");
  await page.getByLabel("Name").fill(member.name);
  await page.getByLabel("E-Mail-Adresse").fill(member.email);
  await page.getByLabel("Rolle").selectOption("checkin");
  await page.getByLabel("Passwort", { exact: true }).fill(member.first);
  await page.getByRole("button", { name: "Konto anlegen" }).click();
  const row = page.getByRole("row", { name: new RegExp(member.email) });
  await row.getByText("Neues Passwort setzen").first().click();
  await row.getByLabel(`Neues Passwort für ${member.name}`).fill("zu-kurz");
  await row.getByRole("button", { name: "Neues Passwort setzen" }).click();
  await expect(page.getByRole("row", { name: new RegExp(member.email) }).getByText("Das Passwort muss mindestens 12 Zeichen lang sein.")).toBeVisible();
  await page.getByLabel(`Neues Passwort für ${member.name}`).fill(member.reset);
  await page
    .getByRole("row", { name: new RegExp(member.email) })
    .getByRole("button", { name: "Neues Passwort setzen" })
    .click();
  await expect(page.getByText("Das Passwort wurde geändert")).toBeVisible();

  const context = await browser.newContext({ locale: "de-DE" });
  const own = await context.newPage();
  await signIn(own, { email: member.email, password: member.reset });
  await own.getByRole("link", { name: "Mein Konto" }).click();
  await own.getByLabel("Bisheriges Passwort").fill("falsch-geraten-000");
  await own.getByLabel(/^Neues Passwort( \*)?$/).fill(member.own);
  await own.getByLabel("Neues Passwort wiederholen").fill(member.own);
  await own.getByRole("button", { name: "Passwort ändern" }).click();
  await expect(own.getByLabel("Bisheriges Passwort")).toHaveAccessibleDescription(/stimmt nicht/);
  await expect(own.getByLabel("Bisheriges Passwort")).toBeFocused();
  await own.getByLabel("Bisheriges Passwort").fill(member.reset);
  await own.getByLabel(/^Neues Passwort( \*)?$/).fill(member.own);
  await own.getByLabel("Neues Passwort wiederholen").fill(member.own);
  await own.getByRole("button", { name: "Passwort ändern" }).click();
  await expect(own.getByText("Ihr Passwort wurde geändert.")).toBeVisible();
  await own.getByRole("button", { name: "Abmelden" }).click();
  // Signed out before the sign-in page is asked for: a session still alive there is sent on to its start page.
  await expect(own).toHaveURL(/\/admin\/login$/);
  await signIn(own, { email: member.email, password: member.own });
  await expect(own).toHaveURL(/\/checkin$/);
  await context.close();
});
