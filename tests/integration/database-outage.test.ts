import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "~/db.server";
import { isDatabaseUnavailable } from "~/modules/db/errors.server";
import { registerAttendees } from "~/modules/registration/register.server";
import { createTestDatabase } from "../support/database";
import { attendeeValues, createTestEvent, registrationValues } from "../support/factories";
import { startOutageProxy, type OutageProxy } from "../support/outage-proxy";
import { TEST_POSTGRES_URL } from "../support/postgres";

/**
 * PostgreSQL going away during a registration rush (a restart), played by a TCP relay between the app and the
 * server (tests/support/outage-proxy.ts), so no other test loses its database. Each registration is answered either
 * as stored, and is stored, or with an error that says the database is unavailable (the server's 503), and then
 * nothing of it is stored; the app takes the database back by itself.
 */
describe.skipIf(!TEST_POSTGRES_URL)("a PostgreSQL restart during a registration rush", () => {
  let base: Awaited<ReturnType<typeof createTestDatabase>>;
  let proxy: OutageProxy;
  let database: Database;
  beforeAll(async () => {
    base = await createTestDatabase();
    const url = new URL(base.url);
    proxy = await startOutageProxy({ host: url.hostname, port: Number(url.port || 5432) });
    url.host = `127.0.0.1:${proxy.port}`;
    database = await openDatabase(url.toString(), { poolSize: 5 });
  });
  afterAll(async () => {
    await database.close();
    await proxy.close();
    await base.dispose();
  });

  const register = (slug: string, ticketTypeId: string, email: string) =>
    registerAttendees(database, slug, registrationValues({ ticketTypeId, contactEmail: email, attendees: [attendeeValues({ email })] }));

  it("answers every registration as stored or as unavailable, and exactly the ones answered as stored are there", async () => {
    const t = await createTestEvent(base.write);
    const emails = Array.from({ length: 60 }, (_, index) => `ansturm-${index}-${Date.now()}@example.org`);
    setTimeout(() => void proxy.cut(), 300);
    setTimeout(() => void proxy.restore(), 1300);
    const answers = await Promise.all(
      emails.map(async (email, index) => {
        await new Promise((resolve) => setTimeout(resolve, index * 30));
        return register(t.event.slug, t.freeTicket.id, email).then(
          (outcome) => ({ email, stored: outcome.ok, error: null as unknown }),
          (error: unknown) => ({ email, stored: false, error }),
        );
      }),
    );
    const failed = answers.filter((answer) => answer.error);
    expect(failed.length, "some registrations met the outage").toBeGreaterThan(0);
    expect(answers.filter((answer) => answer.stored).length, "some got through before and after").toBeGreaterThan(0);
    for (const answer of failed) expect(isDatabaseUnavailable(answer.error), String(answer.error)).toBe(true);
    const stored = await base.read.registration.findMany({ where: { eventId: t.event.id }, select: { contactEmail: true } });
    expect(stored.map((row) => row.contactEmail).sort()).toEqual(
      answers
        .filter((answer) => answer.stored)
        .map((answer) => answer.email)
        .sort(),
    );
    // Back by itself: the next registration goes through.
    expect(await register(t.event.slug, t.freeTicket.id, `danach-${Date.now()}@example.org`)).toMatchObject({ ok: true });
  });

  it("a registration whose COMMIT reached the server before the connection broke is answered as stored, once", async () => {
    const t = await createTestEvent(base.write);
    const email = `commit-${Date.now()}@example.org`;
    proxy.breakAfterNextCommit(400);
    const outcome = await register(t.event.slug, t.freeTicket.id, email);
    expect(outcome).toMatchObject({ ok: true, status: "confirmed" });
    expect(await base.read.registration.count({ where: { contactEmail: email } })).toBe(1);
  });
});
