import { expect, test, type Page } from "@playwright/test";
import { XMLParser } from "fast-xml-parser";
import Stripe from "stripe";
import { STRIPE_API_VERSION } from "../../app/modules/payments/stripe-version";
import { REGISTER_PATH, fillPerson, signIn, uniqueEmail } from "./support/helpers";
import { expectNoViolations } from "./support/axe";

/**
 * Paid tickets through the real app in Chromium. Online: the form sends the person to Stripe's checkout (the
 * stand-in's page, which signs its webhooks for real), they go back once, resume from the manage page, pay, and
 * come back to a confirmed registration with tickets and a paid invoice. By invoice, without JavaScript: a
 * mistyped Leitweg-ID is refused next to its field, the invoice's PDF and XRechnung are downloaded from the
 * manage page, and the accounts department books a partial and then the full transfer.
 */
const ORGANISER = { email: "orga@e2e.example", password: "e2e-organiser-password" };

async function fillPaidRegistration(page: Page, lastName: string, method: "online" | "invoice") {
  await page.goto(REGISTER_PATH);
  await page.getByRole("radio", { name: /^Regulär/ }).check();
  const email = uniqueEmail("zahlung");
  await page.getByLabel("E-Mail-Adresse für Bestätigung und Änderungen").fill(email);
  await fillPerson(page, 1, { firstName: "Ines", lastName, email, organisation: "Kreis Bergstraße" });
  await page.getByRole("radio", { name: method === "online" ? /Online bezahlen/ : /Auf Rechnung/ }).check();
  await page.getByLabel(/^Rechnungsanschrift/).fill("Kreis Bergstraße\nGraben 15\n64646 Heppenheim");
  await page.getByLabel(/Ich habe den Datenschutzhinweis gelesen/).check();
  return email;
}

