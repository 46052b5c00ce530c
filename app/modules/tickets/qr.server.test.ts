import jsQR from "jsqr";
import QRCode from "qrcode";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { QrCode } from "~/components/qr-code";
import { packQrMatrix, qrStrokes } from "./qr-matrix";
import { ticketQrMatrix, ticketQrPng } from "./qr.server";

const PAYLOAD = "K2:AB3D:23456789ABCDEFGHJKMNPQRSTVW:K7H3-9QXM-1:" + "Q".repeat(103);
const SCALE = 6;

/** The ticket's QR code as the confirmation page draws it, from the matrix its data carries. */
const ticketQrSvg = (payload: string) => renderToStaticMarkup(createElement(QrCode, { matrix: ticketQrMatrix(payload), label: "Ticket" }));

/** The SVG painted as a scanner's camera would see it: each stroke `M x y.5 hN` blackens N modules of row y. */
function paintSvg(svg: string) {
  const side = Number(/viewBox="0 0 (\d+) \1"/.exec(svg)?.[1]);
  const strokes = /<path stroke="#000000" d="([^"]*)"/.exec(svg)?.[1] ?? "";
  const width = side * SCALE;
  const pixels = new Uint8ClampedArray(width * width * 4).fill(255);
  for (const [, x, y, length] of strokes.matchAll(/M(\d+) (\d+)\.5h(\d+)/g)) {
    for (let row = Number(y) * SCALE; row < (Number(y) + 1) * SCALE; row++) {
      for (let column = Number(x) * SCALE; column < (Number(x) + Number(length)) * SCALE; column++) {
        pixels.fill(0, (row * width + column) * 4, (row * width + column) * 4 + 3);
      }
    }
  }
  return { pixels, width };
}

describe("ticket QR codes", () => {
  it("draws an SVG a scanner reads back to the ticket's payload", () => {
    const svg = ticketQrSvg(PAYLOAD);
    expect(svg).toMatch(/^<div role="img" aria-label="Ticket"><svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 \d+ \d+" shape-rendering="crispEdges"/);
    const { pixels, width } = paintSvg(svg);
    expect(jsQR(pixels, width, width)?.data).toBe(PAYLOAD);
  });

  it("draws a signed ticket as one alphanumeric segment, the version qrcode's own split chooses", () => {
    const automatic = QRCode.create(PAYLOAD, { errorCorrectionLevel: "M" });
    expect(automatic.segments.map((segment) => segment.mode.id)).toEqual(["Alphanumeric"]);
    const side = Number(/viewBox="0 0 (\d+) \1"/.exec(ticketQrSvg(PAYLOAD))?.[1]);
    expect(side - 4).toBe(automatic.modules.size);
  });

  it("draws the same code as PNG for the mail, from the matrix the page drew (and for other texts their own)", () => {
    ticketQrSvg(PAYLOAD);
    for (const text of [PAYLOAD, "https://kongress.example/verify/ABC"]) {
      const png = PNG.sync.read(ticketQrPng(text, 4));
      const rgba = new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length);
      expect(jsQR(rgba, png.width, png.height)?.data).toBe(text);
    }
  });

  it("carries a code's modules in a few hundred characters and gives them back bit for bit, whatever the size", () => {
    const matrix = ticketQrMatrix(PAYLOAD);
    expect(matrix.dark.length).toBeLessThan(500);
    expect(ticketQrSvg(PAYLOAD).length).toBeGreaterThan(8 * matrix.dark.length);
    // Sides that do not fill the last byte, a lone module, every module dark.
    for (const [size, dark] of [
      [1, [0]],
      [3, [0, 4, 8]],
      [5, Array.from({ length: 25 }, (_, i) => i)],
    ] as const) {
      const strokes = qrStrokes(packQrMatrix(size, (index) => (dark as readonly number[]).includes(index))).strokes;
      const painted = [...strokes.matchAll(/M(\d+) (\d+)\.5h(\d+)/g)].flatMap(([, x, y, length]) =>
        Array.from({ length: Number(length) }, (_, step) => (Number(y) - 2) * size + Number(x) - 2 + step),
      );
      expect(painted).toEqual([...dark]);
    }
  });
});
