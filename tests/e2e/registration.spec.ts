import { expect, test, type Page } from "@playwright/test";
import { EVENT_PATH, REGISTER_PATH, expectOnConfirmation, fillPerson, uniqueEmail } from "./support/helpers";

/** A municipality registers two colleagues, each with workshops, one with a site visit. */
async function registerTwoColleagues(page: Page) {
  await page.goto(EVENT_PATH);
  await expect(page.getByRole("heading", { level: 1, name: "Fachkongress zur sozialen Quartiersentwicklung" })).toBeVisible();
  await expect(page.getByText("Gesellschaftliche Teilhabe und Integration").first()).toBeVisible();
  await page.getByRole("link", { name: "Jetzt anmelden" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Anmeldung" })).toBeVisible();

  await page.getByRole("radio", { name: /Fachpublikum \(kostenfrei\)/ }).check();
  const contact = uniqueEmail("kontakt");
  await page.getByLabel("E-Mail-Adresse für Bestätigung und Änderungen").fill(contact);

  const first = await fillPerson(page, 1, {
    firstName: "Jörg",
    lastName: "Weiß",
    email: uniqueEmail("joerg"),
    organisation: "Stadt Bürstadt",
    jobFunction: "Quartiersmanager",
  });
  await first
    .getByRole("group", { name: /Workshops, Runde 1/ })
    .getByRole("radio", { name: /^Nachbarschaften stärken/ })
    .check();
  await first
    .getByRole("group", { name: /Workshops, Runde 2/ })
    .getByRole("radio", { name: /Klimaresilientes Quartier/ })
    .check();
  await first
    .getByRole("group", { name: /Exkursionen/ })
    .getByRole("radio", { name: /Exkursion Lampertheim/ })
    .check();

  await page.getByRole("button", { name: "Weitere Person hinzufügen" }).click();
  const second = await fillPerson(page, 2, { firstName: "Zoë", lastName: "Çelik", email: uniqueEmail("zoe"), organisation: "Caritas Bergstraße" });
  await second
    .getByRole("group", { name: /Workshops, Runde 1/ })
    .getByRole("radio", { name: /^Plätze und Wege/ })
    .check();

  // What person 1 typed survived adding person 2.
  await expect(first.getByLabel("Vorname")).toHaveValue("Jörg");

  await page.getByLabel(/Ich habe den Datenschutzhinweis gelesen/).check();
  await page.getByRole("button", { name: "Verbindlich anmelden" }).click();

  await expectOnConfirmation(page);
  await expect(page.getByText(contact)).toBeVisible();
  const tickets = page.locator(".ticket");
  await expect(tickets).toHaveCount(2);
  await expect(page.getByRole("heading", { name: "Ticket für Jörg Weiß" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Ticket für Zoë Çelik" })).toBeVisible();
  // Each ticket shows a QR code drawn on the server and its printed reference.
  await expect(page.getByRole("img", { name: /QR-Code des Tickets für Jörg Weiß/ }).locator("svg")).toBeVisible();
  await expect(page.getByRole("img", { name: /QR-Code des Tickets für Zoë Çelik/ }).locator("svg")).toBeVisible();
  await expect(tickets.first().locator(".ticket__reference")).toHaveText(/^[2-9A-Z]{4}-[2-9A-Z]{4}-1$/);
  // The booked programme (the change forms below name the same items in their choices).
  await expect(
    tickets
      .first()
      .locator(".booked")
      .getByText(/Exkursion Lampertheim/),
  ).toBeVisible();
  await expect(
    tickets
      .first()
      .locator(".booked")
      .getByText(/Vertiefung: Klimaresilientes Quartier/),
  ).toBeVisible();
  await expect(
    tickets
      .nth(1)
      .locator(".booked")
      .getByText(/Plätze und Wege für alle/),
  ).toBeVisible();
  return page.url();
}

async function expectCalendarDownload(page: Page) {
  const href = await page.getByRole("link", { name: /Zum Kalender hinzufügen.*Jörg Weiß/ }).getAttribute("href");
  expect(href).toBeTruthy();
  const response = await page.request.get(href!);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("text/calendar");
  const ics = await response.text();
  expect(ics).toContain("BEGIN:VCALENDAR");
  expect(ics).toContain("METHOD:PUBLISH");
  expect(ics).toContain("BEGIN:VTIMEZONE");
  expect(ics).toMatch(/DTSTART;TZID=Europe\/Berlin:\d{8}T093000/);
  // The congress, two workshops and the site visit.
  expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(4);
}

test("a person registers two colleagues with workshops and a site visit and sees their QR tickets", async ({ page }) => {
  await registerTwoColleagues(page);
  await expectCalendarDownload(page);
});

test("Enter in a text field submits the registration; adding a person moves focus to them and says so", async ({ page }) => {
  await page.goto(REGISTER_PATH);
  await page.getByRole("radio", { name: /Fachpublikum \(kostenfrei\)/ }).check();
  const email = uniqueEmail("enter");
  await page.getByLabel("E-Mail-Adresse für Bestätigung und Änderungen").fill(email);
  await page.getByRole("button", { name: "Weitere Person hinzufügen" }).click();
  const second = page.getByRole("group", { name: "Person 2", exact: true });
  await expect(second.getByLabel("Vorname")).toBeFocused();
  await expect(page.getByRole("status").filter({ hasText: "Person 2 hinzugefügt" })).toBeAttached();
  await second.getByRole("button", { name: "Person 2 entfernen" }).click();
  await expect(page.getByRole("group", { name: "Person 2", exact: true })).toHaveCount(0);

  await fillPerson(page, 1, { firstName: "Enno", lastName: "Enter", email, organisation: "Gemeinde Lorsch" });
  await page.getByLabel(/Ich habe den Datenschutzhinweis gelesen/).check();
  await page.getByRole("group", { name: "Person 1", exact: true }).getByLabel("Organisation / Kommune").press("Enter");
  await expectOnConfirmation(page);
  await expect(page.getByRole("heading", { name: "Ticket für Enno Enter" })).toBeVisible();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("adding a person opens the page at the new person's first field", async ({ page }) => {
    await page.goto(REGISTER_PATH);
    await page.getByRole("group", { name: "Person 1", exact: true }).getByLabel("Vorname").fill("Nora");
    await page.getByRole("button", { name: "Weitere Person hinzufügen" }).click();
    await expect(page.getByRole("group", { name: "Person 2", exact: true }).getByLabel("Vorname")).toBeFocused();
    await expect(page.getByRole("group", { name: "Person 1", exact: true }).getByLabel("Vorname")).toHaveValue("Nora");
  });

  test("the whole registration works", async ({ page }) => {
    await registerTwoColleagues(page);
    await expectCalendarDownload(page);
  });

  test("a bad submission is refused by the server, keeps every input and points at the fields", async ({ page }) => {
    await page.goto(REGISTER_PATH);
    await page.getByRole("radio", { name: /Fachpublikum/ }).check();
    await page.getByLabel("E-Mail-Adresse für Bestätigung und Änderungen").fill("kontakt@kommune.example");
    const person = await fillPerson(page, 1, { firstName: "Erika", lastName: "<script>alert(1)</script>", email: "erika@", organisation: "Stadt Bürstadt" });
    await person.getByLabel("Ernährung (z. B. vegetarisch, Allergien)").fill("vegetarisch");
    await person
      .getByRole("group", { name: /Exkursionen/ })
      .getByRole("radio", { name: /Exkursion Biblis/ })
      .check();
    await page.getByRole("button", { name: "Verbindlich anmelden" }).click();

    await expect(page).toHaveURL(new RegExp(`${REGISTER_PATH}$`));
    // Four: last name, e-mail, the privacy consent, and dietary needs given without their own consent (Art. 9 GDPR).
    await expect(page.getByRole("alert")).toContainText("Bitte korrigieren Sie 4 Angabe(n)");
    await expect(person.getByText(/Ohne diese Einwilligung speichern wir die Angaben zu Ernährung/)).toBeVisible();
    const lastName = person.getByLabel("Nachname");
    await expect(lastName).toHaveAttribute("aria-invalid", "true");
    await expect(lastName).toHaveAccessibleDescription(/Bitte keine spitzen Klammern/);
    await expect(person.getByLabel("E-Mail-Adresse")).toHaveAccessibleDescription(/gültige E-Mail-Adresse/);
    await expect(page.getByText("Bitte stimmen Sie dem Datenschutzhinweis zu.").first()).toBeVisible();
    // The browser focuses the first field in error (autofocus works without JavaScript).
    await expect(lastName).toBeFocused();
    // Everything typed is still there.
    await expect(lastName).toHaveValue("<script>alert(1)</script>");
    await expect(person.getByLabel("Vorname")).toHaveValue("Erika");
    await expect(person.getByLabel("E-Mail-Adresse")).toHaveValue("erika@");
    await expect(person.getByLabel("Ernährung (z. B. vegetarisch, Allergien)")).toHaveValue("vegetarisch");
    await expect(person.getByRole("radio", { name: /Exkursion Biblis/ })).toBeChecked();
    await expect(page.getByLabel("E-Mail-Adresse für Bestätigung und Änderungen")).toHaveValue("kontakt@kommune.example");

    // Corrected, it goes through.
    await lastName.fill("Mustermann");
    await person.getByLabel("E-Mail-Adresse").fill(uniqueEmail("erika"));
    await person.getByLabel(/Ich willige ein, dass die Angaben zu Ernährung/).check();
    await page.getByLabel(/Ich habe den Datenschutzhinweis gelesen/).check();
    await page.getByRole("button", { name: "Verbindlich anmelden" }).click();
    await expectOnConfirmation(page);
    await expect(page.locator(".booked").getByText(/Exkursion Biblis/)).toBeVisible();
  });
});

test("with JavaScript the same schema checks the form before sending, and focus goes to the first error", async ({ page }) => {
  await page.goto(REGISTER_PATH);
  const person = await fillPerson(page, 1, { firstName: "Erika", lastName: "Muster", email: "nicht-gültig", organisation: "Stadt" });
  let posted = false;
  page.on("request", (request) => {
    if (request.method() === "POST") posted = true;
  });
  await page.getByRole("button", { name: "Verbindlich anmelden" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  await expect(person.getByLabel("E-Mail-Adresse")).toHaveAccessibleDescription(/gültige E-Mail-Adresse/);
  await expect(page.getByRole("radio", { name: /Fachpublikum/ })).toBeFocused();
  await expect(person.getByLabel("Vorname")).toHaveValue("Erika");
  expect(posted).toBe(false);
});

test("the interface switches to English and back", async ({ page }) => {
  await page.goto(EVENT_PATH);
  await page.getByRole("button", { name: "Switch to English" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Congress on social neighbourhood development" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("link", { name: "Register now" }).first()).toBeVisible();
  // The demo congress is on a working day (prisma/demo-congress.ts).
  await expect(page.getByText(/(Monday|Tuesday|Wednesday|Thursday|Friday),? 16 May/).first()).toBeVisible();
  await page.getByRole("button", { name: "Auf Deutsch wechseln" }).click();
  await expect(page.getByRole("link", { name: "Jetzt anmelden" }).first()).toBeVisible();
});

test("an unknown manage link and an unknown event answer 404 with a helpful page", async ({ page }) => {
  const response = await page.goto("/registrations/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Seite nicht gefunden" })).toBeVisible();
  expect((await page.goto("/events/gibt-es-nicht"))?.status()).toBe(404);
});
