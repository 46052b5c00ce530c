import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureInitialAccounts } from "~/modules/staff/accounts.server";
import { openDatabase } from "~/db.server";
import { LoginLimiter, databaseCounters } from "~/modules/staff/login-limiter.server";
import { checkLogin } from "~/modules/staff/login.server";
import { hashPassword, verifyPassword } from "~/modules/staff/passwords.server";
import { setStaffPassword } from "~/modules/staff/manage.server";
import { ChangePasswordSchema } from "~/modules/staff/schema";
import { createStaffSession, requireStaff, staffSessionId } from "~/modules/staff/session.server";
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

  it("reserves each sign-in attempt before hashing, so parallel wrong passwords cannot slip past the limit, also spread over two instances", async () => {
    // A second instance: its own connections to the same database, its own limiter on the same counters. (PostgreSQL
    // only: SQLite is one instance per file, and a second connection writing in this process would block the event
    // loop while it waits for the first.)
    const otherInstance = database.dialect === "postgresql" ? await openDatabase(database.url) : database;
    const limiters = [database, otherInstance].map((instance) => ({ instance, limits: new LoginLimiter(databaseCounters(instance)) }));
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, (_, i) => {
        const { instance, limits } = limiters[i % 2]!;
        return checkLogin(instance, "orga@example.org", "wrong", "203.0.113.50", Date.now(), limits);
      }),
    );
    if (otherInstance !== database) await otherInstance.close();
    const reasons = outcomes.map((outcome) => (outcome.ok ? "ok" : outcome.reason));
    expect(reasons.filter((reason) => reason === "invalid")).toHaveLength(5);
    expect(reasons.filter((reason) => reason === "rate_limited")).toHaveLength(45);
  });

  it("does not let wrong passwords from one address lock the organiser out elsewhere", async () => {
    const limits = new LoginLimiter(databaseCounters(database));
    for (let i = 0; i < 8; i++) await checkLogin(database, "orga@example.org", "wrong", "198.51.100.66", Date.now(), limits);
    expect(await checkLogin(database, "orga@example.org", "a-long-organiser-password", "198.51.100.66", Date.now(), limits)).toMatchObject({
      reason: "rate_limited",
    });
    expect(await checkLogin(database, "Orga@Example.org", "a-long-organiser-password", "192.0.2.10", Date.now(), limits)).toMatchObject({ ok: true });
    // The attacker's address may try again once its wait is over.
    expect(await checkLogin(database, "orga@example.org", "a-long-organiser-password", "198.51.100.66", Date.now() + 16 * 60_000, limits)).toMatchObject({
      ok: true,
    });
  });

  it("hashes at most a few passwords at once and refuses the rest instead of filling the thread pool", async () => {
    const limits = new LoginLimiter(databaseCounters(database));
    const outcomes = await Promise.all(
      Array.from({ length: 100 }, (_, i) => checkLogin(database, "orga@example.org", "wrong", `10.9.0.${i}`, Date.now(), limits)),
    );
    const busy = outcomes.filter((outcome) => !outcome.ok && outcome.reason === "busy").length;
    expect(busy).toBeGreaterThan(0);
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(0);
    // Refused as busy, an attempt was not checked: it does not count against the address.
    expect(await checkLogin(database, "orga@example.org", "a-long-organiser-password", "10.9.0.99", Date.now(), limits)).toMatchObject({ ok: true });
  });

  it("refuses the back office without a session, to the wrong role, and across sites", async () => {
    const noSession = await requireStaff(database, request("/admin/mail")).catch((response: Response) => response);
    expect(noSession).toBeInstanceOf(Response);
    expect((noSession as Response).status).toBe(302);
    expect((noSession as Response).headers.get("Location")).toBe("/admin/login?redirectTo=%2Fadmin%2Fmail");

    const checkin = await database.read.staffUser.findUniqueOrThrow({ where: { email: "einlass@kongress.local" } });
    const checkinCookie = (await createStaffSession(database, checkin.id)).split(";")[0]!;
    const forbidden = await requireStaff(database, request("/admin/mail", { headers: { Cookie: checkinCookie } }), ["organiser"]).catch(
      (response: Response) => response,
    );
    expect((forbidden as Response).status).toBe(403);
    expect(await requireStaff(database, request("/admin", { headers: { Cookie: checkinCookie } }), ["organiser", "checkin"])).toMatchObject({
      role: "checkin",
    });

    const organiser = await database.read.staffUser.findUniqueOrThrow({ where: { email: "orga@example.org" } });
    const cookie = (await createStaffSession(database, organiser.id)).split(";")[0]!;
    const crossSite = await requireStaff(
      database,
      request("/admin/mail/x", { method: "POST", headers: { Cookie: cookie, Origin: "https://evil.example" } }),
    ).catch((response: Response) => response);
    expect((crossSite as Response).status).toBe(403);
    expect(
      await requireStaff(database, request("/admin/mail/x", { method: "POST", headers: { Cookie: cookie, Origin: "http://localhost:3000" } })),
    ).toMatchObject({ role: "organiser" });

    // A tampered cookie is no session.
    const tampered = cookie.replace(/.$/, (last) => (last === "A" ? "B" : "A"));
    const refused = await requireStaff(database, request("/admin", { headers: { Cookie: tampered } })).catch((response: Response) => response);
    expect((refused as Response).status).toBe(302);
  });
});

