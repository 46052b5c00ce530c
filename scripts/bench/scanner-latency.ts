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
 * Options (environment): BENCH_TICKETS (20 per path), BENCH_PORT (3293).
 */
import path from "node:path";
import { chromium, type Browser, type Page } from "@playwright/test";
import { CHROMIUM_ARGS, chromiumExecutable } from "../../tests/e2e/support/browser";
import { qrPng, writeY4mSequence } from "../../tests/e2e/support/fake-camera";
import { registerEntranceCrowd } from "./crowd";
import { BENCH_ORGANISER, onScratchDatabase, percentile, signIn } from "./server";

const TICKETS = Number(process.env.BENCH_TICKETS ?? 20);
const PORT = Number(process.env.BENCH_PORT ?? 3293);
const BASE = `http://127.0.0.1:${PORT}`;

type Answer = { result: string; ms: number };

async function main() {
  await onScratchDatabase(async ({ databaseUrl, serve }) => {
    const browsers: Browser[] = [];
    try {
      await serve(PORT);
      const { listId, secrets } = await registerEntranceCrowd(databaseUrl, TICKETS * 2);
      const cookie = await signIn(BASE, BENCH_ORGANISER);
      const codes = secrets.map((secret) => `K1:${secret}`);
      const [typed, filmed] = [codes.slice(0, TICKETS), codes.slice(TICKETS)];
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
