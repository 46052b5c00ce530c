import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCheckInList } from "~/modules/checkin/lists.server";
import { MAX_REPEATS_PER_BATCH, offlineListData, syncScans, ticketHash } from "~/modules/checkin/offline.server";
import { scanTicket } from "~/modules/checkin/scan.server";
import { cancelAttendees } from "~/modules/registration/changes.server";
import { registerAttendees } from "~/modules/registration/register.server";
import { createTicketKey, retireTicketKey, signedTicketPayload, signingKey } from "~/modules/tickets/signing.server";
import { createTestDatabase } from "../support/database";
import { attendeeValues, createTestEvent, registrationValues } from "../support/factories";

/**
 * The server's side of check-in without a network: signed tickets verified (forged and retired-key codes refused
 * with the reason kept), the list a device downloads (hashes, never secrets; cancelled tickets revoked), and scans
 * synced later: once per scan id, with the device's time, and a conflict when two devices admitted one person.
 */
type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.dispose());

async function setup() {
  const t = await createTestEvent(database.write);
  const list = await database.write.checkInList.create({ data: { eventId: t.event.id, nameDe: "Einlass" } });
  const staff = await database.write.staffUser.create({
    data: { email: `s-${randomUUID()}@example.org`, name: "Einlass", passwordHash: "x", role: "checkin" },
  });
  const people: Awaited<ReturnType<typeof database.read.attendee.findFirstOrThrow>>[] = [];
  for (let n = 0; n < 3; n++) {
    const outcome = await registerAttendees(
      database,
      t.event.slug,
      registrationValues({ ticketTypeId: t.freeTicket.id, contactEmail: `c${n}-${randomUUID()}@kommune.example`, attendees: [attendeeValues()] }),
    );
    if (!outcome.ok) throw new Error("registration failed");
    people.push(await database.read.attendee.findFirstOrThrow({ where: { registrationId: outcome.registrationId } }));
  }
  const key = await signingKey(database.write, t.event.id);
  return { t, list, staff, people, key, code: (person: (typeof people)[number]) => signedTicketPayload(key, person) };
}

describe("signed tickets on the server", () => {
  it("admits a signed ticket, refuses a forged one and one whose key was retired, keeping the reason", async () => {
    const { t, list, staff, people, key, code } = await setup();
    const scan = (scanCode: string) => scanTicket(database, { listId: list.id, staffUserId: staff.id, scanId: randomUUID(), code: scanCode });
    expect((await scan(code(people[0]!))).result).toBe("valid");
    // One character of the signature changed (in the middle: the last one also carries unused bits).
    const genuine = code(people[1]!);
    const forged = genuine.slice(0, -20) + (genuine.at(-20) === "A" ? "B" : "A") + genuine.slice(-19);
    const refused = await scan(forged);
    expect(refused).toMatchObject({ result: "unknown_code", reason: "forged", attendee: null });
    expect(await database.read.checkIn.findUniqueOrThrow({ where: { id: refused.checkInId } })).toMatchObject({ reason: "forged" });

    // Rotation: a new key signs from now on, the old one still verifies; retired, it does not.
    const rotated = await createTicketKey(database.write, t.event.id);
    expect((await signingKey(database.read, t.event.id)).id).toBe(rotated.id);
    expect((await scan(code(people[1]!))).result).toBe("valid");
    expect(await retireTicketKey(database.write, t.event.id, key.id)).toBe(true);
    expect(await scan(code(people[2]!))).toMatchObject({ result: "unknown_code", reason: "forged" });
    expect((await scan(`K1:${people[2]!.ticketSecret}`)).result).toBe("valid");
  });
});

