/// <reference lib="webworker" />
import jsQR from "jsqr";

/**
 * Decodes QR codes off the main thread, so the page stays quick to show answers while the camera
 * runs: one frame in (its RGBA pixels), the code or null out.
 */
type Frame = { pixels: ArrayBuffer; width: number; height: number };

self.onmessage = (event: MessageEvent<Frame>) => {
  const { pixels, width, height } = event.data;
  let code: string | null = null;
  try {
    // Printed and on-screen tickets are dark on light: skipping the inverted pass halves the work.
    code = jsQR(new Uint8ClampedArray(pixels), width, height, { inversionAttempts: "dontInvert" })?.data ?? null;
  } catch {
    // A frame jsQR cannot handle is a frame without a code. Always answering keeps the camera going:
    // the page sends the next frame only after this one's answer.
  }
  self.postMessage(code);
};
