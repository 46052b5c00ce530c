import { createHmac } from "node:crypto";
import { expect, test } from "@playwright/test";
import { EVENT_PATH, REGISTER_PATH, expectOnConfirmation, fillPerson, signIn, uniqueEmail } from "./support/helpers";
import { expectNoViolations } from "./support/axe";
import { E2E_SESSION_SECRET } from "./support/secrets";

/**
 * What a public body needs online: the legal pages behind every page's footer (in both languages), the
 * accessibility statement's feedback form, an attendee's own data (Art. 15), and the organisers' legal texts
 * and audit log.
 */
for (const language of ["de", "en"] as const) {
  test(`the footer leads to imprint, privacy, accessibility and easy language (${language})`, async ({ page }) => {
    await page.goto(EVENT_PATH);
    if (language === "en") {
      await page.getByRole("button", { name: "Switch to English" }).click();
      await expect(page.locator("html")).toHaveAttribute("lang", "en");
    }
    const names =
      language === "de" ? ["Impressum", "Datenschutz", "Barrierefreiheit", "Leichte Sprache"] : ["Imprint", "Privacy", "Accessibility", "Easy language"];
    for (const name of names) {
      await page.goto(EVENT_PATH);
      await page.getByRole("contentinfo").getByRole("link", { name, exact: true }).click();
      await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
      // From an event's page, privacy shows the notice that event's attendees consent to (with its version);
      // the other texts are the platform's demo texts.
      await expect(name === "Datenschutz" || name === "Privacy" ? page.getByText(/2026-11-v1/) : page.getByText(/DEMO/).first()).toBeVisible();
      await expectNoViolations(page, `${name} page`);
    }
    // The easy-language page exists only in German: on the English page it is marked as German for screen readers.
    await page.goto("/leichte-sprache");
    await expect(page.locator(".legal-text")).toHaveAttribute("lang", "de");
    // The platform's own privacy notice is one link away.
    await page.goto(`/datenschutz?event=fachkongress-quartiersentwicklung`);
    await page
      .getByRole("main")
      .getByRole("link", { name: language === "de" ? "Text der Plattform" : "The platform's text" })
      .click();
    await expect(page.getByText(/DEMO/).first()).toBeVisible();
  });
}

test("the accessibility statement's feedback form refuses an empty message and then reaches the organisers", async ({ page }) => {
  await page.goto("/barrierefreiheit");
  await expect(page.getByText("Dieses Angebot ist wegen der folgenden Unvereinbarkeiten teilweise mit der BITV 2.0 vereinbar.")).toBeVisible();
  await page.getByLabel("E-Mail-Adresse für eine Antwort").fill("leser@example.org");
  await page.getByRole("button", { name: "Nachricht senden" }).click();
  await expect(page.getByLabel("Ihre Nachricht")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("E-Mail-Adresse für eine Antwort")).toHaveValue("leser@example.org");
  await expectNoViolations(page, "feedback form with an error");
  await page.getByLabel("Ihre Nachricht").fill("Der Kontrast der Hinweise ist auf dem Handy in der Sonne zu schwach.");
  await page.getByRole("button", { name: "Nachricht senden" }).click();
  await expect(page.getByText("Vielen Dank. Ihre Nachricht ist an die Verantwortlichen unterwegs.")).toBeVisible();

  await signIn(page, { email: "orga@e2e.example", password: "e2e-organiser-password" });
  await page.goto("/admin/mail");
  await expect(page.getByRole("row", { name: /barrierefreiheit@projektstadt\.example/ }).first()).toBeVisible();
});

