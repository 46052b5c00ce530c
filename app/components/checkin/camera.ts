/**
 * The camera side of the scanner, in the browser: opens the back camera inline and muted (what iPhones
 * need to play it without going full screen), draws frames onto a small canvas and has a worker decode
 * them with jsQR, one frame at a time, continuously. A frame without a readable code is simply the next
 * frame's turn: nothing here stops on a bad code.
 */
export type CameraStatus = "off" | "starting" | "on" | "unavailable" | "denied";

/** Frames are scaled to this width before decoding: enough for a ticket held up close, cheap on phones. */
const DECODE_WIDTH = 640;
/** At most one decode per this many milliseconds, leaving the phone time to draw and to talk to the server. */
const DECODE_INTERVAL_MS = 60;

export type CameraScanner = { stop: () => void };

export async function startCameraScanner(
  video: HTMLVideoElement,
  canvas: HTMLCanvasElement,
  onCode: (code: string) => void,
  /** While true no frames are taken: the main thread is left to the answer on its way to the screen. */
  isPaused: () => boolean = () => false,
): Promise<CameraScanner> {
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: false,
    video: { facingMode: { ideal: "environment" }, width: { ideal: 1280 }, height: { ideal: 720 } },
  });
  video.muted = true;
  video.playsInline = true;
  video.setAttribute("playsinline", "");
  video.srcObject = stream;
  await video.play();

  const context = canvas.getContext("2d", { willReadFrequently: true });
  const decoder = new Worker(new URL("./qr-decoder.worker.ts", import.meta.url), { type: "module" });
  let stopped = false;
  let decoding = false;
  let lastDecode = 0;
  decoder.onmessage = (event: MessageEvent<string | null>) => {
    decoding = false;
    if (!stopped && event.data) onCode(event.data);
  };
  // Should the worker fail anyway, the next frame is sent instead of the camera waiting forever.
  decoder.onerror = () => {
    decoding = false;
  };
  const tick = (now: number) => {
    if (stopped) return;
    if (context && !decoding && !isPaused() && now - lastDecode >= DECODE_INTERVAL_MS && video.readyState >= video.HAVE_CURRENT_DATA && video.videoWidth > 0) {
      lastDecode = now;
      const scale = Math.min(1, DECODE_WIDTH / video.videoWidth);
      const width = Math.round(video.videoWidth * scale);
      const height = Math.round(video.videoHeight * scale);
      if (canvas.width !== width) canvas.width = width;
      if (canvas.height !== height) canvas.height = height;
      context.drawImage(video, 0, 0, width, height);
      const pixels = context.getImageData(0, 0, width, height).data.buffer;
      decoding = true;
      decoder.postMessage({ pixels, width, height }, [pixels]);
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);

  return {
    stop() {
      stopped = true;
      decoder.terminate();
      for (const track of stream.getTracks()) track.stop();
      video.srcObject = null;
    },
  };
}

export function cameraErrorStatus(error: unknown): CameraStatus {
  const name = error instanceof DOMException ? error.name : "";
  return name === "NotAllowedError" || name === "SecurityError" ? "denied" : "unavailable";
}

/**
 * Loads the decoder once and lets it go: with the service worker in control, its script is fetched through it and
 * kept, so the camera can start later without a network (after a reload offline, say).
 */
export function preloadDecoder() {
  try {
    new Worker(new URL("./qr-decoder.worker.ts", import.meta.url), { type: "module" }).terminate();
  } catch {
    // No workers: the camera is unavailable anyway.
  }
}
