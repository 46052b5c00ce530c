import type { Database } from "~/db.server";
import { attendeeNameKeys, NAME_KEYS_VERSION } from "./name-keys";

/**
 * Rewrites the search and sort keys of attendees written under older rules (nameKeysVersion below
 * NAME_KEYS_VERSION), 100 rows per transaction: each holds the one write lock for a few dozen
 * milliseconds, so registrations arriving meanwhile wait no longer than that. Search then behaves the same
 * for old and new rows. Runs at server start; idempotent, and a second process doing the same writes the same values.
 */
export async function refreshNameKeys(database: Database, batchSize = 100): Promise<number> {
  let refreshed = 0;
  for (;;) {
    const rows = await database.read.attendee.findMany({
      where: { nameKeysVersion: { lt: NAME_KEYS_VERSION } },
      select: { id: true, firstName: true, lastName: true, email: true, organisation: true },
      take: batchSize,
    });
    if (rows.length === 0) return refreshed;
    await database.write.$transaction(async (tx) => {
      for (const row of rows) await tx.attendee.update({ where: { id: row.id }, data: attendeeNameKeys(row) });
    });
    refreshed += rows.length;
    // Requests first: the server is already answering while this runs.
    await new Promise((resolve) => setImmediate(resolve));
  }
}
