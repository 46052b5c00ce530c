import { queuedScans, removeQueued } from "./store";

/** Scans per request: a full batch is about 50 KB, well under the server's limit for this path (256 KB). */
const BATCH = 200;

/**
 * Sends the list's queued scans in batches until none is left or the network fails again. Each scan keeps its id,
 * so a batch that reached the server although its answer was lost is recorded once when it is sent again.
 */
export async function syncQueuedScans(listId: string, device: string): Promise<{ sent: number; failed: boolean }> {
  let sent = 0;
  for (;;) {
    const batch = await queuedScans(listId, BATCH);
    if (batch.length === 0) return { sent, failed: false };
    let response: Response;
    try {
      response = await fetch(`/checkin/${listId}/sync`, {
        method: "POST",
        body: new URLSearchParams({ device, scans: JSON.stringify(batch.map(({ listId: _list, ...scan }) => scan)) }),
        headers: { Accept: "application/json" },
        signal: AbortSignal.timeout(20_000),
      });
    } catch {
      return { sent, failed: true };
    }
    if (!response.ok) return { sent, failed: true };
    await removeQueued(batch.map((scan) => scan.scanId));
    sent += batch.length;
  }
}
