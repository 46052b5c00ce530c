import { randomBytes } from "node:crypto";
import { Prisma } from "~/generated/prisma/client";
import type { SqlTx } from "./raw-transaction.server";

/**
 * Multi-row INSERTs as plain SQL through Prisma, for the registration hot path. Prisma compiles every
 * model query to a plan in WebAssembly, which costs more than the write itself; one raw statement per
 * table skips that (docs/decisions/003-registration-hot-path.md). Column names come from Prisma's own
 * input types, so a renamed column is a compile error here too; the SQL is portable (quoted identifiers,
 * placeholders chosen by Prisma for the database in use).
 */
type Tx = SqlTx;

/** Everything Prisma would fill in by itself (@default(cuid()), @default(now()), @updatedAt) is given explicitly. */
type Row<Input, Generated extends string> = Input & Record<Generated, Exclude<Input[Generated & keyof Input], undefined>>;

export type InsertableRows = {
  Registration: Row<Prisma.RegistrationCreateManyInput, "id" | "createdAt" | "updatedAt">;
  Attendee: Row<Prisma.AttendeeCreateManyInput, "id" | "createdAt" | "updatedAt">;
  Booking: Row<Prisma.BookingCreateManyInput, "id" | "createdAt">;
  WaitingListEntry: Row<Prisma.WaitingListEntryCreateManyInput, "id" | "createdAt">;
  Consent: Row<Prisma.ConsentCreateManyInput, "id">;
  Answer: Row<Prisma.AnswerCreateManyInput, "id">;
  EmailOutbox: Row<Prisma.EmailOutboxCreateManyInput, "id" | "createdAt" | "nextAttemptAt">;
  Payment: Row<Prisma.PaymentCreateManyInput, "id" | "createdAt">;
};

type SqlValue = string | number | boolean | Date | null;

/**
 * Inserts the rows; returns how many were written. With `skipConflictOn`, a row whose unique column already
 * holds its value is skipped instead of failing the transaction (PostgreSQL cannot go on after a failed
 * statement): a concurrent transaction inserting the same value is waited for, and its row counts.
 */
export async function insertRows<Table extends keyof InsertableRows>(
  tx: Tx,
  table: Table,
  rows: InsertableRows[Table][],
  options: { skipConflictOn?: keyof InsertableRows[Table] & string } = {},
): Promise<number> {
  if (rows.length === 0) return 0;
  const columns = Object.keys(rows[0]!) as (keyof InsertableRows[Table] & string)[];
  // One column list for all rows: a row with other keys would silently lose values, so it is refused.
  const signature = columns.join(",");
  for (const row of rows) {
    if (Object.keys(row).join(",") !== signature) throw new Error(`insertRows(${table}): every row needs the same columns in the same order`);
  }
  const values = rows.map((row) => Prisma.sql`(${Prisma.join(columns.map((column) => (row[column] ?? null) as SqlValue))})`);
  // Table and column names are identifiers from the types above, never user input.
  const columnList = Prisma.raw(columns.map((column) => `"${column}"`).join(", "));
  const onConflict = options.skipConflictOn ? Prisma.raw(` ON CONFLICT ("${options.skipConflictOn}") DO NOTHING`) : Prisma.empty;
  return tx.$executeRaw`INSERT INTO ${Prisma.raw(`"${table}"`)} (${columnList}) VALUES ${Prisma.join(values)}${onConflict}`;
}

// Random bits for ids, drawn from the system's generator 256 ids at a time: one call per id cost a tenth of a
// millisecond on the registration path, which makes one id per attendee, booking, answer, consent and mail.
const ID_RANDOM_BYTES = 12;
let idRandomPool = Buffer.alloc(0);
let idRandomOffset = 0;

function idRandomHex(): string {
  if (idRandomOffset + ID_RANDOM_BYTES > idRandomPool.length) {
    idRandomPool = randomBytes(ID_RANDOM_BYTES * 256);
    idRandomOffset = 0;
  }
  const hex = idRandomPool.toString("hex", idRandomOffset, idRandomOffset + ID_RANDOM_BYTES);
  idRandomOffset += ID_RANDOM_BYTES;
  return hex;
}

/**
 * A collision-resistant id in the shape of Prisma's cuid(): "c", a time part and 96 random bits, lower-case.
 * Ids name rows, they grant nothing: secrets and tokens come from secrets.server.ts, each drawn on its own.
 */
export function newId(): string {
  const time = Date.now().toString(36).padStart(9, "0");
  const random = BigInt(`0x${idRandomHex()}`).toString(36).padStart(19, "0");
  return `c${time}${random}`;
}
