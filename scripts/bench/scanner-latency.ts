/**
 * `npm run bench:scanner`: how long the scanner page takes from a code reaching it to the answer painted
 * on screen, in real (headless) Chromium against the production server. The page measures this itself
 * (`data-answer-ms` on the answer: from the code's arrival, through the request, to the frame after the
 * answer is rendered); this benchmark collects what it reports.
 *
 * Two ways a code arrives, as at the door:
 * - a hand scanner: the code and Enter typed into the code field, ticket after ticket;
 * - the camera: Chromium's fake camera plays a video of tickets held up in turn (QR codes made from real
 *   ticket secrets), which the page's worker decodes. Each ticket passes twice: valid, then already checked in.
 *
 * Offline (the network switched off in Chromium): the same hand scanner's code → answer on the device, beside the
 * online figure of the same run; how long a list of BENCH_CROWD tickets (default 2,000) takes to reach a device
 * (download, store in IndexedDB, ready); and how fast 2,000 queued scans are sent when the network is back.
 *
 * Options (environment): BENCH_TICKETS (20 per path), BENCH_CROWD (2000), BENCH_PORT (3298).
 */
import path from "node:path";
import { chromium, type Browser, type Page } from "@playwright/test";
import { CHROMIUM_ARGS, chromiumExecutable } from "../../tests/e2e/support/browser";
import { qrPng, writeY4mSequence } from "../../tests/e2e/support/fake-camera";
import { registerEntranceCrowd } from "./crowd";
import { BENCH_ORGANISER, onScratchDatabase, percentile, signIn } from "./server";

const TICKETS = Number(process.env.BENCH_TICKETS ?? 20);
const CROWD = Number(process.env.BENCH_CROWD ?? 2000);
const PORT = Number(process.env.BENCH_PORT ?? 3298);
const BASE = `http://127.0.0.1:${PORT}`;

type Answer = { result: string; ms: number };

async function main() {
  await onScratchDatabase(async ({ databaseUrl, serve }) => {
    const browsers: Browser[] = [];
    try {
      await serve(PORT);
      const { listId, signedCodes } = await registerEntranceCrowd(databaseUrl, Math.max(CROWD, TICKETS * 4));
      const cookie = await signIn(BASE, BENCH_ORGANISER);
      const codes = signedCodes;
      const [typed, filmed, offlineCodes] = [codes.slice(0, TICKETS), codes.slice(TICKETS, TICKETS * 2), codes.slice(TICKETS * 2, TICKETS * 3)];
      console.log(`Scanner page, code read → answer on screen (headless Chromium, ${TICKETS} tickets per path, each scanned twice)\n`);

      const handScanner = await scannerPage(browsers, cookie, listId, []);
      const typedAnswers: Answer[] = [];
      for (const code of [...typed, ...typed]) {
        const count = await answerCount(handScanner);
        await handScanner.getByLabel(/Ticketcode/).fill(code);
        await handScanner.getByLabel(/Ticketcode/).press("Enter");
        typedAnswers.push(await nextAnswer(handScanner, count));
      }
      report("hand scanner", typedAnswers);

      // Offline: the list of the whole crowd on the device, then the network off.
      const listStarted = performance.now();
      const offlinePage = await scannerPage(browsers, cookie, listId, []);
      await offlinePage.waitForFunction(() => /Offline bereit: \d+ Tickets/.test(document.body.innerText), undefined, { timeout: 60_000, polling: "raf" });
      const listMs = performance.now() - listStarted;
      // The page itself kept by the service worker, so that it opens again offline.
      await offlinePage.waitForFunction(async () => Boolean(navigator.serviceWorker.controller) && Boolean(await caches.match(location.pathname)), undefined, {
        timeout: 30_000,
        polling: 200,
      });
      const listBytes = (await (await fetch(`${BASE}/checkin/${listId}/offline.json`, { headers: { cookie } })).arrayBuffer()).byteLength;
      console.log(
        `  list on a device: ${CROWD} tickets (${(listBytes / 1024).toFixed(0)} KB) loaded, stored and ready ${listMs.toFixed(0)} ms after opening the page`,
      );
      await offlinePage.context().setOffline(true);
      const offlineAnswers: Answer[] = [];
      for (const code of [...offlineCodes, ...offlineCodes]) {
        const count = await answerCount(offlinePage);
        await offlinePage.getByLabel(/Ticketcode/).fill(code);
        await offlinePage.getByLabel(/Ticketcode/).press("Enter");
        offlineAnswers.push(await nextAnswer(offlinePage, count));
      }
      report("offline", offlineAnswers);

      // 2,000 scans queued on the device (written straight into its IndexedDB), sent when the network is back.
      await offlinePage.evaluate(
        async ({ listId: list, codes: queued }) => {
          const request = indexedDB.open("kongress-checkin", 1);
          const db = await new Promise<IDBDatabase>((resolve, reject) => {
            request.onsuccess = () => resolve(request.result);
            request.onerror = () => reject(request.error);
          });
          const transaction = db.transaction("queue", "readwrite");
          queued.forEach((code, index) =>
            transaction
              .objectStore("queue")
              .put({ scanId: `bench-${index}-${list}`, listId: list, code, at: new Date().toISOString(), offlineResult: "valid" }),
          );
          await new Promise((resolve) => (transaction.oncomplete = resolve));
        },
        // Tickets none of the other paths scans, so the camera below still finds its own ones not yet in.
        { listId, codes: codes.slice(TICKETS * 3) },
      );
      const queuedTotal = codes.length - TICKETS * 3 + offlineAnswers.length;
      await offlinePage.reload().catch(() => undefined);
      await offlinePage.waitForFunction((n) => document.querySelector("[data-queued]")?.getAttribute("data-queued") === String(n), queuedTotal, {
        timeout: 60_000,
      });
      const syncStarted = performance.now();
      await offlinePage.context().setOffline(false);
      await offlinePage.waitForFunction(() => document.querySelector("[data-queued]")?.getAttribute("data-queued") === "0", undefined, {
        timeout: 300_000,
        polling: 100,
      });
      const syncSeconds = (performance.now() - syncStarted) / 1000;
      console.log(`  sync: ${queuedTotal} queued scans sent and recorded in ${syncSeconds.toFixed(2)} s (${(queuedTotal / syncSeconds).toFixed(0)} scans/s)`);

      const video = path.join(path.dirname(databaseUrl.slice("file:".length)), "tickets.y4m");
      writeY4mSequence(video, await Promise.all(filmed.map((code) => qrPng(code))));
      const camera = await scannerPage(browsers, cookie, listId, [
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        `--use-file-for-fake-video-capture=${video}`,
      ]);
      const filmedAnswers: Answer[] = [];
      while (filmedAnswers.length < filmed.length * 2) filmedAnswers.push(await nextAnswer(camera, filmedAnswers.length, 30_000));
      report("camera", filmedAnswers);
    } finally {
      await Promise.all(browsers.map((browser) => browser.close()));
    }
  });
}