test("paying online: to the checkout, back, resumed from the manage page, paid, confirmed with tickets and a paid invoice", async ({ page }) => {
  await fillPaidRegistration(page, "Onlinezahlerin", "online");
  await expectNoViolations(page, "the registration form with its payment fields");
  await page.getByRole("button", { name: "Verbindlich anmelden" }).click();
  await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/pay\/cs_test_/);
  await expect(page.getByRole("heading", { name: "Bezahlen: 89,00 €" })).toBeVisible();

  // Back without paying: the seats are held, the manage page says so and leads back to the checkout.
  await page.getByRole("button", { name: "Zurück" }).click();
  await expect(page).toHaveURL(/\/registrations\/[\w-]{32}\?payment=cancelled$/);
  await expect(page.getByRole("heading", { level: 1, name: "Zahlung ausstehend" })).toBeVisible();
  await expect(page.getByText(/Ihre Plätze sind bis .* reserviert/)).toBeVisible();
  await expect(page.getByText("Die Zahlung wurde abgebrochen.", { exact: false })).toBeVisible();
  await expect(page.locator(".ticket__qr")).toHaveCount(0);
  await expectNoViolations(page, "the manage page while the payment is pending");

  await page.getByRole("button", { name: "Weiter zur Zahlung" }).click();
  await expect(page).toHaveURL(/\/pay\/cs_test_/);
  await page.getByRole("button", { name: "Mit Karte bezahlen" }).click();

  await expect(page).toHaveURL(/\/registrations\/[\w-]{32}\?payment=return$/);
  await expect(page.getByRole("heading", { level: 1, name: "Sie sind angemeldet" })).toBeVisible();
  await expect(page.locator(".ticket__qr svg")).toHaveCount(1);
  const payment = page.getByRole("region", { name: "Zahlung" });
  await expect(payment).toContainText("bezahlt");
  await expect(payment).toContainText("online (Stripe)");
  const pdfLink = payment.getByRole("link", { name: /\(PDF\)$/ });
  await expect(pdfLink).toHaveCount(1);
  const pdf = await page.request.get((await pdfLink.getAttribute("href"))!);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
  await expectNoViolations(page, "the manage page of a paid registration");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("paying by invoice: the Leitweg-ID checked, PDF and XRechnung downloaded, transfers booked in part and in full", async ({ page, browser }) => {
    await fillPaidRegistration(page, "Rechnungsweg", "invoice");
    await page.getByLabel(/^Bestellnummer/).fill("BE-4711");
    await page.getByLabel(/^Leitweg-ID/).fill("06431-0000-12");
    await page.getByRole("button", { name: "Verbindlich anmelden" }).click();
    const leitweg = page.getByLabel(/^Leitweg-ID/);
    await expect(leitweg).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText("Diese Leitweg-ID ist ungültig", { exact: false }).first()).toBeVisible();
    await expect(page.getByLabel(/^Bestellnummer/)).toHaveValue("BE-4711");
    await expect(page.getByLabel(/^Rechnungsanschrift/)).toHaveValue("Kreis Bergstraße\nGraben 15\n64646 Heppenheim");
    await leitweg.fill("991-33333TEST-33");
    await page.getByLabel(/Ich habe den Datenschutzhinweis gelesen/).check();
    await page.getByRole("button", { name: "Verbindlich anmelden" }).click();

    await expect(page.getByRole("heading", { level: 1, name: "Sie sind angemeldet" })).toBeVisible();
    const payment = page.getByRole("region", { name: "Zahlung" });
    await expect(payment).toContainText("89,00 €");
    await expect(payment).toContainText("offen");
    const xmlLink = payment.getByRole("link", { name: /XRechnung/ });
    const xml = await page.request.get((await xmlLink.getAttribute("href"))!);
    const invoice = new XMLParser({ removeNSPrefix: true }).parse(await xml.text()).CrossIndustryInvoice;
    expect(invoice.SupplyChainTradeTransaction.ApplicableHeaderTradeAgreement.BuyerReference).toBe("991-33333TEST-33");
    expect(invoice.SupplyChainTradeTransaction.ApplicableHeaderTradeAgreement.BuyerOrderReferencedDocument.IssuerAssignedID).toBe("BE-4711");
    const number: string = invoice.ExchangedDocument.ID;
    expect(number).toMatch(/^FK-\d{4}-\d{5}$/);

    // The accounts department: the invoice is open; 50 € arrive, then the rest.
    // The organiser works with JavaScript (the context would inherit "off" from this block otherwise).
    const organiserContext = await browser.newContext({ javaScriptEnabled: true });
    const organiser = await organiserContext.newPage();
    await signIn(organiser, ORGANISER);
    await organiser.goto("/admin/payments");
    const row = organiser.getByRole("row").filter({ hasText: number });
    await expect(row).toContainText("offen");
    await expectNoViolations(organiser, "the payments page");
    await row.getByText(/^Zahlungseingang buchen/).click();
    await row.getByLabel(/^Betrag in Euro/).fill("500");
    await row.getByRole("button", { name: /^Buchen/ }).click();
    const refused = organiser.getByRole("row").filter({ hasText: number });
    await expect(refused.getByText("Der Betrag ist höher als der offene Betrag", { exact: false })).toBeVisible();
    await refused.getByLabel(/^Betrag in Euro/).fill("50,00");
    await refused.getByRole("button", { name: /^Buchen/ }).click();
    await expect(organiser.getByText("Zahlungseingang von 50,00 € gebucht.")).toBeVisible();
    const partly = organiser.getByRole("row").filter({ hasText: number });
    await expect(partly).toContainText("teilweise bezahlt");
    await partly.getByText(/^Zahlungseingang buchen/).click();
    await expect(partly.getByLabel(/^Betrag in Euro/)).toHaveValue("39,00");
    await partly.getByRole("button", { name: /^Buchen/ }).click();
    await expect(organiser.getByText("Zahlungseingang von 39,00 € gebucht.")).toBeVisible();
    await organiser.goto("/admin/payments?show=all");
    await expect(organiser.getByRole("row").filter({ hasText: number })).toContainText("bezahlt");
    const overview = await organiser.request.get("/admin/payments/export");
    expect(overview.status()).toBe(200);
    expect(overview.headers()["content-type"]).toContain("spreadsheetml");

    await organiserContext.close();

    await page.reload();
    await expect(page.getByRole("region", { name: "Zahlung" })).toContainText("bezahlt");
  });
});

