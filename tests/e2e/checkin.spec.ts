import { chromium, expect, test, type Browser, type Page } from "@playwright/test";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PNG } from "pngjs";
import { CHROMIUM_ARGS, chromiumExecutable } from "./support/browser";
import { decodeQr, qrPng, writeY4m } from "./support/fake-camera";
import { REGISTER_PATH, expectOnConfirmation, fillPerson, signIn, uniqueEmail } from "./support/helpers";

/**
 * Check-in at the door and at the bus, through the real scanner page: Chromium's fake camera plays a video
 * of the QR code from a real confirmation page, and the page's own decoder reads it.
 */
test.describe.configure({ mode: "serial" });

const ORGANISER = { email: "orga@e2e.example", password: "e2e-organiser-password" };
const STAFF = { name: "Einlass Test", email: uniqueEmail("einlass"), password: "ein-langes-einlass-passwort" };
// Beside the e2e database, which the web server's start removes and makes again on every run.
const videos = path.resolve(".tmp/e2e/camera");
const run = Date.now().toString(36).toUpperCase();
const people = { withBus: { first: "Anna", last: `Scanner-${run}` }, withoutBus: { first: "Ben", last: `Kamera-${run}` } };
let codes: { withBus: string; withoutBus: string };

/** A phone at a list: a browser whose camera films `video`, signed in as check-in staff, on the scanner page. */
/**
 * Opens a list's scanner and waits until its script runs: a hand scanner's read typed before that is sent as a plain
 * form (the page without JavaScript), whose answer has no "hold" and no scanner behind it.
 */
async function openScanner(page: Page, listName: RegExp) {
  await page.getByRole("link", { name: listName }).click();
  // The device's offline status is drawn only once the page runs its script.
  await expect(page.locator(".offline-status")).toBeAttached();
}

async function phoneAt(listName: RegExp, video: string): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({
    executablePath: chromiumExecutable,
    args: [...CHROMIUM_ARGS, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", `--use-file-for-fake-video-capture=${video}`],
  });
  const page = await browser.newPage({ baseURL: test.info().project.use.baseURL, locale: "de-DE", timezoneId: "Europe/Berlin" });
  await signIn(page, STAFF);
  await expect(page).toHaveURL(/\/checkin$/);
  await page.getByRole("link", { name: listName }).click();
  await expectCameraRunning(page);
  return { browser, page };
}

/**
 * Starting a browser, signing in and opening the camera take long on a busy machine; that is not the
 * scanner's speed. Camera tests await the answer from the moment the camera runs.
 */
async function expectCameraRunning(page: Page) {
  const camera = page.locator("[data-camera]");
  await expect(camera).toHaveAttribute("data-camera", /^(on|unavailable|denied)$/, { timeout: 30_000 });
  await expect(camera).toHaveAttribute("data-camera", "on");
}

async function expectAnswer(page: Page, result: string, text: RegExp) {
  const answer = page.getByRole("alert");
  await expect(answer).toHaveAttribute("data-result", result, { timeout: 10_000 });
  await expect(answer).toContainText(text);
  // The page notes when the answer is painted (npm run bench:scanner measures this on a quiet machine).
  await expect(answer).toHaveAttribute("data-answer-ms", /\d/);
}

