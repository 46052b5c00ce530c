import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import type { ScanAnswerView } from "~/modules/checkin/answer";
import { cameraErrorStatus, startCameraScanner, type CameraScanner, type CameraStatus } from "./camera";
import { signal, unlockSound } from "./feedback";
import { ScanAnswerPanel } from "./scan-answer";
import { useT } from "~/modules/i18n/hooks";
import type { OfflineCheckIn } from "./offline/use-offline";

/** How long an answer stays before the page is ready for the next person by itself. */
const SHOW_VALID_MS = 2_500;
const SHOW_REFUSED_MS = 5_000;
/** A code seen again before it was out of view this long is the same person still holding up their ticket. */
const SAME_CODE_PAUSE_MS = 3_000;
const RETRIES = 4;

type Phase = { kind: "ready" } | { kind: "sending"; offline: boolean } | { kind: "failed" };

/** A scan id the server has never seen: a retried request repeats it, a new scan makes a new one. */
function newScanId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** The server did not answer (no network, a timeout, a server error): the device decides instead. */
const UNREACHABLE = "unreachable";
/** With the list on the device, a server that does not answer within this is given up for the device's own check. */
const ONLINE_TIMEOUT_MS = 2_500;

async function postScan(
  endpoint: string,
  body: Record<string, string>,
  onOffline: () => void,
  canDecideOffline: boolean,
): Promise<ScanAnswerView | null | typeof UNREACHABLE> {
  // Without the list on the device, retrying is all there is; with it, one try and then the device decides.
  const attempts = canDecideOffline ? 1 : RETRIES;
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      const response = await fetch(endpoint, {
        method: "POST",
        body: new URLSearchParams(body),
        headers: { Accept: "application/json" },
        ...(canDecideOffline ? { signal: AbortSignal.timeout(ONLINE_TIMEOUT_MS) } : {}),
      });
      if (response.ok) return ((await response.json()) as { answer: ScanAnswerView }).answer;
      if (response.status < 500) return null;
    } catch {
      // The network dropped: the same scan id is sent again, so a scan that did arrive counts once.
    }
    onOffline();
    if (attempt < attempts - 1) await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** attempt));
  }
  return canDecideOffline ? UNREACHABLE : null;
}

/**
 * The scanner with JavaScript: the camera decodes continuously, a hand scanner types into the code field,
 * and both go to the JSON endpoint. Without JavaScript the same code field posts the page's form.
 */