/** A phone (or a PC with a hand scanner) signed in and on the entrance's scanner page, noting each answer it paints. */
async function scannerPage(browsers: Browser[], cookie: string, listId: string, cameraArgs: string[]): Promise<Page> {
  const browser = await chromium.launch({ executablePath: chromiumExecutable, args: [...CHROMIUM_ARGS, ...cameraArgs] });
  browsers.push(browser);
  const context = await browser.newContext({ locale: "de-DE", timezoneId: "Europe/Berlin" });
  const [name, value] = cookie.split("=") as [string, string];
  await context.addCookies([{ name, value, url: BASE }]);
  const page = await context.newPage();
  // The answer panel gets data-answer-ms once it is painted; every such moment is one answer.
  await page.addInitScript(() => {
    const seen: { result: string; ms: number }[] = [];
    Object.assign(window, { benchAnswers: seen });
    new MutationObserver((mutations) => {
      for (const mutation of mutations) {
        const element = mutation.target as Element;
        const ms = element.getAttribute("data-answer-ms");
        if (ms !== null) seen.push({ result: element.getAttribute("data-result") ?? "?", ms: Number(ms) });
      }
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-answer-ms"] });
  });
  await page.goto(`${BASE}/checkin/${listId}`);
  return page;
}

const answerCount = (page: Page) => page.evaluate(() => (window as unknown as { benchAnswers: Answer[] }).benchAnswers.length);

async function nextAnswer(page: Page, count: number, timeout = 10_000): Promise<Answer> {
  await page.waitForFunction((n) => (window as unknown as { benchAnswers: Answer[] }).benchAnswers.length > n, count, { timeout });
  return page.evaluate((n) => (window as unknown as { benchAnswers: Answer[] }).benchAnswers[n]!, count);
}

function report(label: string, answers: Answer[]) {
  const results: Record<string, number> = {};
  for (const answer of answers) results[answer.result] = (results[answer.result] ?? 0) + 1;
  const ms = answers.map((answer) => answer.ms).sort((a, b) => a - b);
  const line = [50, 95].map((p) => `p${p} ${percentile(ms, p).toFixed(0)} ms`).join(" / ");
  console.log(`  ${label.padEnd(14)} ${answers.length} answers ${JSON.stringify(results)}: ${line}, max ${ms.at(-1)!.toFixed(0)} ms`);
}

await main();