test("an organiser adds a check-in account, and a registration yields two tickets", async ({ page }) => {
  await signIn(page, ORGANISER);
  await page.goto("/admin/staff");
  await page.getByLabel("Name").fill(STAFF.name);
  await page.getByLabel("E-Mail-Adresse").fill(STAFF.email);
  await page.getByLabel("Rolle").selectOption("checkin");
  await page.getByLabel("Passwort", { exact: true }).fill("zu-kurz");
  await page.getByRole("button", { name: "Konto anlegen" }).click();
  await expect(page.getByText("Das Passwort muss mindestens 12 Zeichen lang sein.")).toBeVisible();
  await expect(page.getByLabel("Name")).toHaveValue(STAFF.name);
  await page.getByLabel("Passwort", { exact: true }).fill(STAFF.password);
  await page.getByRole("button", { name: "Konto anlegen" }).click();
  await expect(page.getByRole("row", { name: new RegExp(STAFF.email) })).toContainText("Einlass");

  await page.goto(REGISTER_PATH);
  await page.getByRole("radio", { name: /Fachpublikum \(kostenfrei\)/ }).check();
  await page.getByLabel("E-Mail-Adresse für Bestätigung und Änderungen").fill(uniqueEmail("scan"));
  const first = await fillPerson(page, 1, {
    firstName: people.withBus.first,
    lastName: people.withBus.last,
    email: uniqueEmail("anna"),
    organisation: "Stadt Lampertheim",
  });
  await first
    .getByRole("group", { name: /Exkursionen/ })
    .getByRole("radio", { name: /Exkursion Lampertheim/ })
    .check();
  await page.getByRole("button", { name: "Weitere Person hinzufügen" }).click();
  await fillPerson(page, 2, {
    firstName: people.withoutBus.first,
    lastName: people.withoutBus.last,
    email: uniqueEmail("ben"),
    organisation: "Gemeinde Biblis",
  });
  await page.getByLabel(/Ich habe den Datenschutzhinweis gelesen/).check();
  await page.getByRole("button", { name: "Verbindlich anmelden" }).click();
  await expectOnConfirmation(page);

  // The QR codes exactly as the confirmation page shows them.
  const shot = async (person: { first: string; last: string }) =>
    PNG.sync.read(
      await page
        .getByRole("img", { name: new RegExp(`QR-Code des Tickets für ${person.first} ${person.last}`) })
        .locator("svg")
        .screenshot(),
    );
  const [withBus, withoutBus] = [await shot(people.withBus), await shot(people.withoutBus)];
  mkdirSync(videos, { recursive: true });
  codes = { withBus: decodeQr(withBus), withoutBus: decodeQr(withoutBus) };
  // Signed: key id, secret, reference, Ed25519 signature (base32), all in the QR alphanumeric alphabet.
  expect(codes.withBus).toMatch(/^K2:[A-Z0-9]{4}:[2-9A-Z]{27}:[A-Z0-9-]+:[A-Z2-7]{103}$/);
  writeY4m(path.join(videos, "with-bus.y4m"), withBus);
  writeY4m(path.join(videos, "without-bus.y4m"), withoutBus);
  // The same ticket with one character of its signature changed: a forgery. (In the middle: the last character
  // of base32 also carries unused bits.)
  const forged = codes.withBus.slice(0, -20) + (codes.withBus.at(-20) === "A" ? "B" : "A") + codes.withBus.slice(-19);
  writeY4m(path.join(videos, "forged.y4m"), await qrPng(forged));
});

test("the camera admits a valid ticket at the entrance; a second device then says already checked in", async () => {
  const video = path.join(videos, "with-bus.y4m");
  const door = await phoneAt(/Einlass Bürgerhaus/, video);
  try {
    await expectAnswer(
      door.page,
      "valid",
      new RegExp(`${people.withBus.first} ${people.withBus.last}[\\s\\S]*Stadt Lampertheim[\\s\\S]*Exkursion Lampertheim`),
    );
    await expect(door.page.getByRole("alert")).toContainText("Fachpublikum");
  } finally {
    await door.browser.close();
  }
  const secondDevice = await phoneAt(/Einlass Bürgerhaus/, video);
  try {
    await expectAnswer(secondDevice.page, "already_checked_in", /Bereits eingecheckt[\s\S]*von Einlass Test/);
    // The camera keeps running: the page is ready for the next person by itself.
    await expect(secondDevice.page.getByRole("alert")).toBeHidden({ timeout: 8_000 });
    await expect(secondDevice.page.locator("video")).toBeVisible();
  } finally {
    await secondDevice.browser.close();
  }
});

test("the camera refuses a forged code and a ticket without this site visit on the bus", async () => {
  const forged = await phoneAt(/Einlass Bürgerhaus/, path.join(videos, "forged.y4m"));
  try {
    await expectAnswer(forged.page, "unknown_code", /Unbekannter oder gefälschter Code/);
  } finally {
    await forged.browser.close();
  }
  const bus = await phoneAt(/Bus \d: Lampertheim/, path.join(videos, "without-bus.y4m"));
  try {
    await expectAnswer(bus.page, "not_admitted", /Nicht gültig für diese Liste[\s\S]*nicht gebucht/);
  } finally {
    await bus.browser.close();
  }
});

