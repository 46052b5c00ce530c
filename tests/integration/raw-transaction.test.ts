import { describe, expect, it } from "vitest";
import { audit, SYSTEM_ACTOR } from "~/modules/audit/log.server";
import { claimSeats } from "~/modules/capacity/seats.server";
import { insertRows, newId } from "~/modules/db/insert.server";
import { rawWriteTransaction } from "~/modules/db/raw-transaction.server";
import { useTestDatabase } from "../support/database";
import { createTestEvent } from "../support/factories";

/**
 * Plain-SQL write transactions (decision 019): on SQLite they bypass Prisma's client but must share its
 * connection's lock, write values Prisma reads back unchanged, and undo everything when they fail.
 */
const database = await useTestDatabase();

const confirmedCount = async (eventId: string) => (await database.read.event.findUniqueOrThrow({ where: { id: eventId } })).confirmedCount;

describe("plain-SQL write transactions", () => {
  it("write dates, booleans and nulls that Prisma reads back as written, and count as Prisma does", async () => {
    const t = await createTestEvent(database.write);
    const registrationId = newId();
    const at = new Date("2027-05-16T08:15:30.123Z");
    const counted = await rawWriteTransaction(database, async (tx) => {
      await insertRows(tx, "Registration", [
        {
          id: registrationId,
          eventId: t.event.id,
          reference: `R${registrationId.slice(-6)}`,
          manageToken: newId(),
          contactEmail: "kontakt@kommune.example",
          language: "de",
          status: "confirmed",
          invoiceAddress: null,
          checkoutExpiresAt: null,
          createdAt: at,
          updatedAt: at,
        },
      ]);
      return tx.$queryRaw<{ count: bigint }[]>`SELECT COUNT(*) AS "count" FROM "Registration" WHERE "id" = ${registrationId}`;
    });
    // A bigint, on SQLite as through Prisma and on PostgreSQL.
    expect(counted).toEqual([{ count: 1n }]);
    const stored = await database.read.registration.findUniqueOrThrow({ where: { id: registrationId } });
    expect(stored).toMatchObject({ createdAt: at, updatedAt: at, invoiceAddress: null, checkoutExpiresAt: null, language: "de" });
  });

  it("undo every statement when the work fails, and free the lock for the next transaction", async () => {
    const t = await createTestEvent(database.write, { eventCapacity: 10 });
    const before = await confirmedCount(t.event.id);
    await expect(
      rawWriteTransaction(database, async (tx) => {
        await claimSeats(tx, "Event", t.event.id, 3);
        throw new Error("refused after claiming");
      }),
    ).rejects.toThrow("refused after claiming");
    expect(await confirmedCount(t.event.id)).toBe(before);
    // The next ones, plain and through Prisma, get the lock at once.
    expect(await rawWriteTransaction(database, (tx) => claimSeats(tx, "Event", t.event.id, 1))).toBe(true);
    await database.write.$transaction((tx) => claimSeats(tx, "Event", t.event.id, 1));
    expect(await confirmedCount(t.event.id)).toBe(before + 2);
  });

  it("lose no update when 40 of them race 40 Prisma transactions on one counter, and never exceed its capacity", async () => {
    const t = await createTestEvent(database.write, { eventCapacity: 50 });
    const before = await confirmedCount(t.event.id);
    await database.write.event.update({ where: { id: t.event.id }, data: { capacity: before + 50 } });
    const claims = await Promise.all(
      Array.from({ length: 80 }, (_, index) =>
        index % 2 === 0
          ? rawWriteTransaction(database, (tx) => claimSeats(tx, "Event", t.event.id, 1))
          : database.write.$transaction(async (tx) => {
              // A Prisma model query inside, so this transaction really goes through Prisma's client.
              await tx.event.findUniqueOrThrow({ where: { id: t.event.id }, select: { id: true } });
              return claimSeats(tx, "Event", t.event.id, 1);
            }),
      ),
    );
    expect(claims.filter(Boolean)).toHaveLength(50);
    expect(await confirmedCount(t.event.id)).toBe(before + 50);
  });
});

describe("a write of its own on the write client", () => {
  it("is not taken along when another request's open transaction rolls back", async () => {
    const t = await createTestEvent(database.write);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const failing = database.write
      .$transaction(async (tx) => {
        await claimSeats(tx, "Event", t.event.id, 1);
        await held;
        throw new Error("refused");
      })
      .catch((error: Error) => error.message);
    // The transaction is open (its first statement ran) when the audit entry is written.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const audited = audit(database, SYSTEM_ACTOR, "export", { subject: `probe:${t.event.id}` });
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    expect(await failing).toBe("refused");
    await audited;
    expect(await database.read.auditEntry.count({ where: { subject: `probe:${t.event.id}` } })).toBe(1);
  });
});
