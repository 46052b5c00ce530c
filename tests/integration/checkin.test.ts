import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCheckInList, searchForCheckIn } from "~/modules/checkin/lists.server";
import { ScanIdReused, scanTicket, ticketSecretFromCode, undoCheckIn } from "~/modules/checkin/scan.server";
import { registerAttendees } from "~/modules/registration/register.server";
import { createTestDatabase } from "../support/database";
import { attendeeValues, createTestEvent, registrationValues } from "../support/factories";

type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;
let database: TestDatabase;
let setup: Awaited<ReturnType<typeof prepare>>;

async function prepare() {
  const t = await createTestEvent(database.write, { busSeats: 1 });
  const entrance = await database.write.checkInList.create({ data: { eventId: t.event.id, nameDe: "Einlass" } });
  const busList = await database.write.checkInList.create({ data: { eventId: t.event.id, nameDe: "Bus 1", programmeItemId: t.bus.id } });
  const staff = await database.write.staffUser.create({
    data: { email: `einlass-${randomUUID()}@example.org`, name: "Einlass Nord", passwordHash: "x", role: "checkin" },
  });
  const register = async (withBus: boolean) => {
    const outcome = await registerAttendees(
      database,
      t.event.slug,
      registrationValues({
        ticketTypeId: t.freeTicket.id,
        attendees: [attendeeValues({ choices: withBus ? { [t.busSlot.id]: t.bus.id } : { [t.workshopSlot.id]: t.workshopA.id } })],
      }),
    );
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
    return database.read.attendee.findFirstOrThrow({ where: { registrationId: outcome.registrationId } });
  };
  const onBus = await register(true);
  const notOnBus = await register(false);
  return { t, entrance, busList, staff, onBus, notOnBus };
}

beforeAll(async () => {
  database = await createTestDatabase();
  setup = await prepare();
});
afterAll(async () => {
  await database.dispose();
});

const scan = (listId: string, code: string, scanId: string = randomUUID()) => scanTicket(database, { listId, code, scanId, staffUserId: setup.staff.id });