test("an attendee sees and downloads everything stored about them; revoking the needs consent deletes the needs", async ({ page }) => {
  await page.goto(REGISTER_PATH);
  await page.getByRole("radio", { name: /Fachpublikum/ }).check();
  const email = uniqueEmail("auskunft");
  await page.getByLabel("E-Mail-Adresse für Bestätigung und Änderungen").fill(email);
  const person = await fillPerson(page, 1, { firstName: "Anna", lastName: "Auskunft", email, organisation: "Gemeinde Lorsch" });
  await person.getByLabel("Ernährung (z. B. vegetarisch, Allergien)").fill("glutenfrei");
  await person.getByLabel(/Ich willige ein, dass die Angaben zu Ernährung/).check();
  await page.getByLabel(/Ich habe den Datenschutzhinweis gelesen/).check();
  await page.getByRole("button", { name: "Verbindlich anmelden" }).click();
  await expectOnConfirmation(page);
  const manageUrl = page.url();

  await page.getByRole("link", { name: /Meine gespeicherten Daten/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Ihre gespeicherten Daten" })).toBeVisible();
  await expect(page.getByText("glutenfrei")).toBeVisible();
  // Written for the person, not as the database holds it.
  await expect(page.getByRole("rowheader", { name: "Angaben zu Ernährung und Barrierefreiheit" })).toBeVisible();
  await expect(page.getByRole("rowheader", { name: "Anmeldenummer" })).toBeVisible();
  await expect(page.getByRole("row", { name: /Zahlungsstand/ })).toContainText("kostenfrei");
  const pageText = await page.locator("main").innerText();
  for (const raw of ["cancelledAt", "totalCents", "not_required", "special_needs", "registeredAt", "[object Object]"]) expect(pageText).not.toContain(raw);
  await expectNoViolations(page, "personal data page");
  const json = await page.request.get((await page.getByRole("link", { name: /JSON/ }).getAttribute("href"))!);
  expect(json.headers()["content-type"]).toContain("application/json");
  expect((await json.json()).person).toMatchObject({ firstName: "Anna", dietaryNeeds: "glutenfrei" });

  await page.goto(manageUrl);
  await page.getByRole("link", { name: "Ändern oder stornieren – Anna Auskunft" }).click();
  await page.getByRole("button", { name: /Einwilligung zu Ernährung und Barrierefreiheit widerrufen/ }).click();
  await expect(page.getByText("Die Einwilligung ist widerrufen", { exact: false })).toBeVisible();
  await page.goto(`${manageUrl}/data`);
  await expect(page.getByText("glutenfrei")).toHaveCount(0);
});

test("organisers save a legal text as a new version, and viewing a person is in the audit log", async ({ page }) => {
  await signIn(page, { email: "orga@e2e.example", password: "e2e-organiser-password" });
  await page.goto("/admin/legal?kind=easy_language");
  const body = page.getByLabel("Text (deutsch)");
  const text = await body.inputValue();
  await body.fill(`${text}\n\nNeu: Anmelden geht auch am Telefon.`);
  await page.getByRole("button", { name: "Als neue Fassung speichern" }).click();
  await expect(page.getByText(/Gespeichert als Fassung/)).toBeVisible();
  await expectNoViolations(page, "legal texts editor");
  await page.goto("/leichte-sprache");
  await expect(page.getByText("Neu: Anmelden geht auch am Telefon.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Frühere Fassungen" })).toBeVisible();

  await page.goto("/admin/attendees");
  await page.locator("table a[href^='/admin/attendees/']").first().click();
  await page.waitForURL(/\/admin\/attendees\/[a-z0-9]+$/);
  const attendeeId = page.url().split("/").pop()!;
  await page.goto(`/admin/audit?action=attendee.view&subject=${attendeeId}`);
  await expect(page.getByRole("cell", { name: `attendee:${attendeeId}` }).first()).toBeVisible();
  await page.goto("/admin/audit?action=attendee.list_view");
  // Actions in words, for people (a data-protection officer), not as "attendee.list_view".
  await expect(page.getByRole("cell", { name: "Liste der Teilnehmenden angesehen" }).first()).toBeVisible();
  await page.goto("/admin/audit?action=staff.sign_in");
  await expect(page.getByRole("cell", { name: "Anmeldung im Team-Bereich" }).first()).toBeVisible();
  await expectNoViolations(page, "audit log");
});

test("a group message's unsubscribe link: the page asks, the button or a mail program's one-click request confirms", async ({ page, request }) => {
  // A registration, and the link a group message to its person would carry (signed as the server signs it).
  const email = uniqueEmail("abmelden");
  const ticketPage = await (await request.get(REGISTER_PATH)).text();
  const ticketTypeId = /name="ticketTypeId" value="([a-z0-9]+)"/.exec(ticketPage)![1]!;
  const registered = await request.post(REGISTER_PATH, {
    form: {
      ticketTypeId,
      contactEmail: email,
      "attendees[0].firstName": "Uli",
      "attendees[0].lastName": "Abmeldung",
      "attendees[0].email": email,
      "attendees[0].organisation": "Stadt Lorsch",
      privacyConsent: "on",
      intent: "register",
    },
    maxRedirects: 0,
  });
  const manage = new URL(registered.headers().location!, "http://x").pathname;
  const attendeeId = new RegExp(`${manage}/people/([a-z0-9]+)`).exec(await (await request.get(manage)).text())![1]!;
  const signature = createHmac("sha256", E2E_SESSION_SECRET).update(`unsubscribe:${attendeeId}`).digest("base64url").slice(0, 32);
  const link = `/unsubscribe/${attendeeId}.${signature}`;

  expect((await request.get(`/unsubscribe/${attendeeId}.${"A".repeat(32)}`)).status()).toBe(404);
  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Rundmails abbestellen");
  await expectNoViolations(page, "the unsubscribe page");
  await page.getByRole("button", { name: "Rundmails abbestellen" }).click();
  await expect(page.getByRole("status")).toContainText("Sie erhalten keine Rundmails");
  // A mail program's one-click request (RFC 8058) is answered 200, again and again.
  const oneClick = await request.post(link, { form: { "List-Unsubscribe": "One-Click" } });
  expect(oneClick.status()).toBe(200);
});
