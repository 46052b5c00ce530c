import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureInitialAccounts } from "~/modules/staff/accounts.server";
import { checkLogin } from "~/modules/staff/login.server";
import { hashPassword, verifyPassword } from "~/modules/staff/passwords.server";
import { createStaffSession, requireStaff } from "~/modules/staff/session.server";
import { createTestDatabase } from "../support/database";

type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;
let database: TestDatabase;
let accounts: Awaited<ReturnType<typeof ensureInitialAccounts>>;

beforeAll(async () => {
  database = await createTestDatabase();
  accounts = await ensureInitialAccounts(database.write, { adminEmail: "Orga@Example.org", adminPassword: "a-long-organiser-password" });
});
afterAll(async () => {
  await database.dispose();
});

const request = (path: string, init: RequestInit = {}) => new Request(`http://localhost:3000${path}`, init);

describe("staff accounts and access", () => {
  it("creates the organiser from the configuration and a check-in account with a generated password, once", async () => {
    expect(accounts).toEqual([
      { email: "orga@example.org", password: null, role: "organiser" },
      { email: "einlass@kongress.local", password: expect.stringMatching(/^[A-Za-z2-9]{20}$/), role: "checkin" },
    ]);
    expect(await ensureInitialAccounts(database.write, {})).toEqual([]);
    const stored = await database.read.staffUser.findUniqueOrThrow({ where: { email: "orga@example.org" } });
    expect(stored.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(stored.passwordHash).not.toContain("a-long-organiser-password");
  });

  it("hashes with a salt and verifies only the right password", async () => {
    const [a, b] = [await hashPassword("Geheimnis"), await hashPassword("Geheimnis")];
    expect(a).not.toBe(b);
    expect(await verifyPassword("Geheimnis", a)).toBe(true);
    expect(await verifyPassword("geheimnis", a)).toBe(false);
  });

  it("limits failed logins per address", async () => {
    for (let i = 0; i < 5; i++) expect(await checkLogin(database, "orga@example.org", "wrong", `client-${i}`)).toEqual({ ok: false, reason: "invalid" });
    // Even the right password is refused now, from any client, until the window has passed.
    expect(await checkLogin(database, "orga@example.org", "a-long-organiser-password", "client-x")).toEqual({ ok: false, reason: "rate_limited" });
    expect(await checkLogin(database, "orga@example.org", "a-long-organiser-password", "client-x", Date.now() + 16 * 60_000)).toMatchObject({ ok: true });
  });

  it("refuses the back office without a session, to the wrong role, and across sites", async () => {
    const noSession = await requireStaff(database, request("/admin/mail")).catch((response: Response) => response);
    expect(noSession).toBeInstanceOf(Response);
    expect((noSession as Response).status).toBe(302);
    expect((noSession as Response).headers.get("Location")).toBe("/admin/login?redirectTo=%2Fadmin%2Fmail");

    const checkin = await database.read.staffUser.findUniqueOrThrow({ where: { email: "einlass@kongress.local" } });
    const checkinCookie = (await createStaffSession(database, checkin.id)).split(";")[0]!;
    const forbidden = await requireStaff(database, request("/admin/mail", { headers: { Cookie: checkinCookie } }), ["organiser"]).catch((response: Response) => response);
    expect((forbidden as Response).status).toBe(403);
    expect(await requireStaff(database, request("/admin", { headers: { Cookie: checkinCookie } }), ["organiser", "checkin"])).toMatchObject({ role: "checkin" });

    const organiser = await database.read.staffUser.findUniqueOrThrow({ where: { email: "orga@example.org" } });
    const cookie = (await createStaffSession(database, organiser.id)).split(";")[0]!;
    const crossSite = await requireStaff(database, request("/admin/mail/x", { method: "POST", headers: { Cookie: cookie, Origin: "https://evil.example" } })).catch((response: Response) => response);
    expect((crossSite as Response).status).toBe(403);
    expect(await requireStaff(database, request("/admin/mail/x", { method: "POST", headers: { Cookie: cookie, Origin: "http://localhost:3000" } }))).toMatchObject({ role: "organiser" });

    // A tampered cookie is no session.
    const tampered = cookie.replace(/.$/, (last) => (last === "A" ? "B" : "A"));
    const refused = await requireStaff(database, request("/admin", { headers: { Cookie: tampered } })).catch((response: Response) => response);
    expect((refused as Response).status).toBe(302);
  });
});
