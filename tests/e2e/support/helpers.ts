import { expect, type Page } from "@playwright/test";

export const EVENT_PATH = "/events/fachkongress-quartiersentwicklung";
export const REGISTER_PATH = `${EVENT_PATH}/register`;

let sequence = 0;
/** An email address no other test (or earlier run on the same database) uses. */
export function uniqueEmail(name: string) {
  sequence += 1;
  return `${name}.${Date.now().toString(36)}${sequence}${Math.floor(Math.random() * 1e6)}@kommune.example`;
}

export type PersonDetails = { firstName: string; lastName: string; email: string; organisation: string; jobFunction?: string };

/** Fills the fields of person `number` (1-based) by their visible labels, as a person would. */
export async function fillPerson(page: Page, number: number, person: PersonDetails) {
  const group = page.getByRole("group", { name: `Person ${number}`, exact: true });
  await group.getByLabel("Vorname").fill(person.firstName);
  await group.getByLabel("Nachname").fill(person.lastName);
  await group.getByLabel("E-Mail-Adresse").fill(person.email);
  await group.getByLabel("Organisation / Kommune").fill(person.organisation);
  if (person.jobFunction) await group.getByLabel("Funktion").fill(person.jobFunction);
  return group;
}

export async function expectOnConfirmation(page: Page) {
  await expect(page).toHaveURL(/\/registrations\/[A-Za-z0-9_-]{32}$/);
  await expect(page.getByRole("heading", { level: 1, name: "Sie sind angemeldet" })).toBeVisible();
}

/** Signs a team member in through the sign-in page. */
export async function signIn(page: Page, account: { email: string; password: string }) {
  await page.goto("/admin/login");
  await page.getByLabel("E-Mail-Adresse").fill(account.email);
  await page.getByLabel("Passwort").fill(account.password);
  await page.getByRole("button", { name: "Anmelden" }).click();
  await expect(page).not.toHaveURL(/login/);
}
