import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/**
 * Checkpoints SQLite's write-ahead log from a thread of its own (docs/decisions/019).
 *
 * By default SQLite checkpoints inside the COMMIT that makes the log pass 1,000 pages: that registration copies
 * the pages back into the database file and syncs it, on the event loop, while it holds the write lock. Here
 * the app's connections do not checkpoint (`wal_autocheckpoint = 0`); this thread runs a PASSIVE checkpoint a few
 * times a second, which never waits for a reader or the writer and never takes the write lock. Once all of the
 * log is in the database, the next transaction starts writing the log from its beginning again, so it stays small.
 */
export type Checkpointer = { ready: Promise<void>; stop: () => Promise<void> };

// Plain JavaScript run by the worker (eval: no file of its own to find next to the bundled server).
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: 0 });
let failed = false;
const checkpoint = () => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
    failed = false;
  } catch (error) {
    if (!failed) parentPort.postMessage({ error: String(error && error.message) });
    failed = true;
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.postMessage({ ready: true });
parentPort.on("message", (message) => {
  if (message !== "stop") return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

/** Starts checkpointing the SQLite file (a path as better-sqlite3 takes it); `onExit` hears when the thread ends unasked. */
export function startCheckpointer(file: string, options: { intervalMs?: number; onExit?: () => void } = {}): Checkpointer {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver, intervalMs: options.intervalMs ?? 250 } });
  // The server's shutdown does not wait for it: a last checkpoint is SQLite's job when the file is next opened.
  worker.unref();
  let stopping = false;
  // The path is the database's, never a person's data; SQLite's message says what went wrong.
  const ready = new Promise<void>((resolve) => worker.once("message", () => resolve()));
  worker.on("message", (message: { error?: string }) => message.error && console.error(`WAL checkpoint failed: ${message.error}`));
  worker.on("error", (error) => console.error(`WAL checkpointer stopped: ${error.message}`));
  worker.on("exit", () => {
    if (!stopping) options.onExit?.();
  });
  return {
    ready,
    stop: () => {
      stopping = true;
      const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
      worker.postMessage("stop");
      return exited;
    },
  };
}
