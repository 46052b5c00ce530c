import { writeFileSync } from "node:fs";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import QRCode from "qrcode";

/**
 * A video for Chromium's fake camera (--use-file-for-fake-video-capture): a .y4m file, which is a text
 * header and raw frames: per frame the 640×480 luma (brightness) bytes and two 320×240 chroma planes
 * of 128 (no colour). The picture is a QR code on white, scaled to fit, centred.
 */
const WIDTH = 640;
const HEIGHT = 480;

function lumaOf(png: PNG): Uint8Array {
  const luma = new Uint8Array(WIDTH * HEIGHT).fill(255);
  // Whole-pixel enlargement keeps the modules sharp; a picture larger than the frame is shrunk to fit.
  const fit = Math.min((WIDTH - 40) / png.width, (HEIGHT - 40) / png.height);
  const scale = fit >= 1 ? Math.floor(fit) : fit;
  const [width, height] = [Math.floor(png.width * scale), Math.floor(png.height * scale)];
  const left = Math.floor((WIDTH - width) / 2);
  const top = Math.floor((HEIGHT - height) / 2);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const source = (Math.floor(y / scale) * png.width + Math.floor(x / scale)) * 4;
      const [r, g, b, a] = [png.data[source]!, png.data[source + 1]!, png.data[source + 2]!, png.data[source + 3]! / 255];
      // Transparent pixels are the white page behind.
      luma[(top + y) * WIDTH + left + x] = Math.round((0.299 * r + 0.587 * g + 0.114 * b) * a + 255 * (1 - a));
    }
  }
  return luma;
}

const Y4M_HEADER = `YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\n`;
/** Two 320×240 chroma planes of 128: no colour. */
const NO_CHROMA = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2) * 2, 128);
const frameOf = (luma: Uint8Array) => Buffer.concat([Buffer.from("FRAME\n"), Buffer.from(luma), NO_CHROMA]);

/** A video of one picture held still (10 frames a second), looped by Chromium. */
export function writeY4m(file: string, png: PNG, frames = 20) {
  const frame = frameOf(lumaOf(png));
  writeFileSync(file, Buffer.concat([Buffer.from(Y4M_HEADER), ...Array.from({ length: frames }, () => frame)]));
}

/**
 * A video of several pictures one after another, each held for `framesEach` frames and followed by
 * `blankFrames` of white: tickets held up to the camera in turn, as at a door.
 */
export function writeY4mSequence(file: string, pngs: PNG[], framesEach = 8, blankFrames = 4) {
  const blank = frameOf(new Uint8Array(WIDTH * HEIGHT).fill(255));
  const frames = pngs.flatMap((png) => {
    const frame = frameOf(lumaOf(png));
    return [...Array.from({ length: framesEach }, () => frame), ...Array.from({ length: blankFrames }, () => blank)];
  });
  writeFileSync(file, Buffer.concat([Buffer.from(Y4M_HEADER), ...frames]));
}

/** What a QR code in a PNG (a screenshot, say) says, read with jsQR as a phone would. */
export function decodeQr(png: PNG): string {
  const found = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  if (!found) throw new Error("no QR code in the picture");
  return found.data;
}

export async function qrPng(text: string): Promise<PNG> {
  return PNG.sync.read(await QRCode.toBuffer(text, { errorCorrectionLevel: "M", margin: 4, scale: 6 }));
}