describe("passwords of the team", () => {
  it("a new password works at once, the old one no longer, and other sessions end", async () => {
    const member = await database.write.staffUser.create({
      data: { email: `pw-${Date.now()}@example.org`, name: "Passwort Test", passwordHash: await hashPassword("das-alte-passwort-123"), role: "checkin" },
    });
    const phone = (await createStaffSession(database, member.id)).split(";")[0]!;
    const laptop = (await createStaffSession(database, member.id)).split(";")[0]!;
    const laptopId = await staffSessionId(request("/", { headers: { Cookie: laptop } }));
    expect(await setStaffPassword(database, member.id, "das-neue-passwort-456", laptopId)).toBe(true);

    expect(
      await checkLogin(database, member.email, "das-neue-passwort-456", "192.0.2.77", Date.now(), new LoginLimiter(databaseCounters(database))),
    ).toMatchObject({ ok: true });
    expect(
      await checkLogin(database, member.email, "das-alte-passwort-123", "192.0.2.77", Date.now(), new LoginLimiter(databaseCounters(database))),
    ).toMatchObject({
      reason: "invalid",
    });
    // The device that changed it stays signed in; the other is signed out.
    expect(await requireStaff(database, request("/checkin", { headers: { Cookie: laptop } }), ["checkin"])).toMatchObject({ id: member.id });
    const signedOut = await requireStaff(database, request("/checkin", { headers: { Cookie: phone } }), ["checkin"]).catch((response: Response) => response);
    expect((signedOut as Response).status).toBe(302);

    // An organiser's reset ends every session of the person.
    expect(await setStaffPassword(database, member.id, "vom-team-gesetzt-789")).toBe(true);
    const afterReset = await requireStaff(database, request("/checkin", { headers: { Cookie: laptop } }), ["checkin"]).catch((response: Response) => response);
    expect((afterReset as Response).status).toBe(302);
  });

  it("asks for the new password twice and at least twelve characters", () => {
    expect(
      ChangePasswordSchema.safeParse({ currentPassword: "x", newPassword: "lang-genug-123", confirmPassword: "lang-genug-124" }).error?.issues[0],
    ).toMatchObject({ path: ["confirmPassword"], message: "errors.passwordMismatch" });
    expect(ChangePasswordSchema.safeParse({ currentPassword: "x", newPassword: "kurz", confirmPassword: "kurz" }).error?.issues[0]).toMatchObject({
      path: ["newPassword"],
      message: "errors.passwordTooShort",
    });
  });
});
