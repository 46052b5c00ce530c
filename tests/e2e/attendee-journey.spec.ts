import { expect, test, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { randomBytes } from "node:crypto";
import { REGISTER_PATH, expectOnConfirmation, fillPerson, signIn, uniqueEmail } from "./support/helpers";
import { expectNoViolations } from "./support/axe";

/**
 * The attendee's journey after registering, through the real app in Chromium: self-service on the person's
 * change page without JavaScript (programme, details, cancellation with its confirmation), the lost-link page that
 * answers the same for every address, answering a waiting-list offer, the public certificate check, and the
 * organisers' approvals and group messages. Each page passes axe (WCAG 2.1 AA).
 */
async function registerOne(page: Page, lastName: string) {
  await page.goto(REGISTER_PATH);
  await page.getByRole("radio", { name: /Fachpublikum \(kostenfrei\)/ }).check();
  const email = uniqueEmail("journey");
  await page.getByLabel("E-Mail-Adresse für Bestätigung und Änderungen").fill(email);
  const person = await fillPerson(page, 1, { firstName: "Jana", lastName, email, organisation: "Gemeinde Biblis" });
  await person
    .getByRole("group", { name: /Workshops, Runde 1/ })
    .getByRole("radio", { name: /^Nachbarschaften stärken/ })
    .check();
  await page.getByLabel(/Ich habe den Datenschutzhinweis gelesen/).check();
  await page.getByRole("button", { name: "Verbindlich anmelden" }).click();
  await expectOnConfirmation(page);
  return { email, manageUrl: page.url() };
}

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("an attendee changes their workshop and details and cancels on their own page, each confirmed", async ({ page }) => {
    const { manageUrl } = await registerOne(page, "Selbstständig");
    await expect(page.getByText(/Änderungen und Stornierungen sind bis/)).toBeVisible();
    // The manage page shows tickets and programme; the changes are one link away.
    await expect(page.getByRole("button", { name: /Auswahl speichern|Angaben speichern/ })).toHaveCount(0);
    const changePage = page.getByRole("link", { name: "Ändern oder stornieren – Jana Selbstständig" });
    await changePage.click();
    await expect(page.getByRole("heading", { level: 1, name: "Teilnahme von Jana Selbstständig ändern" })).toBeVisible();

    const round1 = page.getByLabel("Workshops, Runde 1");
    const other = await round1
      .locator("option")
      .filter({ hasNotText: /Nachbarschaften|–/ })
      .first()
      .textContent();
    const otherTitle = other!.replace(/\s*\(.*\)$/, "").trim();
    await round1.selectOption({ label: other! });
    await page.getByRole("button", { name: /Auswahl speichern\s*: Workshops, Runde 1/ }).click();
    await expect(page.getByText("Ihre Auswahl ist gespeichert.", { exact: false })).toBeVisible();
    await expect(page.getByLabel("Workshops, Runde 1").locator("option:checked")).toHaveText(otherTitle);
    await page.getByRole("link", { name: "Zurück zur Anmeldung" }).click();
    await expect(page.locator(".booked")).toContainText(otherTitle);
    await expect(page.locator(".booked")).not.toContainText("Nachbarschaften stärken");

    await changePage.click();
    await page.getByLabel("Organisation / Kommune").fill("");
    await page.getByRole("button", { name: "Angaben speichern" }).click();
    await expect(page.locator("[aria-invalid='true']")).toHaveCount(1);
    await expect(page.getByLabel("Vorname")).toHaveValue("Jana");
    await page.getByLabel("Organisation / Kommune").fill("Kreis Bergstraße");
    await page.getByRole("button", { name: "Angaben speichern" }).click();
    await expect(page.getByText("Ihre Angaben sind gespeichert.", { exact: false })).toBeVisible();
    await expect(page.getByText("Kreis Bergstraße ·", { exact: false })).toBeVisible();

    await changePage.click();
    await page.getByRole("button", { name: "Stornieren" }).click();
    await expect(page.getByText("Bitte bestätigen Sie die Stornierung mit dem Häkchen.")).toBeVisible();
    await page.getByLabel(/Ja, die Teilnahme von Jana Selbstständig stornieren/).check();
    await page.getByRole("button", { name: "Stornieren" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Diese Anmeldung ist storniert" })).toBeVisible();
    await expect(page.getByRole("link", { name: /Ändern oder stornieren/ })).toHaveCount(0);
    // A person the link does not cover has no change page.
    expect((await page.request.get(`${manageUrl}/people/cnotanattendee000000000000`)).status()).toBe(404);
  });

  test("asking for the link again answers the same for a registered and an unknown address", async ({ page }) => {
    const { email } = await registerOne(page, "Verloren");
    const answerFor = async (address: string) => {
      await page.goto("/manage-link");
      await page.getByLabel("E-Mail-Adresse").fill(address);
      await page.getByRole("button", { name: "Link senden" }).click();
      const text = (await page.getByRole("status").textContent())!;
      return text.replace(address, "<address>");
    };
    const known = await answerFor(email);
    expect(await answerFor(uniqueEmail("unbekannt"))).toBe(known);
  });
});

test("a waiting-list offer is accepted from its link and the seat appears on the manage page", async ({ page }) => {
  const { email, manageUrl } = await registerOne(page, "Nachrücker");
  // The offer is put in place as the waiting list would leave it (the seat claimed for the person): the
  // offer logic itself is tested in tests/integration/attendee-journey.test.ts; here the pages are.
  const db = new Database(".tmp/e2e/e2e.db");
  const token = randomBytes(24).toString("base64url");
  try {
    const attendee = db.prepare(`SELECT "id", "eventId" FROM "Attendee" WHERE "email" = ?`).get(email) as { id: string; eventId: string };
    const bus = db
      .prepare(`SELECT "id" FROM "ProgrammeItem" WHERE "eventId" = ? AND "kind" = 'site_visit' ORDER BY "sortOrder" LIMIT 1`)
      .get(attendee.eventId) as {
      id: string;
    };
    const now = Date.now();
    // Stored as Prisma's SQLite adapter stores times: ISO text with the offset.
    const at = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");
    db.prepare(`UPDATE "ProgrammeItem" SET "confirmedCount" = "confirmedCount" + 1 WHERE "id" = ?`).run(bus.id);
    db.prepare(
      `INSERT INTO "WaitingListEntry" ("id", "eventId", "attendeeId", "programmeItemId", "status", "createdAt", "offerToken", "offeredAt", "offerExpiresAt")
       VALUES (?, ?, ?, ?, 'offered', ?, ?, ?, ?)`,
    ).run(`e2eoffer${now}`, attendee.eventId, attendee.id, bus.id, at(now), token, at(now), at(now + 48 * 3_600_000));
  } finally {
    db.close();
  }

  await page.goto(manageUrl);
  await expect(page.getByText(/Ein Platz wird für Sie freigehalten/)).toBeVisible();
  await page.getByRole("link", { name: "Zum Angebot" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Ein Platz ist für Sie frei" })).toBeVisible();
  await expectNoViolations(page, "offer page");
  await page.getByRole("button", { name: "Platz annehmen" }).click();
  await expect(page.getByText("Sie haben den Platz angenommen.", { exact: false })).toBeVisible();
  // The link is used up: a second answer is told what happened, and nothing is booked twice.
  await page.goto(`/offers/${token}`);
  await expect(page.getByRole("button", { name: "Platz annehmen" })).toHaveCount(0);
  await expect(page.getByText("Sie haben den Platz angenommen.", { exact: false })).toBeVisible();
  await page.goto(manageUrl);
  await expect(page.locator(".booked")).toContainText("Exkursion");
});

test("the manage page, the change page with a refused cancellation and the lost-link page pass axe", async ({ page }) => {
  await registerOne(page, "Barrierefrei");
  await expectNoViolations(page, "manage page");
  // The ticket downloads again as an image of its QR code.
  const ticket = await page.request.get((await page.getByRole("link", { name: /Ticket herunterladen/ }).getAttribute("href"))!);
  expect(ticket.headers()["content-type"]).toBe("image/png");
  expect((await ticket.body()).subarray(1, 4).toString()).toBe("PNG");
  await page.getByRole("link", { name: "Ändern oder stornieren – Jana Barrierefrei" }).click();
  await expectNoViolations(page, "change page");
  await page.getByRole("button", { name: "Stornieren" }).click();
  await expect(page.getByText("Bitte bestätigen Sie die Stornierung mit dem Häkchen.")).toBeVisible();
  await expectNoViolations(page, "change page with an error");
  await page.goto("/manage-link");
  await expectNoViolations(page, "lost-link page");
});

test("the public certificate check shows nothing for a wrong code", async ({ page }) => {
  await page.goto("/verify?code=ABCD-EFGH-JKMN");
  await expect(page.getByText("Zu diesem Code gibt es keine Bescheinigung.")).toBeVisible();
  await expectNoViolations(page, "verification page");
});

test("organisers see approvals and write a message to the list's selection, previewed and sent through the outbox", async ({ page }) => {
  await registerOne(page, "Rundschreiben");
  await signIn(page, { email: "orga@e2e.example", password: "e2e-organiser-password" });
  await page.goto("/admin/approvals");
  await expect(page.getByRole("heading", { level: 1, name: "Freigaben" })).toBeVisible();
  await expectNoViolations(page, "approvals");

  await page.goto("/admin/attendees?q=Rundschreiben");
  await page.getByRole("link", { name: "Nachricht an diese Auswahl schreiben" }).click();
  await expect(page.getByText(/Die Nachricht erreicht 1 Personen/)).toBeVisible();
  await page.getByLabel("Betreff").fill("Abfahrt Bus 2 um 13:15");
  await page.getByLabel("Nachricht").fill("Liebe Teilnehmende,\n\nder Bus fährt um 13:15 statt 13:00.");
  await page.getByRole("button", { name: "Vorschau" }).click();
  await expectNoViolations(page, "message preview");
  await page.getByRole("button", { name: "An 1 Personen senden" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Abfahrt Bus 2 um 13:15" })).toBeVisible();
  await expect(page.getByText("Versand: 1 von 1")).toBeVisible({ timeout: 15_000 });
  await expectNoViolations(page, "message progress");
});

test("a ticket type that needs approval: the registration waits, the organiser approves it, the person holds a ticket", async ({ page }) => {
  await signIn(page, { email: "orga@e2e.example", password: "e2e-organiser-password" });
  await page.goto("/admin/events");
  await page.getByRole("link", { name: "Fachkongress zur sozialen Quartiersentwicklung" }).first().click();
  await page.getByRole("link", { name: "Ticketart hinzufügen" }).click();
  const typeName = `Fachpresse ${Date.now().toString(36)}`;
  await page.getByLabel("Name (deutsch)").fill(typeName);
  await page.getByLabel("Anmeldung braucht Freigabe").check();
  await page.getByRole("button", { name: "Speichern" }).click();
  await expect(page.getByText("Gespeichert", { exact: false }).first()).toBeVisible();

  await page.goto(REGISTER_PATH);
  await page.getByRole("radio", { name: new RegExp(typeName) }).check();
  const email = uniqueEmail("presse");
  await page.getByLabel("E-Mail-Adresse für Bestätigung und Änderungen").fill(email);
  await fillPerson(page, 1, { firstName: "Paula", lastName: "Presse", email, organisation: "Bergsträßer Anzeiger" });
  await page.getByLabel(/Ich habe den Datenschutzhinweis gelesen/).check();
  await page.getByRole("button", { name: "Verbindlich anmelden" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Ihre Anmeldung wird geprüft" })).toBeVisible();
  const manageUrl = page.url();

  await page.goto("/admin/approvals");
  await page
    .getByRole("button", { name: /Freigeben\s*: Paula Presse/ })
    .first()
    .click();
  await expect(page.getByText("1 freigegeben", { exact: false })).toBeVisible();
  await page.goto(manageUrl);
  await expect(page.getByRole("heading", { level: 1, name: "Sie sind angemeldet" })).toBeVisible();
  await expect(page.getByRole("img", { name: /QR-Code des Tickets für Paula Presse/ })).toBeVisible();
});

test("moving a booked workshop asks first how many it reaches, then mails them", async ({ page }) => {
  const { email } = await registerOne(page, "Raumwechsel");
  await signIn(page, { email: "orga@e2e.example", password: "e2e-organiser-password" });
  await page.goto("/admin/events");
  await page.getByRole("link", { name: "Fachkongress zur sozialen Quartiersentwicklung" }).first().click();
  await page
    .getByRole("link", { name: /^Nachbarschaften stärken/ })
    .first()
    .click();
  await page.getByLabel("Raum").fill(`Saal ${Date.now().toString(36)}`);
  await page.getByRole("button", { name: "Speichern" }).click();
  await expect(page.getByRole("alert")).toContainText(/betrifft \d+ gebuchte Personen/);
  await expectNoViolations(page, "change notice confirmation");
  await page.getByRole("button", { name: /Speichern und \d+ Personen benachrichtigen/ }).click();
  await expect(page.getByText("Gespeichert", { exact: false }).first()).toBeVisible();
  await page.goto("/admin/mail");
  // The notice to the person just registered, queued or already sent (then its subject shows).
  await expect(page.getByRole("row", { name: new RegExp(`${email.replace(/[.]/g, "\\.")}.*(programme_changed|Programmänderung)`) })).toBeVisible();
});