describe("the list a device keeps, and scans synced later", () => {
  it("holds hashes and names, never a ticket secret, and revokes cancelled tickets", async () => {
    const { list, people } = await setup();
    await cancelAttendees(database, [people[2]!.id], "organiser");
    const data = await offlineListData(database, (await getCheckInList(database, list.id))!);
    expect(data.tickets.map((ticket) => ticket.h).sort()).toEqual([ticketHash(people[0]!.ticketSecret), ticketHash(people[1]!.ticketSecret)].sort());
    expect(data.revoked).toEqual([ticketHash(people[2]!.ticketSecret)]);
    expect(data.keys).toHaveLength(1);
    const json = JSON.stringify(data);
    for (const person of people) expect(json).not.toContain(person.ticketSecret);
  });

  it("records each synced scan once with its device time; two devices admitting one person keep both scans, the second a conflict", async () => {
    const { list, staff, people, code } = await setup();
    const at = new Date(Date.now() - 3_600_000).toISOString();
    const first = { scanId: randomUUID(), code: code(people[0]!), at, offlineResult: "valid" };
    const results = await syncScans(database, list.id, staff.id, "Gerät A1", [first, first]);
    expect(results.map((result) => result.result)).toEqual(["valid", "valid"]);
    // The same batch again (its answer was lost): nothing new.
    await syncScans(database, list.id, staff.id, "Gerät A1", [first]);
    const second = await syncScans(database, list.id, staff.id, "Gerät B2", [{ scanId: randomUUID(), code: code(people[0]!), at, offlineResult: "valid" }]);
    expect(second).toEqual([expect.objectContaining({ result: "already_checked_in", conflict: true })]);
    const rows = await database.read.checkIn.findMany({ where: { attendeeId: people[0]!.id }, orderBy: { createdAt: "asc" } });
    expect(rows.map((row) => [row.result, row.deviceLabel, row.offline, row.conflict])).toEqual([
      ["valid", "Gerät A1", true, false],
      ["already_checked_in", "Gerät B2", true, true],
    ]);
    expect(rows[0]!.deviceAt?.toISOString()).toBe(at);
    // A scan id reused for another code is refused, not answered with the other scan's answer.
    expect(await syncScans(database, list.id, staff.id, "Gerät A1", [{ ...first, code: code(people[1]!) }])).toEqual([
      { scanId: first.scanId, result: "rejected", conflict: false },
    ]);
  });

  it("keeps device times only within a week before and ten minutes after the server's, and one code repeated in a batch is one scan", async () => {
    const { list, staff, people, code } = await setup();
    const now = new Date();
    const scanOf = (person: number, at: string) => ({ scanId: randomUUID(), code: code(people[person]!), at, offlineResult: "valid" });
    // Device clocks of 1970 and 2999 were stored as they came.
    await syncScans(database, list.id, staff.id, "Gerät C3", [scanOf(0, "1970-01-01T00:00:00.000Z"), scanOf(1, "2999-01-01T00:00:00.000Z")], now);
    const stored = await database.read.checkIn.findMany({ where: { attendeeId: { in: [people[0]!.id, people[1]!.id] } } });
    expect(stored.map((row) => row.deviceAt)).toEqual([null, null]);
    const recent = new Date(now.getTime() - 2 * 86_400_000).toISOString();
    await syncScans(database, list.id, staff.id, "Gerät C3", [scanOf(2, recent)], now);
    expect((await database.read.checkIn.findFirstOrThrow({ where: { attendeeId: people[2]!.id } })).deviceAt?.toISOString()).toBe(recent);

    // 200 scans of one code in one batch made 199 conflict rows.
    const repeated = Array.from({ length: 200 }, () => scanOf(0, now.toISOString()));
    const results = await syncScans(database, list.id, staff.id, "Gerät D4", repeated, now);
    expect(results).toHaveLength(200);
    expect(new Set(results.map((result) => result.result))).toEqual(new Set(["already_checked_in"]));
    expect(await database.read.checkIn.count({ where: { attendeeId: people[0]!.id, deviceLabel: "Gerät D4" } })).toBe(1);
    // Real repeats ("already in on this device") are kept with their times, up to a bound per code and batch.
    const again = Array.from({ length: 50 }, () => ({ ...scanOf(1, now.toISOString()), offlineResult: "already_checked_in" }));
    await syncScans(database, list.id, staff.id, "Gerät E5", again, now);
    expect(await database.read.checkIn.count({ where: { attendeeId: people[1]!.id, deviceLabel: "Gerät E5" } })).toBe(MAX_REPEATS_PER_BATCH);
  });
});
