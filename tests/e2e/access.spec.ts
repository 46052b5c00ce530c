import { expect, test, type APIRequest, type APIRequestContext } from "@playwright/test";
import { readdirSync } from "node:fs";
import { uniqueEmail } from "./support/helpers";

/**
 * Every back-office and check-in route, every method it answers, walked against the real server three
 * ways: without a session (sent to the sign-in page), as check-in staff (refused unless it is a check-in
 * route) and as an organiser (allowed). A new route file that is not listed here fails the test.
 */
type Access = "organiser" | "checkin";
const ROUTES: { file: string; path: string; methods: ("GET" | "POST")[]; access: Access }[] = [
  { file: "admin._index.tsx", path: "/admin", methods: ["GET"], access: "organiser" },
  { file: "admin.account.tsx", path: "/admin/account", methods: ["GET", "POST"], access: "checkin" },
  { file: "admin.attendees._index.tsx", path: "/admin/attendees", methods: ["GET"], access: "organiser" },
  { file: "admin.attendees.export.ts", path: "/admin/attendees/export?format=csv", methods: ["GET"], access: "organiser" },
  { file: "admin.badges.ts", path: "/admin/badges", methods: ["GET"], access: "organiser" },
  { file: "admin.statistics.ts", path: "/admin/statistics", methods: ["GET"], access: "organiser" },
  { file: "admin.items.$itemId.list.ts", path: "/admin/items/unknown-item/list?format=pdf", methods: ["GET"], access: "organiser" },
  { file: "admin.attendees.$id.tsx", path: "/admin/attendees/{attendee}", methods: ["GET", "POST"], access: "organiser" },
  { file: "admin.attendees.$id.certificate[.pdf].ts", path: "/admin/attendees/{attendee}/certificate.pdf", methods: ["GET"], access: "organiser" },
  { file: "admin.approvals.tsx", path: "/admin/approvals", methods: ["GET", "POST"], access: "organiser" },
  { file: "admin.scans.tsx", path: "/admin/scans", methods: ["GET", "POST"], access: "organiser" },
  { file: "admin.scans.$listId.paper.ts", path: "/admin/scans/{list}/paper", methods: ["GET"], access: "organiser" },
  { file: "checkin.$listId.offline[.json].ts", path: "/checkin/{list}/offline.json", methods: ["GET"], access: "checkin" },
  { file: "checkin.$listId.sync.ts", path: "/checkin/{list}/sync", methods: ["POST"], access: "checkin" },
  { file: "admin.payments.tsx", path: "/admin/payments", methods: ["GET", "POST"], access: "organiser" },
  { file: "admin.payments.export.ts", path: "/admin/payments/export", methods: ["GET"], access: "organiser" },
  { file: "admin.invoices.$invoiceId.$format.ts", path: "/admin/invoices/unknown-invoice/pdf", methods: ["GET"], access: "organiser" },
  { file: "admin.legal.tsx", path: "/admin/legal", methods: ["GET", "POST"], access: "organiser" },
  { file: "admin.audit.tsx", path: "/admin/audit", methods: ["GET"], access: "organiser" },
  { file: "admin.messages._index.tsx", path: "/admin/messages", methods: ["GET", "POST"], access: "organiser" },
  { file: "admin.messages.new.tsx", path: "/admin/messages/new", methods: ["GET", "POST"], access: "organiser" },
  { file: "admin.messages.$id.tsx", path: "/admin/messages/unknown-message", methods: ["GET"], access: "organiser" },
  { file: "admin.events._index.tsx", path: "/admin/events", methods: ["GET"], access: "organiser" },
  { file: "admin.events.$eventId._index.tsx", path: "/admin/events/{event}", methods: ["GET", "POST"], access: "organiser" },
  { file: "admin.events.$eventId.$kind.$id.tsx", path: "/admin/events/{event}/ticket-types/new", methods: ["GET", "POST"], access: "organiser" },
  { file: "admin.events.$eventId.copy.tsx", path: "/admin/events/{event}/copy", methods: ["GET", "POST"], access: "organiser" },
  { file: "admin.events.$eventId.report.tsx", path: "/admin/events/{event}/report", methods: ["GET"], access: "organiser" },
  { file: "admin.events.$eventId.report.$format.ts", path: "/admin/events/{event}/report/xlsx", methods: ["GET"], access: "organiser" },
  { file: "admin.mail._index.tsx", path: "/admin/mail", methods: ["GET"], access: "organiser" },
  { file: "admin.mail.$id.tsx", path: "/admin/mail/{mail}", methods: ["GET", "POST"], access: "organiser" },
  { file: "admin.mail.$id.preview.ts", path: "/admin/mail/{mail}/preview", methods: ["GET"], access: "organiser" },
  { file: "admin.staff.tsx", path: "/admin/staff", methods: ["GET", "POST"], access: "organiser" },
  { file: "checkin._index.tsx", path: "/checkin", methods: ["GET"], access: "checkin" },
  { file: "checkin.$listId.tsx", path: "/checkin/{list}", methods: ["GET", "POST"], access: "checkin" },
  { file: "checkin.$listId.scan.ts", path: "/checkin/{list}/scan", methods: ["POST"], access: "checkin" },
];
/** Open to everyone by design: the sign-in page and signing out. */
const PUBLIC_TEAM_ROUTES = ["admin_.login.tsx", "admin_.logout.tsx"];
/** The back office's layout: no page of its own; its loader guards nothing on its own (each page checks its role). */
const LAYOUTS = ["admin.tsx"];

