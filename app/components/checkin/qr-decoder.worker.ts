/// <reference lib="webworker" />
import jsQR from "jsqr";

/**
 * Decodes QR codes off the main thread, so the page stays quick to show answers while the camera
 * runs: one frame in (its RGBA pixels), the code or null out.
 */
type Frame = { pixels: ArrayBuffer; width: number; height: number };

self.onmessage = (event: MessageEvent<Frame>) => {
  const { pixels, width, height } = event.data;
  // Printed and on-screen tickets are dark on light: skipping the inverted pass halves the work.
  const found = jsQR(new Uint8ClampedArray(pixels), width, height, { inversionAttempts: "dontInvert" });
  self.postMessage(found?.data ?? null);
};
