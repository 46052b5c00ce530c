import { describe, expect, it } from "vitest";
import { listAttendees } from "~/modules/attendees/list.server";
import { attendeesOfList } from "~/modules/exports/attendee-rows.server";
import { refreshNameKeys } from "~/modules/attendees/refresh-name-keys.server";
import { readAttendeeQuery } from "~/modules/attendees/query";
import { getCheckInList, searchForCheckIn } from "~/modules/checkin/lists.server";
import { updateAttendeeDetails } from "~/modules/registration/changes.server";
import { registerAttendees } from "~/modules/registration/register.server";
import { useTestDatabase } from "../support/database";
import { attendeeValues, createTestEvent, registrationValues } from "../support/factories";

/**
 * The organisers' list and the door's name search treat names the German way, although SQLite compares
 * bytes: any case, umlauts typed or not, and umlauts sorted with their base letter.
 */
const database = await useTestDatabase();
const setup = await createTestEvent(database.write);
const PEOPLE = [
  { firstName: "Anna", lastName: "Zander", organisation: "Stadt Worms" },
  { firstName: "Ömer", lastName: "Özdemir", organisation: "Ämterverbund Ried" },
  { firstName: "Jörg", lastName: "Müller", organisation: "Gemeinde Biblis" },
  { firstName: "Zoë", lastName: "Berg", organisation: "caritas Bergstraße" },
  { firstName: "Ali", lastName: "Äbersold", organisation: "Kreis Bergstraße" },
];
for (const person of PEOPLE) {
  const outcome = await registerAttendees(
    database,
    setup.event.slug,
    registrationValues({ ticketTypeId: setup.freeTicket.id, attendees: [attendeeValues(person)] }),
  );
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
}

const list = (params: Record<string, string>) => listAttendees(database, setup.event.id, readAttendeeQuery(new URLSearchParams(params)));
const lastNames = async (params: Record<string, string>) => (await list(params)).rows.map((row) => row.name.split(",")[0]);

