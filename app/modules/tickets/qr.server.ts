import QRCode from "qrcode";

/**
 * The text a ticket's QR code holds: a version prefix and the ticket secret. The prefix lets a scanner
 * tell a Kongress ticket from any other QR code and leaves room for signed tickets later.
 */
export const TICKET_QR_PREFIX = "K1:";
export const ticketQrPayload = (ticketSecret: string) => `${TICKET_QR_PREFIX}${ticketSecret}`;

const QR_OPTIONS = { errorCorrectionLevel: "M", margin: 2 } as const;

/** An SVG of the ticket's QR code, rendered on the server so it shows without JavaScript. */
export function ticketQrSvg(ticketSecret: string): Promise<string> {
  return QRCode.toString(ticketQrPayload(ticketSecret), { ...QR_OPTIONS, type: "svg" });
}

/** A PNG of the ticket's QR code, for emails and printing. */
export function ticketQrPng(ticketSecret: string, width = 400): Promise<Buffer> {
  return QRCode.toBuffer(ticketQrPayload(ticketSecret), { ...QR_OPTIONS, type: "png", width });
}
