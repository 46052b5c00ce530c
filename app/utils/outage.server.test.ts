import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable, DatabaseUnavailable } from "~/modules/db/errors.server";
import { metDatabaseOutage, noteOutage, outageDataResponse, outagePage } from "./outage.server";

/** The shapes a PostgreSQL restart produced through the app (tests/integration/database-outage.test.ts), and their answer. */
describe("a request that met the database away", () => {
  const prismaUnreachable = Object.assign(
    new Error("Invalid `prisma.$queryRaw()` invocation:\nRaw query failed. Code: `N/A`. Message: `Can't reach database server at 127.0.0.1:5432`"),
    {
      name: "PrismaClientKnownRequestError",
      code: "P2010",
    },
  );
  const driverTerminated = new Error("Connection terminated unexpectedly");
  const adminShutdown = Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" });

  it("recognises the driver's, Prisma's and PostgreSQL's words for it, also as a cause, and nothing else", () => {
    for (const error of [prismaUnreachable, driverTerminated, adminShutdown, new DatabaseUnavailable(driverTerminated), { code: "P1001" }]) {
      expect(isDatabaseUnavailable(error)).toBe(true);
    }
    for (const error of [new Error("Unique constraint failed"), Object.assign(new Error("x"), { code: "P2002" }), null, "Connection"]) {
      expect(isDatabaseUnavailable(error)).toBe(false);
    }
  });

  it("is answered 503 with Retry-After and a page that says to try again, German first", async () => {
    const request = new Request("http://localhost/events/x/register", { method: "POST" });
    expect(noteOutage(new Error("Unique constraint failed"), request)).toBe(false);
    expect(metDatabaseOutage(request)).toBe(false);
    expect(noteOutage(prismaUnreachable, request)).toBe(true);
    expect(metDatabaseOutage(request)).toBe(true);
    const page = outagePage();
    expect(page.status).toBe(503);
    expect(page.headers.get("Retry-After")).toBe("5");
    const html = await page.text();
    expect(html).toContain('<html lang="de">');
    expect(html).toMatch(/<h1>Gleich wieder da<\/h1>[\s\S]*noch einmal[\s\S]*lang="en"/);
    const data = outageDataResponse(new Response('{"message":"Unexpected Server Error"}', { status: 500, headers: { "X-Remix-Error": "yes" } }));
    expect([data.status, data.headers.get("Retry-After"), data.headers.get("X-Remix-Error")]).toEqual([503, "5", "yes"]);
  });
});