describe("attendee list", () => {
  it("finds a name however its umlauts are typed", async () => {
    for (const typed of ["müller", "MÜLLER", "muller", "mueller", "jörg müller", "joerg"]) expect(await lastNames({ q: typed }), typed).toEqual(["Müller"]);
    expect(await lastNames({ q: "ÖZDEMIR" })).toEqual(["Özdemir"]);
    expect(await lastNames({ q: "bergstrasse" })).toEqual(["Äbersold", "Berg"]);
  });

  it("sorts names and organisations in German order, both ways", async () => {
    expect(await lastNames({})).toEqual(["Äbersold", "Berg", "Müller", "Özdemir", "Zander"]);
    expect(await lastNames({ dir: "desc" })).toEqual(["Zander", "Özdemir", "Müller", "Berg", "Äbersold"]);
    expect(await lastNames({ sort: "organisation" })).toEqual(["Özdemir", "Berg", "Müller", "Äbersold", "Zander"]);
  });

  it("sorts a name before the longer ones it begins, also in a PostgreSQL database with German collation", async () => {
    // German collations ignore the separator between last and first name in the sort key; compared that way,
    // "Meierhof, Anna" would come before "Meier, Zoe". The key columns compare bytes on both databases.
    const other = await createTestEvent(database.write);
    for (const person of [
      { firstName: "Anna", lastName: "Meierhof", organisation: "Stadt Lorsch" },
      { firstName: "Zoe", lastName: "Meier", organisation: "Stadt Lorsch" },
    ]) {
      const outcome = await registerAttendees(
        database,
        other.event.slug,
        registrationValues({ ticketTypeId: other.freeTicket.id, attendees: [attendeeValues(person)] }),
      );
      if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
    }
    const names = (await listAttendees(database, other.event.id, readAttendeeQuery(new URLSearchParams()))).rows.map((row) => row.name);
    expect(names).toEqual(["Meier, Zoe", "Meierhof, Anna"]);
  });

  it("finds a corrected name by its new spelling, not its old one", async () => {
    const zander = (await list({ q: "zander" })).rows[0]!;
    const outcome = await updateAttendeeDetails(database, zander.id, {
      ...attendeeValues({ firstName: "Anna", lastName: "Zänder-Groß", organisation: "Stadt Worms" }),
    });
    expect(outcome.ok).toBe(true);
    expect(await lastNames({ q: "gross" })).toEqual(["Zänder-Groß"]);
    expect(await lastNames({ q: "Zander" })).toEqual(["Zänder-Groß"]);
    expect((await list({ q: "zander" })).total).toBe(1);
  });

  it("lets the door search by name the same way", async () => {
    const entrance = await database.write.checkInList.create({ data: { eventId: setup.event.id, nameDe: "Einlass" } });
    const summary = (await getCheckInList(database, entrance.id))!;
    expect((await searchForCheckIn(database, summary, "oezdemir")).map((hit) => hit.name)).toEqual(["Ömer Özdemir"]);
    expect((await searchForCheckIn(database, summary, "ber")).map((hit) => hit.name)).toEqual(["Ali Äbersold", "Zoë Berg"]);
  });

  it("rewrites keys written under older rules at start, after which every spelling finds the name", async () => {
    const outcome = await registerAttendees(
      database,
      setup.event.slug,
      registrationValues({ ticketTypeId: setup.freeTicket.id, attendees: [attendeeValues({ firstName: "Ayşe", lastName: "Öztürk" })] }),
    );
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
    // As a row from before the current rules looks: ASCII-only keys (SQLite's lower()), version 0.
    await database.write.$transaction((tx) =>
      tx.attendee.updateMany({
        where: { registrationId: outcome.registrationId },
        data: { searchText: "|ayşe|öztürk|", sortName: "öztürk\u0001ayşe", nameKeysVersion: 0 },
      }),
    );
    expect(await lastNames({ q: "oeztuerk" })).toEqual([]);
    expect(await refreshNameKeys(database)).toBe(1);
    expect(await refreshNameKeys(database)).toBe(0);
    for (const typed of ["oeztuerk", "Oeztürk", "ÖZTÜRK", "ozturk", "ayse"]) expect(await lastNames({ q: typed }), typed).toEqual(["Öztürk"]);
  });

  it("calls a person checked in only when admitted at an entrance, the same on screen, in the filter and in the export", async () => {
    const [berg, zander] = [(await list({ q: "berg" })).rows.find((row) => row.name.startsWith("Berg,"))!, (await list({ q: "gross" })).rows[0]!];
    const staff = await database.write.staffUser.create({ data: { email: `door-${Date.now()}@example.org`, name: "Tür", passwordHash: "x", role: "checkin" } });
    const entrance = await database.write.checkInList.create({ data: { eventId: setup.event.id, nameDe: "Haupteingang" } });
    const bus = await database.write.checkInList.create({ data: { eventId: setup.event.id, nameDe: "Bus", programmeItemId: setup.bus.id } });
    await database.write.checkIn.create({
      data: {
        checkInListId: entrance.id,
        attendeeId: berg.id,
        scanId: `a-${Date.now()}`,
        scannedCode: "x",
        result: "valid",
        staffUserId: staff.id,
        activeKey: `${entrance.id}:${berg.id}`,
      },
    });
    await database.write.checkIn.create({
      data: {
        checkInListId: bus.id,
        attendeeId: zander.id,
        scanId: `b-${Date.now()}`,
        scannedCode: "x",
        result: "valid",
        staffUserId: staff.id,
        activeKey: `${bus.id}:${zander.id}`,
      },
    });

    expect((await list({ checkedIn: "yes" })).rows.map((row) => row.id)).toEqual([berg.id]);
    expect((await list({ checkedIn: "no" })).rows.map((row) => row.id)).not.toContain(berg.id);
    const onScreen = Object.fromEntries((await list({})).rows.map((row) => [row.id, row.checkedIn]));
    const exported: Record<string, boolean> = {};
    for await (const batch of attendeesOfList(database, setup.event.id, readAttendeeQuery(new URLSearchParams())))
      for (const person of batch) exported[person.id] = person.checkedIn;
    expect(exported).toEqual(onScreen);
    expect(onScreen[berg.id]).toBe(true);
    expect(onScreen[zander.id]).toBe(false);
  });
});
