import { openDB, type DBSchema, type IDBPDatabase } from "idb";
import type { OfflineList } from "~/modules/checkin/offline-list";

/**
 * What a scanner device keeps in IndexedDB, so it goes on checking tickets without a network and loses nothing
 * when the page is reloaded or the phone restarts: the list as downloaded, the tickets this device admitted
 * (per list, by ticket hash), and the scans waiting to be sent.
 */
export type QueuedScan = { scanId: string; listId: string; code: string; at: string; offlineResult: string };

interface CheckInDb extends DBSchema {
  lists: { key: string; value: OfflineList };
  admitted: { key: string; value: { listId: string; hash: string; at: string }; indexes: { byList: string } };
  queue: { key: string; value: QueuedScan; indexes: { byList: string } };
}

let opened: Promise<IDBPDatabase<CheckInDb>> | null = null;
const db = () =>
  (opened ??= openDB<CheckInDb>("kongress-checkin", 1, {
    upgrade(database) {
      database.createObjectStore("lists");
      database.createObjectStore("admitted").createIndex("byList", "listId");
      database.createObjectStore("queue", { keyPath: "scanId" }).createIndex("byList", "listId");
    },
  }));

export const saveList = async (list: OfflineList) => void (await (await db()).put("lists", list, list.listId));
export const loadList = async (listId: string) => (await db()).get("lists", listId);

export async function admittedHashes(listId: string): Promise<Set<string>> {
  const rows = await (await db()).getAllFromIndex("admitted", "byList", listId);
  return new Set(rows.map((row) => row.hash));
}

/** Records an admission and queues its scan in one transaction: both are there after a crash, or neither. */
export async function recordOfflineScan(scan: QueuedScan, admittedHash: string | null): Promise<void> {
  const transaction = (await db()).transaction(["admitted", "queue"], "readwrite");
  if (admittedHash) await transaction.objectStore("admitted").put({ listId: scan.listId, hash: admittedHash, at: scan.at }, `${scan.listId}|${admittedHash}`);
  await transaction.objectStore("queue").put(scan);
  await transaction.done;
}

/** An admission the server decided (online), kept so that a later offline scan on this device knows it. */
export async function rememberAdmitted(listId: string, hash: string) {
  await (await db()).put("admitted", { listId, hash, at: new Date().toISOString() }, `${listId}|${hash}`);
}

export async function queuedScans(listId: string, limit: number): Promise<QueuedScan[]> {
  return (await (await db()).getAllFromIndex("queue", "byList", listId)).sort((a, b) => a.at.localeCompare(b.at)).slice(0, limit);
}

export const queuedCount = async (listId: string) => (await db()).countFromIndex("queue", "byList", listId);

export async function removeQueued(scanIds: string[]) {
  const transaction = (await db()).transaction("queue", "readwrite");
  await Promise.all(scanIds.map((id) => transaction.store.delete(id)));
  await transaction.done;
}

/**
 * Removes what this device keeps of a list (names, admissions) for a phone that goes back to the pool. Scans not yet
 * sent are never removed: the caller offers this only when none wait.
 */
export async function forgetList(listId: string) {
  const database = await db();
  const transaction = database.transaction(["lists", "admitted"], "readwrite");
  await transaction.objectStore("lists").delete(listId);
  const admitted = transaction.objectStore("admitted");
  for (const key of await admitted.index("byList").getAllKeys(listId)) await admitted.delete(key);
  await transaction.done;
}
