import { expect, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { readFileSync } from "node:fs";
import http from "node:http";
import { REGISTER_PATH, uniqueEmail } from "./support/helpers";

/**
 * Requests that must not hurt the server or anyone else, sent to the real production server: oversized
 * bodies, forms in the wrong shape, wrong methods, other sites' forms, redirects elsewhere. Each gets a
 * readable 4xx page, changes nothing and leaves no server error in the log; the server keeps serving.
 */
const baseURL = () => test.info().project.use.baseURL!;
const SERVER_ERRORS_LOG = ".tmp/e2e/server.err";
const SERVER_ERROR_SIGNS =
  /Unexpected Server Error|Content-Type was not one of|Failed to parse body|host header does not match|Headers\.set|heap out of memory|did not provide an `action`/;

/** Posts `bytes` of a url-encoded body in 1 MB pieces with a raw socket, and returns the status the server answers with. */
function postHuge(path: string, bytes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, baseURL());
    const request = http.request(url, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(bytes) } });
    request.on("response", (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on("error", reject);
    const piece = Buffer.alloc(1024 * 1024, "a");
    let sent = 0;
    const writeMore = () => {
      while (sent < bytes) {
        sent += piece.length;
        if (!request.write(sent === piece.length ? Buffer.concat([Buffer.from("firstName="), piece.subarray(10)]) : piece))
          return request.once("drain", writeMore);
      }
      request.end();
    };
    writeMore();
  });
}

async function registrationForm(request: APIRequestContext) {
  const page = await (await request.get(REGISTER_PATH)).text();
  const ticketTypeId = /name="ticketTypeId" value="([a-z0-9]+)"/.exec(page)?.[1];
  expect(ticketTypeId).toBeTruthy();
  const email = uniqueEmail("haerte");
  return {
    ticketTypeId: ticketTypeId!,
    contactEmail: email,
    "attendees[0].firstName": "Hanna",
    "attendees[0].lastName": "Härte",
    "attendees[0].email": email,
    "attendees[0].organisation": "Stadt Viernheim",
    invoiceAddress: "Stadt Viernheim\nKettelerstraße 3\n68519 Viernheim",
    privacyConsent: "on",
    intent: "register",
  };
}

test("bytes that are not UTF-8 in a form are refused next to the field, not stored as U+FFFD behind a success page", async ({ request }) => {
  const form = await registrationForm(request);
  // "H%E4rte": Latin-1's ä, which a misconfigured client sends; UTF-8 readers turn it into U+FFFD.
  const body = new URLSearchParams({ ...form, "attendees[0].lastName": "HXXrte" }).toString().replace("HXXrte", "H%E4rte");
  const response = await request.post(REGISTER_PATH, { headers: { "Content-Type": "application/x-www-form-urlencoded" }, data: body, maxRedirects: 0 });
  expect(response.status()).toBe(400);
  expect(await response.text()).toContain("unsichtbare Zeichen");
  // Nothing was stored: the same person registers now.
  expect((await request.post(REGISTER_PATH, { form, maxRedirects: 0 })).status()).toBe(303);
});

test("a person's page answers every outsider with the same 404, before it reads anything about the person", async ({ request }) => {
  const registerOne = async () => {
    const response = await request.post(REGISTER_PATH, { form: await registrationForm(request), maxRedirects: 0 });
    expect(response.status()).toBe(303);
    const manage = new URL(response.headers().location!, baseURL()).pathname;
    const page = await (await request.get(manage)).text();
    const person = new RegExp(`${manage}/people/([a-z0-9]+)`).exec(page)![1]!;
    return { manage, person };
  };
  const first = await registerOne();
  const second = await registerOne();
  const unknownLink = `/registrations/${"x".repeat(32)}`;
  // Another registration's link, a made-up link, and an unknown person: the same answer, nothing about questions.
  for (const path of [`${second.manage}/people/${first.person}`, `${unknownLink}/people/${first.person}`, `${first.manage}/people/cunknown0000`]) {
    const response = await request.post(path, { form: { intent: "details" }, maxRedirects: 0 });
    expect(response.status(), path).toBe(404);
    expect(await response.text(), path).not.toMatch(/q\.[a-z0-9]{8,}/);
  }
});

