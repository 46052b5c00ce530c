import { createReadableStreamFromReadable } from "@remix-run/node";
import type { Readable } from "node:stream";

const TYPES = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pdf: "application/pdf",
} as const;

/** A file download streamed to the browser; the name carries only safe characters (and a UTF-8 variant). */
export function download(stream: Readable, name: string, format: keyof typeof TYPES): Response {
  const filename = `${name}.${format}`;
  const ascii = filename.normalize("NFKD").replace(/[^\w.-]+/g, "-");
  return new Response(createReadableStreamFromReadable(stream), {
    headers: {
      "Content-Type": TYPES[format],
      "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      "Cache-Control": "private, no-store",
    },
  });
}

/** "2027-05-16" in Berlin, for file names. */
export const fileDate = (date = new Date()) => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin" }).format(date);
