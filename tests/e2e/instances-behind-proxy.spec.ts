import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import http2 from "node:http2";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { Agent, request } from "undici";
import { openDatabase, type Database } from "../../app/db.server";
import { attendeeValues, createTestEvent, registrationValues, toFormData } from "../support/factories";
import { createDatabase, databaseUrl as withDatabaseName, dropDatabase } from "../support/postgres";
import { localAddresses, nginxBinary, startProxy } from "../../scripts/proxy.mjs";

/**
 * The scale-out configuration as deployed (docs/deployment.md): two `npm start` processes on one PostgreSQL
 * database, started at the same moment, behind Debian's nginx with the project's site file and a certificate
 * made by scripts/proxy.mjs. Runs when scripts/test.sh found a PostgreSQL server and nginx is installed.
 */
const SERVER = process.env.KONGRESS_TEST_POSTGRES_URL;
test.skip(!SERVER || !nginxBinary(), "needs a PostgreSQL server (KONGRESS_TEST_POSTGRES_URL) and nginx");
test.describe.configure({ mode: "serial", timeout: 120_000 });

const PORTS = { app: [3241, 3242], https: 3243, http: 3244 };
const ORIGIN = `https://localhost:${PORTS.https}`;
const ORGANISER = { email: "orga@proxy.example", password: "proxy-organiser-password" };
const dir = path.resolve(".tmp/e2e/proxy");
const name = `kongress_proxy_${randomBytes(4).toString("hex")}`;
let databaseUrl = "";
let instances: ChildProcess[] = [];
let nginx: ChildProcess | undefined;
let database: Database;
let https: Agent;

async function untilUp(url: string, agent?: Agent) {
  for (let attempt = 0; attempt < 240; attempt++) {
    try {
      const response = await request(url, agent ? { dispatcher: agent } : {});
      await response.body.dump();
      if (response.statusCode === 200) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not come up`);
}

test.beforeAll(async () => {
  databaseUrl = withDatabaseName(SERVER!, name);
  await createDatabase(SERVER!, name);
  const secret = randomBytes(32).toString("hex");
  // Both at once, on an empty database: one migrates and seeds, the other waits for it.
  instances = PORTS.app.map((port) =>
    spawn(process.execPath, ["--max-old-space-size=192", "dist/start.mjs"], {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        HOST: "127.0.0.1",
        BASE_URL: ORIGIN,
        TRUST_PROXY: "loopback",
        SESSION_SECRET: secret,
        ADMIN_EMAIL: ORGANISER.email,
        ADMIN_PASSWORD: ORGANISER.password,
        SMTP_URL: "",
        STRIPE_SECRET_KEY: "",
        STRIPE_WEBHOOK_SECRET: "",
      },
      stdio: ["ignore", "ignore", "inherit"],
    }),
  );
  nginx = await startProxy({ dir, upstreams: PORTS.app.map((port) => `127.0.0.1:${port}`), httpsPort: PORTS.https, httpPort: PORTS.http });
  https = new Agent({ connect: { ca: readFileSync(path.join(dir, "certificate.pem")), servername: "localhost" }, connections: 50 });
  await Promise.all(PORTS.app.map((port) => untilUp(`http://127.0.0.1:${port}/healthz`)));
  await untilUp(`${ORIGIN}/healthz`, https);
  database = await openDatabase(databaseUrl);
});

test.afterAll(async () => {
  await database?.close();
  await https?.close();
  for (const instance of instances) instance.kill("SIGTERM");
  nginx?.kill("SIGQUIT");
  await Promise.all(instances.map((instance) => new Promise((resolve) => (instance.exitCode !== null ? resolve(null) : instance.once("exit", resolve)))));
  await dropDatabase(SERVER!, name);
});

test("instances started together applied each migration and the seed once", async () => {
  const migrations = await database.read.$queryRawUnsafe<{ migration_name: string }[]>(`SELECT "migration_name" FROM "_prisma_migrations"`);
  const names = migrations.map((row) => row.migration_name);
  expect(new Set(names).size).toBe(names.length);
  expect(names.length).toBeGreaterThan(0);
  expect(await database.read.event.count()).toBe(1);
  expect(await database.read.staffUser.count({ where: { email: ORGANISER.email } })).toBe(1);
});

test("serves HTTPS over HTTP/2, compressed, with hashed assets cached for a year, and leads HTTP to HTTPS", async () => {
  const session = http2.connect(ORIGIN, { ca: readFileSync(path.join(dir, "certificate.pem")) });
  const get = (pathname: string) =>
    new Promise<{ headers: http2.IncomingHttpHeaders & http2.IncomingHttpStatusHeader; body: Buffer }>((resolve, reject) => {
      const stream = session.request({ ":path": pathname, "accept-encoding": "gzip" });
      const chunks: Buffer[] = [];
      stream.on("response", (headers) => {
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => resolve({ headers, body: Buffer.concat(chunks) }));
      });
      stream.on("error", reject);
    });
  try {
    const home = await get("/");
    expect(home.headers[":status"]).toBe(200);
    expect(session.alpnProtocol).toBe("h2");
    expect(home.headers["content-encoding"]).toBe("gzip");
    const html = (await import("node:zlib")).gunzipSync(home.body).toString("utf8");
    const asset = /\/assets\/[\w.-]+\.js/.exec(html)?.[0];
    expect(asset).toBeTruthy();
    const script = await get(asset!);
    expect(script.headers[":status"]).toBe(200);
    expect(script.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(script.headers["content-encoding"]).toBe("gzip");
  } finally {
    session.close();
  }
  const plain = await request(`http://localhost:${PORTS.http}/events?x=1`);
  await plain.body.dump();
  expect(plain.statusCode).toBe(301);
  expect(plain.headers.location).toBe(`${ORIGIN}/events?x=1`);
});

test("a browser registers through the proxy; the organiser's session holds on both instances", async ({ browser }) => {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, baseURL: ORIGIN });
  const page = await context.newPage();
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.goto("/admin/login");
  await page.getByLabel("E-Mail-Adresse").fill(ORGANISER.email);
  await page.getByLabel("Passwort").fill(ORGANISER.password);
  await page.getByRole("button", { name: "Anmelden" }).click();
  await expect(page).not.toHaveURL(/login/);
  // Requests go to both instances (least connections, so in turns when idle): each must know the session.
  const served = new Set<string>();
  for (let i = 0; i < 6; i++) {
    expect((await page.goto("/admin"))?.status()).toBe(200);
    served.add((await context.request.get("/healthz")).headers()["x-kongress-instance"] ?? "");
  }
  expect(served.size).toBe(2);
  await context.close();
});