test("a 50 MB form is refused with 413 at once, and the same server then registers someone", async ({ request }) => {
  for (const path of [REGISTER_PATH, "/admin/login"]) expect(await postHuge(path, 50 * 1024 * 1024), path).toBe(413);
  const refused = await request.post(REGISTER_PATH, { form: { "attendees[0].firstName": "x".repeat(70_000) } });
  expect(refused.status()).toBe(413);
  expect(await refused.text()).toContain("Anfrage zu groß");

  const registered = await request.post(REGISTER_PATH, { form: await registrationForm(request), maxRedirects: 0 });
  expect(registered.status()).toBe(303);
  expect(registered.headers().location).toMatch(/^\/registrations\//);
});

test("a refused form echoes each value at most a thousand characters long", async ({ request }) => {
  const form = { ...(await registrationForm(request)), "attendees[0].lastName": "ä".repeat(9_000) };
  const response = await request.post(REGISTER_PATH, { form });
  expect(response.status()).toBe(400);
  const page = await response.text();
  expect(page).toContain("höchstens 100 Zeichen");
  expect(page.length).toBeLessThan(120_000);
  expect(page).not.toContain("ä".repeat(1001));
});

test("a group of eleven or of nobody is refused with a message saying so, and no person is dropped", async ({ request }) => {
  const base = await registrationForm(request);
  const eleven: Record<string, string> = { ...base };
  for (let i = 1; i <= 10; i++) {
    Object.assign(eleven, {
      [`attendees[${i * 15}].firstName`]: `P${i}`,
      [`attendees[${i * 15}].lastName`]: "Gruppe",
      [`attendees[${i * 15}].email`]: uniqueEmail(`g${i}`),
    });
  }
  const tooMany = await request.post(REGISTER_PATH, { form: eleven });
  expect(tooMany.status()).toBe(400);
  const page = await tooMany.text();
  expect(page).toContain("Pro Anmeldung sind höchstens 10 Personen möglich.");
  expect(page).toContain("Person 11");

  const nobody = Object.fromEntries(Object.entries(base).filter(([name]) => !name.startsWith("attendees[")));
  const none = await request.post(REGISTER_PATH, { form: nobody });
  expect(none.status()).toBe(400);
  expect(await none.text()).toContain("Bitte mindestens eine Person angeben.");
});

test("forms in the wrong shape, other methods and other sites' forms get a readable 4xx and change nothing", async ({ request }) => {
  const crossSiteForm = await registrationForm(request);
  const cases: { what: string; send: () => Promise<APIResponse>; status: number }[] = [
    { what: "JSON", send: () => request.post(REGISTER_PATH, { data: { contactEmail: "a@b.example" } }), status: 415 },
    {
      what: "text/plain",
      send: () => request.post(REGISTER_PATH, { headers: { "Content-Type": "text/plain" }, data: "contactEmail=a@b.example" }),
      status: 415,
    },
    { what: "no content type", send: () => request.post("/admin/login", { data: Buffer.from("email=a") }), status: 415 },
    {
      what: "broken multipart",
      send: () => request.post(REGISTER_PATH, { headers: { "Content-Type": "multipart/form-data; boundary=x" }, data: "--x\r\ngarbage" }),
      status: 415,
    },
    { what: "DELETE", send: () => request.delete(REGISTER_PATH), status: 405 },
    { what: "a form to a page that takes none", send: () => request.post("/", { form: { x: "1" } }), status: 405 },
    { what: "PUT on the sign-in", send: () => request.put("/admin/login", { form: { email: "a@b.example" } }), status: 405 },
    {
      what: "another site's form",
      send: () => request.post("/admin/login", { headers: { Origin: "https://evil.example" }, form: { email: "orga@e2e.example", password: "x" } }),
      status: 403,
    },
    {
      // The app's own origin, but a forwarded host of another site: Remix answered a bare 500 and logged a stack.
      what: "a form naming another host in X-Forwarded-Host",
      send: () =>
        request.post("/admin/login", {
          headers: { Origin: new URL(baseURL()).origin, "X-Forwarded-Host": "evil.example" },
          form: { email: "orga@e2e.example", password: "x" },
        }),
      status: 400,
    },
    { what: "a page asked for under another forwarded host", send: () => request.get("/", { headers: { "X-Forwarded-Host": "evil.example" } }), status: 400 },
    {
      what: "another site's registration",
      send: () => request.post(REGISTER_PATH, { headers: { Origin: "https://evil.example" }, form: crossSiteForm }),
      status: 403,
    },
  ];
  for (const { what, send, status } of cases) {
    const response = await send();
    expect(response.status(), what).toBe(status);
    expect(response.headers()["content-type"], what).toContain("text/html");
    expect(await response.text(), what).toMatch(/<h1>[^<]+<\/h1>/);
  }
  // Nothing was booked: the same person registers now, which a stored registration of theirs would refuse.
  const registered = await request.post(REGISTER_PATH, { form: crossSiteForm, maxRedirects: 0 });
  expect(registered.status()).toBe(303);
  expect(readFileSync(SERVER_ERRORS_LOG, "utf8")).not.toMatch(SERVER_ERROR_SIGNS);
});

test("a form from the app's public address that arrives under another Host (a proxy rewriting it, the bare IP) is answered, not a 500", async () => {
  const url = new URL("/admin/login", baseURL());
  const body = new URLSearchParams({ email: "nobody@e2e.example", password: "not-the-password" }).toString();
  const status = await new Promise<number>((resolve, reject) => {
    const request = http.request(url, {
      method: "POST",
      headers: {
        Host: `127.0.0.1:${url.port}`,
        Origin: new URL(baseURL()).origin,
        "Content-Type": "application/x-www-form-urlencoded",
        "Content-Length": String(Buffer.byteLength(body)),
      },
    });
    request.on("response", (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on("error", reject);
    request.end(body);
  });
  expect(status).toBe(401);
  expect(readFileSync(SERVER_ERRORS_LOG, "utf8")).not.toMatch(SERVER_ERROR_SIGNS);
});

test("after signing in or switching language, nobody is sent to another site", async ({ playwright }) => {
  const context = await playwright.request.newContext({ baseURL: baseURL(), maxRedirects: 0 });
  for (const redirectTo of ["/\t/evil.example", "//evil.example", "/\\evil.example", "/.//evil.example", "https://evil.example"]) {
    const language = await context.post("/language", { form: { language: "en", redirectTo } });
    expect(language.status(), redirectTo).toBe(303);
    expect(language.headers().location, redirectTo).toBe("/");
  }
  const crlf = await context.post("/language", { form: { language: "de", redirectTo: "/\r\nSet-Cookie: x=1" } });
  expect(crlf.status()).toBe(303);
  expect(crlf.headers().location).toBe("/");
  const back = await context.post("/language", { form: { language: "de", redirectTo: "/events?x=1" } });
  expect(back.headers().location).toBe("/events?x=1");

  const signIn = await context.post("/admin/login", {
    form: { email: "orga@e2e.example", password: "e2e-organiser-password", redirectTo: "/\t/evil.example" },
  });
  expect(signIn.status()).toBe(303);
  expect(signIn.headers().location).toBe("/admin");
  await context.dispose();
  expect(readFileSync(SERVER_ERRORS_LOG, "utf8")).not.toMatch(SERVER_ERROR_SIGNS);
});

test("security headers: a content security policy the pages work under, the camera only for the team's pages, no caching of them", async ({
  page,
  request,
}) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/.test(message.text())) violations.push(message.text());
  });
  const response = await page.goto(REGISTER_PATH);
  const headers = response!.headers();
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["permissions-policy"]).toContain("camera=()");
  expect(headers["referrer-policy"]).toBe("same-origin");
  expect(headers["strict-transport-security"], "no HSTS on a plain-http installation").toBeUndefined();
  // The page hydrates under the policy: adding a person happens without a page load and focuses the new person.
  await page.getByRole("button", { name: "Weitere Person hinzufügen" }).click();
  await expect(page.getByRole("group", { name: "Person 2", exact: true }).getByLabel("Vorname")).toBeFocused();
  expect(violations).toEqual([]);

  const checkin = await request.get("/checkin", { maxRedirects: 0 });
  expect(checkin.headers()["permissions-policy"]).toContain("camera=(self)");
  expect(checkin.headers()["cache-control"]).toBe("no-store");
  const admin = await request.get("/admin/login");
  expect(admin.headers()["cache-control"]).toBe("no-store");

  const manage = await request.post(REGISTER_PATH, { form: await registrationForm(request), maxRedirects: 0 });
  const managePage = await request.get(manage.headers().location!);
  const referrer = managePage.headersArray().filter((header) => header.name.toLowerCase() === "referrer-policy");
  expect(referrer, "the manage page sends Referrer-Policy once").toHaveLength(1);
  expect(managePage.headers()["cache-control"]).toBe("private, no-store");
});

test("the files beside the app (favicon, icons, manifest, service worker) are served for an hour, other paths reach the app", async ({ request }) => {
  for (const file of ["/favicon.svg", "/manifest.webmanifest", "/sw.js"]) {
    const response = await request.get(file);
    expect(response.status(), file).toBe(200);
    expect(response.headers()["cache-control"], file).toBe("public, max-age=3600");
  }
  const missing = await request.get("/favicon.svg.bak");
  expect(missing.status()).toBe(404);
  expect(await missing.text(), "an unknown path gets the app's own page").toContain("<html");
});