const ORGANISER = { email: "orga@e2e.example", password: "e2e-organiser-password" };
const CHECKIN = { email: uniqueEmail("access"), password: "access-test-password-1" };

async function signedIn(playwright: { request: APIRequest }, baseURL: string, account: { email: string; password: string } | null) {
  const context = await playwright.request.newContext({ baseURL, maxRedirects: 0 });
  if (account) {
    const response = await context.post("/admin/login", { form: { ...account, redirectTo: "/admin" } });
    expect(response.status(), `sign-in of ${account.email}`).toBe(303);
  }
  return context;
}

test("every back-office route refuses visitors without a session and check-in staff where it must", async ({ playwright }) => {
  const baseURL = test.info().project.use.baseURL!;
  const teamFiles = readdirSync("app/routes").filter(
    (file) => /^(admin|checkin)_?[.]/.test(file) && !PUBLIC_TEAM_ROUTES.includes(file) && !LAYOUTS.includes(file),
  );
  expect(teamFiles.sort(), "every back-office route file is walked by this test").toEqual(ROUTES.map((route) => route.file).sort());

  const organiser = await signedIn(playwright, baseURL, ORGANISER);
  const created = await organiser.post("/admin/staff", {
    form: { intent: "create", name: "Zugriffstest", email: CHECKIN.email, role: "checkin", password: CHECKIN.password },
  });
  expect(created.status()).toBe(303);
  const checkin = await signedIn(playwright, baseURL, CHECKIN);
  const nobody = await signedIn(playwright, baseURL, null);

  // Real ids where the route needs one to answer at all.
  const listsPage = await (await checkin.get("/checkin")).text();
  const list = /href="\/checkin\/([a-z0-9]+)"/.exec(listsPage)?.[1];
  const eventsPage = await (await organiser.get("/admin/events")).text();
  const event = /href="\/admin\/events\/([a-z0-9]+)"/.exec(eventsPage)?.[1];
  expect(list && event).toBeTruthy();
  const ids: Record<string, string> = { list: list!, event: event!, attendee: "unknown-attendee", mail: "unknown-mail" };

  const send = (context: APIRequestContext, method: "GET" | "POST", path: string) =>
    method === "GET" ? context.get(path) : context.post(path, { form: { intent: "scan", code: "K1:AAAAAAAAAAAAAAAAAAAAAAAAAAA" } });

  for (const route of ROUTES) {
    const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => ids[name]!);
    for (const method of route.methods) {
      const what = `${method} ${path}`;
      const anonymous = await send(nobody, method, path);
      expect(anonymous.status(), `${what} without a session`).toBe(302);
      expect(anonymous.headers().location, `${what} without a session`).toMatch(/^\/admin\/login\?redirectTo=/);
      expect(await anonymous.text(), `${what} without a session leaks nothing`).not.toMatch(/Nachname|Last name|%PDF|PK/);

      const asCheckin = await send(checkin, method, path);
      if (route.access === "organiser") {
        // The dashboard sends check-in staff on to their scanner; everything else is refused outright.
        if (route.file === "admin._index.tsx") expect(asCheckin.headers().location, what).toBe("/checkin");
        else expect(asCheckin.status(), `${what} as check-in staff`).toBe(403);
      } else {
        // Let in: neither sent to sign in nor refused (a form with the wrong fields may still be a 400).
        expect([302, 403], `${what} as check-in staff`).not.toContain(asCheckin.status());
        expect(asCheckin.status(), `${what} as check-in staff`).toBeLessThan(500);
      }

      if (method === "GET") {
        const asOrganiser = await send(organiser, method, path);
        expect([200, 404], `${what} as organiser`).toContain(asOrganiser.status());
      }
    }
  }
  await Promise.all([organiser, checkin, nobody].map((context) => context.dispose()));
});
