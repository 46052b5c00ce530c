import QRCode from "qrcode";
import { PNG } from "pngjs";
import { packQrMatrix, QR_MARGIN, type QrMatrix } from "./qr-matrix";
import { recentlyUsed } from "./recently-used.server";
import { signedTicketPayload, type SigningKey } from "./signing.server";

/**
 * The text a ticket's QR code holds. Tickets are drawn signed (`K2:…`, signing.server.ts), so scanners verify
 * them offline; the first form, `K1:` and the ticket secret, stays valid for tickets already sent.
 */
export const TICKET_QR_PREFIX = "K1:";
export const ticketQrPayload = (ticketSecret: string) => `${TICKET_QR_PREFIX}${ticketSecret}`;

/** The payload to draw: signed when the event has a key, else the first form. */
export const ticketPayload = (key: SigningKey | null, ticket: { ticketSecret: string; ticketReference: string }) =>
  key ? signedTicketPayload(key, ticket) : ticketQrPayload(ticket.ticketSecret);

const QR_OPTIONS = { errorCorrectionLevel: "M", margin: QR_MARGIN } as const;

type Modules = ReturnType<typeof QRCode.create>["modules"];

/** The characters of a QR code's alphanumeric mode (ISO/IEC 18004, 7.4.4). */
const ALPHANUMERIC = /^[0-9A-Z $%*+\-./:]*$/;

/**
 * A signed ticket (`K2:…`, signed-code.ts) is alphanumeric throughout, so it is given to qrcode as one
 * alphanumeric segment. Left a string, qrcode searches the cheapest split into segments with Dijkstra's
 * algorithm first: 0.92 ms a code with it, 0.36 ms without (400 codes, warmed), for the same one segment. Other texts are split by qrcode.
 */
const segmentsOf = (text: string) => (ALPHANUMERIC.test(text) ? [{ data: text, mode: "alphanumeric" as const }] : text);

/**
 * The module matrices of the codes drawn last (about 2 KB each). Choosing a code's mask is most of the cost of
 * drawing it, and the same ticket is drawn twice within moments of a registration: on the confirmation page and
 * in the mail (the signed payload of a ticket is the same each time it is drawn).
 */
const modulesOf = recentlyUsed<Modules>(2_000, (text) => QRCode.create(segmentsOf(text), { errorCorrectionLevel: QR_OPTIONS.errorCorrectionLevel }).modules);

/**
 * The ticket's QR code as the page carries it (qr-matrix.ts): the page draws it as SVG, on the server and again in
 * the browser, from these few hundred characters instead of carrying the drawing in its data.
 */
export function ticketQrMatrix(payload: string): QrMatrix {
  const modules = modulesOf(payload);
  return packQrMatrix(modules.size, (index) => modules.data[index] !== 0);
}

/**
 * A PNG of the ticket's QR code, for emails and printing: 8 pixels a module (about 230 px), 8-bit grey,
 * unfiltered. Drawn from qrcode's module matrix and encoded synchronously with pngjs, which is ~15× faster
 * than qrcode's own RGBA stream renderer and matters when the outbox sends hundreds of tickets a minute.
 */
export function ticketQrPng(payload: string, scale = 8): Buffer {
  return qrPng(payload, scale);
}

/** A PNG of any text's QR code (a certificate's verification address), drawn the same way. */
export function qrPng(text: string, scale = 8): Buffer {
  const modules = modulesOf(text);
  const margin = QR_OPTIONS.margin;
  const side = (modules.size + 2 * margin) * scale;
  const pixels = Buffer.alloc(side * side, 0xff);
  for (let row = 0; row < modules.size; row++) {
    for (let column = 0; column < modules.size; column++) {
      if (!modules.get(row, column)) continue;
      const left = (column + margin) * scale;
      for (let line = 0; line < scale; line++) {
        const start = ((row + margin) * scale + line) * side + left;
        pixels.fill(0, start, start + scale);
      }
    }
  }
  const grey = { colorType: 0, inputColorType: 0, inputHasAlpha: false, filterType: 0 } as const;
  const png = new PNG({ width: side, height: side, ...grey });
  png.data = pixels;
  return PNG.sync.write(png, grey);
}