test("a hand scanner types the code and Enter; the name search checks a person in and it can be undone", async ({ page }) => {
  await signIn(page, STAFF);
  await openScanner(page, /Bus \d: Lampertheim/);
  // A hand scanner is a keyboard: the code field has the focus from the start.
  await expect(page.getByLabel("Ticketcode (Handscanner oder Eingabe)")).toBeFocused();
  await page.keyboard.type(codes.withBus);
  await page.keyboard.press("Enter");
  await expectAnswer(page, "valid", new RegExp(`${people.withBus.first} ${people.withBus.last}`));
  // "Next" clears the answer at once (unless it has already gone by itself).
  await page
    .getByRole("button", { name: "Weiter" })
    .click({ timeout: 2_000 })
    .catch(() => undefined);
  await expect(page.getByRole("alert")).toBeHidden();
  await expect(page.getByText(/1 von \d+ eingecheckt/)).toBeVisible();

  await page.getByLabel("Nach Name, Organisation oder Ticketnummer suchen").fill(people.withoutBus.last);
  await page.getByRole("button", { name: "Suchen" }).click();
  const hit = page
    .getByRole("list", { name: "Suchergebnisse" })
    .getByRole("listitem")
    .filter({ hasText: `${people.withoutBus.first} ${people.withoutBus.last}` });
  await expect(hit).toContainText("nicht auf dieser Liste");
  await page.getByLabel("Nach Name, Organisation oder Ticketnummer suchen").fill(people.withBus.last);
  await page.getByRole("button", { name: "Suchen" }).click();
  const results = page.getByRole("list", { name: "Suchergebnisse" });
  await results.getByRole("button", { name: new RegExp(`Rückgängig.*${people.withBus.first} ${people.withBus.last}`) }).click();
  await expect(page.getByText("Check-in rückgängig gemacht.")).toBeVisible();
  await results.getByRole("button", { name: new RegExp(`Einchecken.*${people.withBus.first} ${people.withBus.last}`) }).click();
  await expect(page.getByRole("alert")).toHaveAttribute("data-result", "valid");
});

test("on a small phone the whole answer can be read and held; after it the next hand-scanner read is answered", async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 480 });
  await signIn(page, STAFF);
  await openScanner(page, /Einlass Bürgerhaus/);
  const code = page.getByLabel("Ticketcode (Handscanner oder Eingabe)");
  await expect(code).toBeFocused();
  // Checked in by the camera test before: a warning, which must be readable in full.
  await page.keyboard.type(codes.withBus);
  await page.keyboard.press("Enter");
  const answer = page.getByRole("alert");
  await expect(answer).toHaveAttribute("data-result", "already_checked_in");
  await page.getByRole("button", { name: "Anzeige halten" }).click();
  for (const size of [
    { width: 320, height: 480 },
    { width: 568, height: 320 },
  ]) {
    await page.setViewportSize(size);
    const title = answer.getByText("Bereits eingecheckt", { exact: true });
    await title.scrollIntoViewIfNeeded();
    const box = (await title.boundingBox())!;
    expect(box.x, `title inside ${size.width}×${size.height}`).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, `title inside ${size.width}×${size.height}`).toBeLessThanOrEqual(size.width);
    const next = answer.getByRole("button", { name: "Weiter" });
    await next.scrollIntoViewIfNeeded();
    await expect(next).toBeInViewport();
  }
  // Held: still there after the time it would have gone by itself.
  await page.waitForTimeout(5_500);
  await expect(answer).toBeVisible();
  await answer.getByRole("button", { name: "Weiter" }).click();
  await expect(answer).toBeHidden();
  await expect(code).toBeFocused();
  await page.keyboard.type("K1:AAAAAAAAAAAAAAAAAAAAAAAAAAA");
  await page.keyboard.press("Enter");
  await expect(answer).toHaveAttribute("data-result", "unknown_code");
});

test("two devices racing on one ticket check it in once", async ({ page }) => {
  await signIn(page, STAFF);
  await page.getByRole("link", { name: /Einlass Bürgerhaus/ }).click();
  await expect(page).toHaveURL(/\/checkin\/c[a-z0-9]+$/);
  const endpoint = `${new URL(page.url()).pathname}/scan`;
  // Both phones send the same ticket at the same moment, each with its own scan id.
  const answers = await Promise.all(
    ["phone-a", "phone-b"].map((device) =>
      page.request.post(endpoint, { form: { intent: "scan", code: codes.withoutBus, scanId: `${device}-${Date.now()}` } }).then(async (response) => {
        expect(response.status()).toBe(200);
        return ((await response.json()) as { answer: { result: string } }).answer.result;
      }),
    ),
  );
  expect(answers.sort()).toEqual(["already_checked_in", "valid"]);
});
