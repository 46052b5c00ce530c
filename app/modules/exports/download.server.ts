import { createReadableStreamFromReadable } from "@remix-run/node";
import { Transform, type Readable } from "node:stream";
import { ExportsBusy, takeExportTurn } from "./gate.server";

const TYPES = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pdf: "application/pdf",
} as const;

/**
 * A file download streamed to the browser, produced in its turn (gate.server.ts): `produce` starts only
 * when no other export is being produced, and the turn ends when the download has ended, however it ends.
 * The name carries only safe characters (and a UTF-8 variant).
 */
export async function download(name: string, format: keyof typeof TYPES, produce: () => Readable | Promise<Readable>): Promise<Response> {
  const endTurn = await takeExportTurn().catch((error: unknown) => {
    throw error instanceof ExportsBusy ? exportsBusy() : error;
  });
  try {
    return streamed(await produce(), name, format, endTurn);
  } catch (error) {
    endTurn();
    throw error;
  }
}

function exportsBusy(): Response {
  return new Response(
    "Gerade werden viele Dateien erstellt. Bitte versuchen Sie es in einigen Sekunden erneut.\n\nMany files are being produced right now. Please try again in a few seconds.\n",
    { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": "10", "Cache-Control": "no-store" } },
  );
}

function streamed(stream: Readable, name: string, format: keyof typeof TYPES, endTurn: () => void): Response {
  const filename = `${name}.${format}`;
  const ascii = filename.normalize("NFKD").replace(/[^\w.-]+/g, "-");
  const chunked = inLargeChunks();
  // pipe() does not pass errors on: a writer that fails must end the download as failed, not hang it.
  stream.on("error", (error) => chunked.destroy(error));
  // Finished, failed or cancelled by the browser: the next export's turn, and the writer stops.
  chunked.once("close", () => {
    endTurn();
    if (!stream.destroyed) stream.destroy();
  });
  return new Response(createReadableStreamFromReadable(stream.pipe(chunked)), {
    headers: {
      "Content-Type": TYPES[format],
      "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      "Cache-Control": "private, no-store",
    },
  });
}

/** Output gathered into chunks this large before it goes to the response. */
const CHUNK_BYTES = 64 * 1024;

/**
 * The CSV writer emits one small chunk per row; passed on one by one through the web stream to the
 * socket, 10,000 rows cost more time than writing them. Gathered into 64 KB pieces they do not.
 */
function inLargeChunks(): Transform {
  let pending: Buffer[] = [];
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      pending.push(chunk);
      size += chunk.length;
      if (size >= CHUNK_BYTES) {
        this.push(Buffer.concat(pending, size));
        [pending, size] = [[], 0];
      }
      done();
    },
    flush(done) {
      done(null, size > 0 ? Buffer.concat(pending, size) : undefined);
    },
  });
}

/** "2027-05-16" in Berlin, for file names. */
export const fileDate = (date = new Date()) => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin" }).format(date);