test("the webhook endpoint refuses what Stripe did not sign, and anything but JSON, with a 4xx", async ({ request }) => {
  const event = JSON.stringify({ id: "evt_forged", type: "checkout.session.completed", data: { object: { client_reference_id: "x" } } });
  const forged = await request.post("/stripe/webhook", { headers: { "content-type": "application/json", "stripe-signature": "t=1,v1=00" }, data: event });
  expect(forged.status()).toBe(400);
  const unsigned = await request.post("/stripe/webhook", { headers: { "content-type": "application/json" }, data: event });
  expect(unsigned.status()).toBe(400);
  const notJson = await request.post("/stripe/webhook", { headers: { "content-type": "text/plain" }, data: event });
  expect(notJson.status()).toBe(415);
  // JSON goes nowhere else: the registration form still takes forms only.
  const elsewhere = await request.post(REGISTER_PATH, { headers: { "content-type": "application/json" }, data: event });
  expect(elsewhere.status()).toBe(415);
});

test("a signed payment of another amount confirms nothing and waits on the payments page until it is dealt with", async ({ page, request }) => {
  await fillPaidRegistration(page, "Abweichung", "online");
  await page.getByRole("button", { name: "Verbindlich anmelden" }).click();
  await expect(page).toHaveURL(/\/pay\/cs_test_/);
  const sessionId = /\/pay\/(cs_test_\w+)/.exec(page.url())![1]!;
  const standin = new URL(page.url()).origin;
  const session = (await (
    await request.get(`${standin}/v1/checkout/sessions/${sessionId}`, { headers: { "stripe-version": STRIPE_API_VERSION } })
  ).json()) as Record<string, unknown>;
  // Signed with the endpoint's secret, as Stripe would sign it: one cent paid for 89 €.
  const payload = JSON.stringify({
    id: `evt_e2e_${Date.now()}`,
    type: "checkout.session.completed",
    data: { object: { ...session, status: "complete", payment_status: "paid", amount_total: 1, payment_intent: null } },
  });
  const signature = new Stripe("sk_test_e2e").webhooks.generateTestHeaderString({ payload, secret: "whsec_e2etestsecret" });
  const delivered = await request.post("/stripe/webhook", { headers: { "content-type": "application/json", "stripe-signature": signature }, data: payload });
  expect(delivered.status()).toBe(200);

  await signIn(page, ORGANISER);
  await page.goto("/admin/payments");
  const issues = page.getByRole("region", { name: "Online-Zahlungen mit Abweichung" });
  await expect(issues).toContainText("Anderer Betrag als geschuldet");
  await expect(issues.getByRole("row", { name: new RegExp(sessionId) })).toContainText("0,01 €");
  await expectNoViolations(page, "the payments page with a payment that does not match");
  await issues.getByRole("button", { name: new RegExp(`^Erledigt.*${sessionId}`) }).click();
  await expect(page.getByRole("status")).toContainText("als erledigt vermerkt");
  await expect(page.getByRole("row", { name: new RegExp(sessionId) })).toHaveCount(0);
});

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });
    test("a free ticket is asked for no payment; a paid one names its fee and asks for the invoice address", async ({ page }) => {
      await page.goto(REGISTER_PATH);
      const address = page.getByLabel(/^Rechnungsanschrift/);
      // Nothing chosen yet, then the free ticket: no payment box, no fee.
      await expect(address).toBeHidden();
      await page.getByRole("radio", { name: /^Fachpublikum/ }).check();
      await expect(address).toBeHidden();
      await expect(page.getByText(/Teilnahmegebühr/)).toBeHidden();
      await page.getByRole("radio", { name: /^Regulär/ }).check();
      await expect(address).toBeVisible();
      await expect(page.getByText(/Teilnahmegebühr .*89,00\s€ pro Person/)).toBeVisible();
      await page.getByRole("radio", { name: /^Fachpublikum/ }).check();
      await expect(address).toBeHidden();
    });
  });
}
