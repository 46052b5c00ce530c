import { expect, test } from "@playwright/test";
import ExcelJS from "exceljs";
import { expectNoViolations } from "./support/axe";
import { expectOnConfirmation, fillPerson, signIn, uniqueEmail } from "./support/helpers";

/**
 * An organiser copies the demo congress to a new date, gives the copy a field of action and a required question of
 * its own, and publishes it; a person registers without JavaScript, is told next to the question what is missing
 * (nothing typed is lost), then answers it and the demo's district list; the organiser finds the answers in the
 * attendee detail and the funding report (page, XLSX).
 */
const run = Date.now().toString(36);

test("own questions on a copied event, answered without JavaScript, in the attendee detail and the funding report", async ({ page, browser }) => {
  test.setTimeout(150_000);
  await signIn(page, { email: "orga@e2e.example", password: "e2e-organiser-password" });
  await page.goto("/admin/events");
  await page.getByRole("link", { name: "Fachkongress zur sozialen Quartiersentwicklung" }).first().click();
  await page.getByRole("link", { name: "Veranstaltung kopieren" }).click();
  await expectNoViolations(page, "the copy form");
  await page.getByLabel("Titel (deutsch)").fill(`Fachkongress Kopie ${run}`);
  await page.getByLabel("Adresse (Kürzel)").fill(`kopie-${run}`);
  await page.getByRole("button", { name: "Kopie anlegen" }).click();
  await expect(page.getByText("Die Kopie wurde als Entwurf angelegt.")).toBeVisible();
  const eventUrl = page.url().replace(/\?.*$/, "");

  // A field of action of its own, in a colour of the palette.
  await page.getByRole("link", { name: "Handlungsfeld hinzufügen" }).click();
  await page.getByLabel("Name (deutsch)").fill("Digitale Teilhabe");
  await page.getByLabel("Farbe").selectOption({ label: "Violett" });
  await page.getByRole("button", { name: "Speichern" }).click();
  await expect(page.getByRole("link", { name: "Digitale Teilhabe" })).toBeVisible();

  // A required one-of question, its choices typed in the spare rows.
  await page.getByRole("link", { name: "Frage hinzufügen" }).click();
  await page.getByRole("textbox", { name: /^Frage \(deutsch\)/ }).fill("Teilnahme am Mittagessen");
  await page.getByLabel("Art der Antwort").selectOption("choice");
  await page.getByLabel("Pflichtangabe").check();
  await page.getByRole("button", { name: "Speichern" }).click();
  // A choice question without choices is refused next to them, the question's text kept.
  await expect(page.getByText("Bitte mindestens zwei Antwortmöglichkeiten angeben.")).toBeVisible();
  await expect(page.getByRole("textbox", { name: /^Frage \(deutsch\)/ })).toHaveValue("Teilnahme am Mittagessen");
  await expectNoViolations(page, "the question editor");
  await page.getByLabel("Antwort 1 (deutsch)").fill("Vegetarisch");
  await page.getByLabel("Antwort 2 (deutsch)").fill("Vegan");
  await page.getByLabel("Antwort 3 (deutsch)").fill("Kein Mittagessen");
  await page.getByRole("button", { name: "Speichern" }).click();
  await expect(page.getByRole("link", { name: "Teilnahme am Mittagessen" })).toBeVisible();

  // Published, registration open now.
  await page.getByLabel("Status").selectOption("published");
  await page.getByLabel("Anmeldung ab").fill("");
  // The question's save left "Gespeichert" on the page: wait for this save's own answer before leaving it.
  const published = page.waitForResponse((response) => response.request().method() === "POST" && response.url().startsWith(eventUrl));
  await page.getByRole("button", { name: "Speichern" }).last().click();
  expect((await published).status()).toBeLessThan(400);

  // The form with the questions, as most people see it (axe needs JavaScript to run).
  await page.goto(`/events/kopie-${run}/register`);
  await expect(page.getByRole("group", { name: /Teilnahme am Mittagessen/ })).toBeVisible();
  await expectNoViolations(page, "the form with own questions");

  // The attendee, without JavaScript.
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "de-DE" });
  const visitor = await context.newPage();
  await visitor.goto(`/events/kopie-${run}/register`);
  await visitor.getByRole("radio", { name: /Fachpublikum \(kostenfrei\)/ }).check();
  await visitor.getByLabel("E-Mail-Adresse für Bestätigung und Änderungen").fill(uniqueEmail("frida"));
  const person = await fillPerson(visitor, 1, { firstName: "Frida", lastName: `Frage-${run}`, email: uniqueEmail("frida"), organisation: "Stadt Lampertheim" });
  await person.getByLabel(/Landkreis \/ kreisfreie Stadt/).selectOption({ label: "Bergstraße" });
  await person
    .getByRole("group", { name: /Art der Organisation/ })
    .getByLabel("Kommune")
    .check();
  await visitor.getByLabel(/Ich habe den Datenschutzhinweis gelesen/).check();
  await visitor.getByRole("button", { name: "Verbindlich anmelden" }).click();
  const lunch = visitor.getByRole("group", { name: "Person 1", exact: true }).getByRole("group", { name: /Teilnahme am Mittagessen/ });
  await expect(lunch).toContainText("Bitte ausfüllen.");
  await expect(visitor.getByRole("alert")).toContainText("Teilnahme am Mittagessen (Person 1)");
  await expect(person.getByLabel("Nachname")).toHaveValue(`Frage-${run}`);
  await expect(person.getByLabel(/Landkreis \/ kreisfreie Stadt/)).toHaveValue(/.+/);
  await lunch.getByLabel("Vegan").check();
  await visitor.getByLabel(/Ich habe den Datenschutzhinweis gelesen/).check();
  await visitor.getByRole("button", { name: "Verbindlich anmelden" }).click();
  await expectOnConfirmation(visitor);
  await context.close();

  // The organiser: answers in the detail, filterable, and in the report.
  const eventId = eventUrl.split("/").pop()!;
  await page.goto(`/admin/attendees?event=${eventId}&q=Frage-${run}`);
  await page.getByLabel("Antwort").selectOption({ label: "Vegan" });
  await page.getByRole("button", { name: "Anwenden" }).click();
  await expect(page.getByText("1 Person", { exact: true })).toBeVisible();
  await page
    .getByRole("row", { name: new RegExp(`Frage-${run}`) })
    .getByRole("link")
    .click();
  const answers = page.locator("dl.answers");
  await expect(answers).toContainText("Teilnahme am Mittagessen");
  await expect(answers).toContainText("Vegan");
  await expect(answers).toContainText("Bergstraße");
  await expect(answers).toContainText("Kommune");

  await page.goto(`${eventUrl}/report`);
  await expect(page.getByRole("heading", { level: 1, name: /Statistische Auswertung/ })).toBeVisible();
  const byKind = page.getByRole("table").filter({ has: page.getByRole("columnheader", { name: "Art der Organisation" }) });
  await expect(byKind.getByRole("row", { name: /Kommune/ })).toContainText("< 5");
  await expectNoViolations(page, "the funding report");
  const file = await page.request.get(`${eventUrl}/report/xlsx?event=${eventId}`);
  expect(file.status()).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await file.body()) as unknown as ArrayBuffer);
  expect(workbook.worksheets.map((sheet) => sheet.name)).toContain("Überblick");
  const pdf = await page.request.get(`${eventUrl}/report/pdf?event=${eventId}`);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
});