describe("check-in", () => {
  it("reads the ticket secret from what cameras and hand scanners deliver", () => {
    const secret = "23456789ABCDEFGHJKMNPQRSTVW";
    expect(ticketSecretFromCode(`K1:${secret}`)).toBe(secret);
    expect(ticketSecretFromCode(` k1:${secret.toLowerCase()}\n`)).toBe(secret);
    expect(ticketSecretFromCode(`K1Ö${secret}`)).toBe(secret); // a scanner set to a German keyboard layout
    expect(ticketSecretFromCode(secret)).toBe(secret);
    expect(ticketSecretFromCode(`X9:${secret}`)).toBeNull();
    expect(ticketSecretFromCode(`K1:${secret.slice(1)}`)).toBeNull();
    expect(ticketSecretFromCode(`K1:${secret.slice(0, -1)}0`)).toBeNull(); // 0 is not in the alphabet
  });

  it("admits a valid ticket once; the next scan says when and by whom; a retried request has no second effect", async () => {
    const { entrance, onBus } = setup;
    const scanId = randomUUID();
    const first = await scan(entrance.id, `K1:${onBus.ticketSecret}`, scanId);
    expect(first).toMatchObject({
      result: "valid",
      replayed: false,
      attendee: { name: `${onBus.firstName} ${onBus.lastName}`, organisation: onBus.organisation },
    });
    expect(first.attendee?.bookings.map((booking) => booking.de)).toEqual(["Exkursion"]);

    const retried = await scan(entrance.id, `K1:${onBus.ticketSecret}`, scanId);
    expect(retried).toMatchObject({ result: "valid", replayed: true, checkInId: first.checkInId });

    const again = await scan(entrance.id, `K1:${onBus.ticketSecret}`);
    expect(again).toMatchObject({ result: "already_checked_in", earlier: { by: "Einlass Nord" } });
    expect(again.earlier?.at.getTime()).toBeGreaterThan(Date.now() - 60_000);

    const rows = await database.read.checkIn.findMany({ where: { checkInListId: entrance.id, attendeeId: onBus.id } });
    expect(rows.map((row) => row.result).sort()).toEqual(["already_checked_in", "valid"]);
  });

  it("refuses a scan id used before for another code or list instead of replaying the first answer", async () => {
    const { entrance, onBus, notOnBus } = setup;
    const lounge = await database.write.checkInList.create({ data: { eventId: setup.t.event.id, nameDe: "Lounge" } });
    const scanId = randomUUID();
    expect(await scan(lounge.id, `K1:${onBus.ticketSecret}`, scanId)).toMatchObject({ result: "valid" });
    await expect(scan(lounge.id, `K1:${notOnBus.ticketSecret}`, scanId)).rejects.toBeInstanceOf(ScanIdReused);
    await expect(scan(entrance.id, `K1:${onBus.ticketSecret}`, scanId)).rejects.toBeInstanceOf(ScanIdReused);
    expect(await database.read.checkIn.count({ where: { scanId } })).toBe(1);
  });

  it("refuses a forged code, a ticket without the bus on the bus list, and records every refusal", async () => {
    const { busList, onBus, notOnBus } = setup;
    const last = onBus.ticketSecret.at(-1) === "A" ? "B" : "A";
    const forged = await scan(busList.id, `K1:${onBus.ticketSecret.slice(0, -1)}${last}`);
    expect(forged).toMatchObject({ result: "unknown_code", attendee: null });
    expect(await scan(busList.id, "https://example.org/not-a-ticket")).toMatchObject({ result: "unknown_code" });

    const wrongBus = await scan(busList.id, `K1:${notOnBus.ticketSecret}`);
    expect(wrongBus).toMatchObject({ result: "not_admitted", reason: "not_booked", attendee: { id: notOnBus.id } });
    expect(await scan(busList.id, `K1:${onBus.ticketSecret}`)).toMatchObject({ result: "valid" });

    const refused = await database.read.checkIn.findMany({ where: { checkInListId: busList.id, result: { not: "valid" } } });
    expect(refused.map((row) => row.result).sort()).toEqual(["not_admitted", "unknown_code", "unknown_code"]);
  });

  it("lets only one of many devices check a person in at the same moment", async () => {
    const t = setup.t;
    const list = await database.write.checkInList.create({ data: { eventId: t.event.id, nameDe: "Workshop A", programmeItemId: t.workshopA.id } });
    const answers = await Promise.all(Array.from({ length: 12 }, () => scan(list.id, `K1:${setup.notOnBus.ticketSecret}`)));
    expect(answers.filter((answer) => answer.result === "valid")).toHaveLength(1);
    expect(answers.filter((answer) => answer.result === "already_checked_in")).toHaveLength(11);
    expect(await database.read.checkIn.count({ where: { checkInListId: list.id, result: "valid" } })).toBe(1);
  });

  it("undoes a check-in, after which the person can be checked in again; search finds people by name", async () => {
    const { entrance, onBus, notOnBus, staff } = setup;
    const summary = (await getCheckInList(database, entrance.id))!;
    expect(summary).toMatchObject({ admitted: 2, checkedIn: 1 });

    const [hit] = await searchForCheckIn(database, summary, onBus.lastName.toUpperCase());
    expect(hit).toMatchObject({ id: onBus.id, admitted: true, checkIn: { id: expect.any(String) } });
    // An undo sent from the bus page does not touch the entrance's check-in.
    expect(await undoCheckIn(database, setup.busList.id, hit!.checkIn!.id, staff.id)).toBe(false);
    expect(await getCheckInList(database, entrance.id)).toMatchObject({ checkedIn: 1 });
    expect(await undoCheckIn(database, entrance.id, hit!.checkIn!.id, staff.id)).toBe(true);
    expect(await undoCheckIn(database, entrance.id, hit!.checkIn!.id, staff.id)).toBe(false);
    expect(await getCheckInList(database, entrance.id)).toMatchObject({ checkedIn: 0 });

    const manual = await scanTicket(database, { listId: entrance.id, attendeeId: notOnBus.id, scanId: randomUUID(), staffUserId: staff.id });
    expect(manual).toMatchObject({ result: "valid", attendee: { id: notOnBus.id } });
    expect(await scan(entrance.id, onBus.ticketSecret)).toMatchObject({ result: "valid" });
    expect(await getCheckInList(database, entrance.id)).toMatchObject({ checkedIn: 2 });
    expect(await database.read.checkIn.count({ where: { result: "reverted", attendeeId: onBus.id } })).toBe(1);
  });

  it("refuses a cancelled ticket", async () => {
    const { onBus } = setup;
    await database.write.attendee.update({ where: { id: onBus.id }, data: { status: "cancelled" } });
    const list = await database.write.checkInList.create({ data: { eventId: setup.t.event.id, nameDe: "Abendempfang" } });
    expect(await scan(list.id, onBus.ticketSecret)).toMatchObject({ result: "cancelled_ticket" });
  });
});