test("registrations raced through the proxy across both instances never oversell; one ticket scanned at both is admitted once", async () => {
  const setup = await createTestEvent(database.write, { workshopCapacity: 10 });
  const posts = await Promise.all(
    Array.from({ length: 40 }, async () => {
      const form = toFormData(
        registrationValues({ ticketTypeId: setup.freeTicket.id, attendees: [attendeeValues({ choices: { [setup.workshopSlot.id]: setup.workshopA.id } })] }),
      );
      const response = await request(`${ORIGIN}/events/${setup.event.slug}/register`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN },
        body: new URLSearchParams([...form.entries()].map(([key, value]) => [key, String(value)])).toString(),
        dispatcher: https,
      });
      await response.body.dump();
      return response.statusCode;
    }),
  );
  expect(posts.every((status) => status === 303)).toBe(true);
  const workshop = await database.read.programmeItem.findUniqueOrThrow({
    where: { id: setup.workshopA.id },
    include: { _count: { select: { bookings: true } } },
  });
  expect(workshop._count.bookings).toBe(10);
  expect(workshop.confirmedCount).toBe(10);

  const login = await request(`${ORIGIN}/admin/login`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN },
    body: new URLSearchParams({ ...ORGANISER, redirectTo: "/admin" }).toString(),
    dispatcher: https,
  });
  await login.body.dump();
  const cookie = String(login.headers["set-cookie"]).split(";")[0]!;
  const list = await database.write.checkInList.create({ data: { eventId: setup.event.id, nameDe: "Einlass" } });
  const attendee = await database.read.attendee.findFirstOrThrow({ where: { eventId: setup.event.id } });
  const results = await Promise.all(
    Array.from({ length: 12 }, async () => {
      const response = await request(`${ORIGIN}/checkin/${list.id}/scan`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN, cookie },
        body: new URLSearchParams({ intent: "scan", code: attendee.ticketSecret, scanId: randomUUID() }).toString(),
        dispatcher: https,
      });
      return ((await response.body.json()) as { answer: { result: string } }).answer.result;
    }),
  );
  expect(results.filter((result) => result === "valid")).toHaveLength(1);
  expect(results.filter((result) => result === "already_checked_in")).toHaveLength(11);
});

test("the app sees the client's own address through the proxy, and a forged X-Forwarded-For does not change it", async () => {
  // From the machine's network address, not loopback: without TRUST_PROXY the app would see nginx's 127.0.0.1.
  const address = localAddresses()[0];
  test.skip(!address, "no network address besides loopback");
  const direct = new Agent({ connect: { ca: readFileSync(path.join(dir, "certificate.pem")) } });
  const response = await request(`https://${address}:${PORTS.https}/admin/login`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN, "x-forwarded-for": "203.0.113.99" },
    body: new URLSearchParams({ email: "nobody@proxy.example", password: "wrong-password-123", redirectTo: "/admin" }).toString(),
    dispatcher: direct,
  });
  await response.body.dump();
  await direct.close();
  expect(response.statusCode).toBe(401);
  const entry = await database.read.auditEntry.findFirstOrThrow({ where: { action: "staff.sign_in_failed", actorName: "nobody@proxy.example" } });
  expect(entry.address).toBe(address);
});