export function LiveScanner({
  endpoint,
  onAnswer,
  codeField,
  offline,
}: {
  endpoint: string;
  onAnswer: () => void;
  codeField: (onSubmit: (event: FormEvent<HTMLFormElement>) => void) => JSX.Element;
  offline: OfflineCheckIn;
}) {
  const t = useT();
  const videoRef = useRef<HTMLVideoElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const camera = useRef<CameraScanner | null>(null);
  const [cameraStatus, setCameraStatus] = useState<CameraStatus>("off");
  const [answer, setAnswer] = useState<{ view: ScanAnswerView; code: string; startedAt: number; ms?: number; held?: boolean } | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const [phase, setPhase] = useState<Phase>({ kind: "ready" });
  const lastCode = useRef<{ code: string; at: number } | null>(null);
  const inFlight = useRef(false);
  /** From a code's arrival until its answer is painted, the camera takes no frames (see camera.ts). */
  const busy = useRef(false);
  // Read through a ref: the offline state changes often (queue, network), and the camera must not restart with it.
  const offlineRef = useRef(offline);
  offlineRef.current = offline;

  const check = useCallback(
    async (code: string, body: Record<string, string>) => {
      const now = performance.now();
      const last = lastCode.current;
      // A ticket still held up after its answer is not scanned again: it must be out of view for a moment first.
      if (last && last.code === code && now - last.at < SAME_CODE_PAUSE_MS) {
        last.at = now;
        return;
      }
      if (inFlight.current) return;
      inFlight.current = true;
      busy.current = true;
      lastCode.current = { code, at: now };
      let view: ScanAnswerView | null;
      const offline = offlineRef.current;
      if (offline.ready && (offline.offline || !navigator.onLine)) {
        // Offline: decided on the device at once, remembered and queued (nothing waits for a network).
        view = await offline.decide(code);
      } else {
        setPhase({ kind: "sending", offline: false });
        const online = await postScan(endpoint, { ...body, scanId: newScanId() }, () => setPhase({ kind: "sending", offline: true }), offline.ready);
        if (online === UNREACHABLE) {
          offline.wentOffline();
          view = await offline.decide(code);
        } else {
          view = online;
          if (view) offline.noteOnline(code, view);
        }
      }
      inFlight.current = false;
      if (!view) {
        busy.current = false;
        setPhase({ kind: "failed" });
        return;
      }
      setPhase({ kind: "ready" });
      setAnswer({ view, code, startedAt: now });
      signal(view.result);
    },
    [endpoint],
  );

  // Once the answer is painted: note how long it took from the code reaching the page (kept on the panel
  // for measurement), let the camera go on, and refresh the page's counts.
  useEffect(() => {
    if (answer && answer.ms === undefined) {
      requestAnimationFrame(() => {
        busy.current = false;
        setAnswer((current) => (current === answer ? { ...answer, ms: performance.now() - answer.startedAt } : current));
        onAnswer();
      });
    }
  }, [answer, onAnswer]);

  /**
   * The answer goes; focus returns to the code field, so the hand scanner's next read lands there and
   * is answered (after "Next", focus would otherwise fall to the page and the read be lost).
   */
  const dismiss = useCallback(() => {
    setAnswer(null);
    const active = document.activeElement;
    if (!active || active === document.body || active.closest(".scan-answer")) {
      root.current?.querySelector<HTMLInputElement>("input[name='code']")?.focus();
    }
  }, []);

  useEffect(() => {
    if (!answer || answer.held) return;
    const timer = setTimeout(dismiss, answer.view.result === "valid" ? SHOW_VALID_MS : SHOW_REFUSED_MS);
    return () => clearTimeout(timer);
  }, [answer, dismiss]);

  const startCamera = useCallback(async () => {
    unlockSound();
    if (!videoRef.current || !canvasRef.current || camera.current) return;
    if (!navigator.mediaDevices?.getUserMedia) {
      setCameraStatus("unavailable");
      return;
    }
    setCameraStatus("starting");
    try {
      camera.current = await startCameraScanner(
        videoRef.current,
        canvasRef.current,
        (code) => void check(code, { intent: "scan", code }),
        () => busy.current,
      );
      setCameraStatus("on");
    } catch (error) {
      setCameraStatus(cameraErrorStatus(error));
    }
  }, [check]);

  const stopCamera = () => {
    camera.current?.stop();
    camera.current = null;
    setCameraStatus("off");
  };

  useEffect(() => {
    void startCamera();
    return () => {
      camera.current?.stop();
      camera.current = null;
    };
  }, [startCamera]);

  const submitCode = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    unlockSound();
    const input = event.currentTarget.elements.namedItem("code");
    if (!(input instanceof HTMLInputElement) || !input.value.trim()) return;
    const code = input.value;
    input.value = "";
    lastCode.current = null; // a typed code is always meant: check it even if it was just shown
    void check(code, { intent: "scan", code });
  };

  return (
    <div className="scanner" ref={root}>
      <div className="scanner__camera" data-camera={cameraStatus}>
        <video
          ref={videoRef}
          className="scanner__video"
          muted
          playsInline
          autoPlay
          aria-label={t("checkin.camera")}
          hidden={cameraStatus !== "on" && cameraStatus !== "starting"}
        />
        <canvas ref={canvasRef} hidden />
        {cameraStatus === "on" ? <p className="scanner__hint">{t("checkin.cameraHint")}</p> : null}
        {cameraStatus === "unavailable" ? <p className="notice">{t("checkin.cameraUnavailable")}</p> : null}
        {cameraStatus === "denied" ? <p className="notice">{t("checkin.cameraDenied")}</p> : null}
        <button type="button" className="button button--large" onClick={() => (cameraStatus === "on" ? stopCamera() : void startCamera())}>
          {cameraStatus === "on" ? t("checkin.cameraStop") : t("checkin.cameraStart")}
        </button>
      </div>
      {codeField(submitCode)}
      <p className="scanner__phase" role="status">
        {phase.kind === "sending" ? (phase.offline ? t("checkin.offline") : t("checkin.sending")) : phase.kind === "failed" ? t("checkin.failed") : ""}
      </p>
      {answer ? (
        <ScanAnswerPanel
          answer={answer.view}
          answerMs={answer.ms}
          onDismiss={dismiss}
          held={answer.held}
          onHold={() => setAnswer((current) => (current ? { ...current, held: true } : current))}
        />
      ) : null}
    </div>
  );
}
