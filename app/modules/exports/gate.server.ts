/**
 * How many exports are produced at once. An export is CPU work on the one event loop that also answers
 * the public pages; ten at once pushed an event page to 5–11 s. One runs at a time (each still takes
 * about a second for 10,000 attendees), a few wait their turn, and beyond that an organiser is asked to
 * try again in a moment rather than everyone waiting.
 */
const MAX_RUNNING = 1;
const MAX_WAITING = 12;
/** A download that has waited this long gives up: the browser would have given up too. */
const MAX_WAIT_MS = 60_000;

let running = 0;
const waiting: { start: () => void; timer: NodeJS.Timeout }[] = [];

export class ExportsBusy extends Error {
  constructor() {
    super("too many exports at once");
  }
}

/** Waits for a turn; the returned function ends it (call it exactly once, when the download has ended). */
export async function takeExportTurn(): Promise<() => void> {
  if (running < MAX_RUNNING) {
    running++;
  } else {
    if (waiting.length >= MAX_WAITING) throw new ExportsBusy();
    await new Promise<void>((resolve, reject) => {
      const entry = {
        start: () => {
          clearTimeout(entry.timer);
          resolve();
        },
        timer: setTimeout(() => {
          waiting.splice(waiting.indexOf(entry), 1);
          reject(new ExportsBusy());
        }, MAX_WAIT_MS),
      };
      waiting.push(entry);
    });
  }
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    // The turn passes straight to the next download waiting, or is freed.
    const next = waiting.shift();
    if (next) next.start();
    else running--;
  };
}

/** Yields to the event loop, so that requests waiting behind an export's batch are answered first. */
export const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve));
