import { useCallback, useEffect, useRef, useState } from "react";
import type { ScanAnswerView } from "~/modules/checkin/answer";
import type { OfflineList, OfflineTicket } from "~/modules/checkin/offline-list";
import { decideOffline, ticketHashOf, webCrypto, type Crypto } from "./decide";
import { admittedHashes, forgetList, loadList, queuedCount, recordOfflineScan, rememberAdmitted, saveList } from "./store";
import { syncQueuedScans } from "./sync";
import { preloadDecoder } from "../camera";

/** How often queued scans are tried again while some wait, and the list refreshed while online. */
const SYNC_EVERY_MS = 15_000;

/** This device's name in the scan log: made once and kept (organisers see which phone scanned what). */
function deviceName(): string {
  const stored = localStorage.getItem("kongress-device");
  if (stored) return stored;
  const name = `Gerät ${Array.from(crypto.getRandomValues(new Uint8Array(2)), (byte) => byte.toString(16).padStart(2, "0"))
    .join("")
    .toUpperCase()}`;
  localStorage.setItem("kongress-device", name);
  return name;
}

/**
 * Registers the service worker and hands it the files this page was loaded with (it did not control that first
 * load), so the page opens again without a network, also after a reload or a restart of the phone.
 */
async function keepPageOffline() {
  try {
    await navigator.serviceWorker.register("/sw.js");
    const registration = await navigator.serviceWorker.ready;
    // On the first visit the worker takes control a moment after it is ready.
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => {
        navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true });
        setTimeout(resolve, 5_000);
      });
    }
    const resources = performance.getEntriesByType("resource").map((entry) => entry.name);
    registration.active?.postMessage({ type: "cache", urls: [location.pathname, "/checkin", "/manifest.webmanifest", "/icons/checkin-192.png", ...resources] });
    // The camera's decoder runs in a worker of its own, whose script must be kept too.
    preloadDecoder();
  } catch {
    // Without a service worker the scanner still works offline while the page stays open.
  }
}

export type OfflineCheckIn = {
  ready: boolean;
  offline: boolean;
  queued: number;
  tickets: number;
  downloadedAt: string | null;
  device: string;
  /** Decides a code on the device, remembers an admission and queues the scan. */
  decide: (code: string) => Promise<ScanAnswerView | null>;
  /** After an online answer: remembers a valid admission for later offline scans. */
  noteOnline: (code: string, answer: ScanAnswerView) => void;
  /** The network failed for a request: switch to deciding on the device. */
  wentOffline: () => void;
  /** Removes the list and admissions kept on this device (only when no scan waits to be sent). */
  forget: () => Promise<void>;
};

/**
 * The scanner's offline side: loads the list kept on the device, refreshes it from the server while online,
 * registers the service worker that keeps the page itself available, and sends queued scans when the network is
 * back (on the browser's "online" event and every 15 s).
 */
export function useOfflineCheckIn(listId: string): OfflineCheckIn {
  const [list, setList] = useState<OfflineList | null>(null);
  const [queued, setQueued] = useState(0);
  const [offline, setOffline] = useState(false);
  const [device, setDevice] = useState("");
  const admitted = useRef(new Set<string>());
  const byHash = useRef(new Map<string, OfflineTicket>());
  const cryptoRef = useRef<Crypto | null>(null);
  /** False once the list was removed from the device (or the page left): a download still on its way is not kept. */
  const keeping = useRef(true);

  const adopt = useCallback((next: OfflineList) => {
    byHash.current = new Map(next.tickets.map((ticket) => [ticket.h, ticket]));
    setList(next);
  }, []);

  const sync = useCallback(async () => {
    if (!navigator.onLine) return setOffline(true);
    const name = deviceName();
    const outcome = await syncQueuedScans(listId, name);
    setOffline(outcome.failed);
    setQueued(await queuedCount(listId));
    if (outcome.failed) return;
    try {
      const response = await fetch(`/checkin/${listId}/offline.json`, { headers: { Accept: "application/json" }, signal: AbortSignal.timeout(20_000) });
      if (!response.ok) return;
      const fresh = (await response.json()) as OfflineList;
      if (!keeping.current) return;
      await saveList(fresh);
      adopt(fresh);
    } catch {
      setOffline(true);
    }
  }, [listId, adopt]);

  useEffect(() => {
    cryptoRef.current = webCrypto();
    setDevice(deviceName());
    setOffline(!navigator.onLine);
    // The page itself offline: the service worker keeps the app shell and this page (public/sw.js).
    if ("serviceWorker" in navigator) void keepPageOffline();
    let stopped = false;
    keeping.current = true;
    void (async () => {
      const kept = await loadList(listId);
      admitted.current = await admittedHashes(listId);
      if (kept && !stopped) adopt(kept);
      setQueued(await queuedCount(listId));
      await sync();
    })();
    const onOnline = () => void sync();
    const onOffline = () => setOffline(true);
    window.addEventListener("online", onOnline);
    window.addEventListener("offline", onOffline);
    const timer = setInterval(() => void sync(), SYNC_EVERY_MS);
    return () => {
      stopped = true;
      keeping.current = false;
      window.removeEventListener("online", onOnline);
      window.removeEventListener("offline", onOffline);
      clearInterval(timer);
    };
  }, [listId, adopt, sync]);

  const decide = useCallback(
    async (code: string) => {
      if (!list || !cryptoRef.current) return null;
      const { answer, ticketHash } = await decideOffline(list, admitted.current, code, cryptoRef.current, byHash.current);
      const admittedHash = answer.result === "valid" ? ticketHash : null;
      if (admittedHash) admitted.current.add(admittedHash);
      const scanId = Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, "0")).join("");
      await recordOfflineScan({ scanId, listId, code: code.trim().slice(0, 500), at: new Date().toISOString(), offlineResult: answer.result }, admittedHash);
      setQueued((count) => count + 1);
      return answer;
    },
    [list, listId],
  );

  const noteOnline = useCallback(
    (code: string, answer: ScanAnswerView) => {
      if (answer.result !== "valid" || !cryptoRef.current) return;
      const crypto = cryptoRef.current;
      void (async () => {
        const ticketHash = await ticketHashOf(code, crypto);
        if (ticketHash) {
          admitted.current.add(ticketHash);
          await rememberAdmitted(listId, ticketHash);
        }
      })();
    },
    [listId],
  );

  return {
    ready: list !== null,
    offline,
    queued,
    tickets: list?.tickets.length ?? 0,
    downloadedAt: list?.generatedAt ?? null,
    device,
    decide,
    noteOnline,
    wentOffline: () => setOffline(true),
    forget: async () => {
      if ((await queuedCount(listId)) > 0) return;
      keeping.current = false;
      await forgetList(listId);
      admitted.current = new Set();
      byHash.current = new Map();
      setList(null);
    },
  };
}
