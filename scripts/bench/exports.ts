/**
 * `npm run bench:exports`: exports of 10,000 attendees from the production server on a fresh database.
 * Downloads the attendee list as CSV and XLSX with every column (and, for information, the badges PDF),
 * timing each from request to last byte, and reads the server's peak memory (VmHWM) and current memory
 * (VmRSS) from /proc. Targets: CSV under 1 s, XLSX under 3 s, server under 250 MB.
 *
 * Options (environment): BENCH_ATTENDEES (10000), BENCH_PORT (3292).
 */
import { readFileSync } from "node:fs";
import { request } from "undici";
import { openDatabase } from "../../app/db.server";
import { seedDemoCongress } from "../../prisma/demo-congress";
import { ATTENDEE_COLUMNS } from "../../app/modules/exports/columns";
import { registerAttendees } from "../../app/modules/registration/register.server";
import { liftLimits } from "./crowd";
import { BENCH_ORGANISER, onScratchDatabase, percentile, signIn } from "./server";

const ATTENDEES = Number(process.env.BENCH_ATTENDEES ?? 10_000);
const PORT = Number(process.env.BENCH_PORT ?? 3292);
const BASE = `http://127.0.0.1:${PORT}`;
const PER_REGISTRATION = 10;

async function main() {
  await onScratchDatabase(async ({ databaseUrl, serve }) => {
    const started = performance.now();
    const eventId = await registerCrowd(databaseUrl);
    console.log(
      `\nExports: ${ATTENDEES} attendees registered in ${((performance.now() - started) / 1000).toFixed(1)} s (with workshops and a site visit each)`,
    );
    const server = await serve(PORT);
    const cookie = await signIn(BASE, BENCH_ORGANISER);
    const memory = (field: "VmRSS" | "VmHWM") =>
      Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${server.pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
    console.log(`  server memory before: ${memory("VmRSS").toFixed(0)} MB (peak so far ${memory("VmHWM").toFixed(0)} MB)\n`);

    const columns = ATTENDEE_COLUMNS.map((column) => `columns=${column.key}`).join("&");
    for (const [label, url] of [
      ["CSV, all columns", `/admin/attendees/export?event=${eventId}&format=csv&${columns}`],
      ["XLSX, all columns", `/admin/attendees/export?event=${eventId}&format=xlsx&${columns}`],
      ["CSV, all columns (again)", `/admin/attendees/export?event=${eventId}&format=csv&${columns}`],
      ["XLSX, all columns (again)", `/admin/attendees/export?event=${eventId}&format=xlsx&${columns}`],
      ["badges PDF, A4", `/admin/badges?event=${eventId}&layout=a4`],
    ] as const) {
      const sent = performance.now();
      const response = await request(`${BASE}${url}`, { headers: { cookie } });
      let bytes = 0;
      for await (const chunk of response.body) bytes += (chunk as Buffer).length;
      const seconds = (performance.now() - sent) / 1000;
      console.log(
        `  ${label.padEnd(26)} ${response.statusCode}  ${(bytes / 1024 / 1024).toFixed(1).padStart(5)} MB  ${seconds.toFixed(2)} s   server now ${memory("VmRSS").toFixed(0)} MB, peak ${memory("VmHWM").toFixed(0)} MB`,
      );
    }
    await publicPageDuringExports(cookie, `/admin/attendees/export?event=${eventId}&format=csv&${columns}`);
    console.log(`  server peak memory after the parallel exports: ${memory("VmHWM").toFixed(0)} MB`);
  });
}

/**
 * What a visitor of the public event page feels while ten organisers export at once: the page's load
 * time, sampled every 100 ms, beside the same page on the idle server measured just before.
 */
async function publicPageDuringExports(cookie: string, exportPath: string) {
  const loadEventPage = async () => {
    const sent = performance.now();
    const response = await request(`${BASE}/events/fachkongress-quartiersentwicklung`);
    await response.body.text();
    return performance.now() - sent;
  };
  const sample = async (until: () => boolean) => {
    const times: number[] = [];
    while (!until()) {
      times.push(await loadEventPage());
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return times.sort((a, b) => a - b);
  };
  let idleRounds = 0;
  const idle = await sample(() => idleRounds++ >= 20);
  let done = false;
  const exportsStarted = performance.now();
  const exports = Promise.all(
    Array.from({ length: 10 }, async () => {
      const response = await request(`${BASE}${exportPath}`, { headers: { cookie } });
      await response.body.dump({ limit: Number.POSITIVE_INFINITY });
      return response.statusCode;
    }),
  ).finally(() => (done = true));
  const busy = await sample(() => done);
  const statuses = await exports;
  const exportSeconds = (performance.now() - exportsStarted) / 1000;
  const ms = (values: number[], p: number) => percentile(values, p).toFixed(0).padStart(5);
  console.log(`\n  Event page while 10 CSV exports run at once (all done in ${exportSeconds.toFixed(1)} s; statuses ${[...new Set(statuses)].join(", ")}):`);
  console.log(`    idle server:       p50 ${ms(idle, 50)} ms   p95 ${ms(idle, 95)} ms   max ${ms(idle, 100)} ms   (${idle.length} loads)`);
  console.log(`    during exports:    p50 ${ms(busy, 50)} ms   p95 ${ms(busy, 95)} ms   max ${ms(busy, 100)} ms   (${busy.length} loads)`);
}

/** ATTENDEES people on the demo congress (limits lifted), ten per registration, with names that need care. */
async function registerCrowd(databaseUrl: string): Promise<string> {
  const database = await openDatabase(databaseUrl);
  try {
    await seedDemoCongress(database.write);
    const event = await database.read.event.findFirstOrThrow({ include: { ticketTypes: { where: { priceCents: 0 } }, slots: { include: { items: true } } } });
    await liftLimits(database, event.id, { items: true });
    const bookable = event.slots
      .map((slot) => slot.items.filter((item) => item.kind === "workshop" || item.kind === "site_visit"))
      .filter((items) => items.length > 0);
    for (let n = 0; n < ATTENDEES / PER_REGISTRATION; n++) {
      const attendees = Array.from({ length: PER_REGISTRATION }, (_, p) => {
        const i = n * PER_REGISTRATION + p;
        return {
          firstName: i % 7 === 0 ? "Zoë" : "Jörg",
          lastName: `Weiß-Öztürk ${i}`,
          email: `person${i}@kommune.example`,
          organisation: i % 5 === 0 ? 'Stadt Bürstadt, Amt "Soziales"' : "Kreis Bergstraße",
          jobFunction: "Quartiersmanagement",
          phone: "+49 6206 1234",
          dietaryNeeds: i % 3 === 0 ? "vegetarisch;\nlaktosefrei" : "",
          accessibilityNeeds: "",
          needsConsent: i % 3 === 0,
          choices: Object.fromEntries(bookable.map((items) => [items[0]!.slotId, items[i % items.length]!.id])),
        };
      });
      const outcome = await registerAttendees(
        database,
        event.slug,
        {
          ticketTypeId: event.ticketTypes[0]!.id,
          contactEmail: `kontakt${n}@kommune.example`,
          language: "de",
          invoiceAddress: "",
          waitlistIfFull: true,
          privacyConsent: true,
          website: "",
          attendees,
        },
        new Date("2027-01-15T10:00:00Z"),
      );
      if (!outcome.ok) throw new Error(`registration ${n} refused: ${JSON.stringify(outcome.errors)}`);
    }
    // Their confirmation mails count as sent: the exports are measured, not the mail worker's backlog.
    await database.write.$transaction((tx) => tx.emailOutbox.updateMany({ data: { status: "sent", sentAt: new Date() } }));
    return event.id;
  } finally {
    await database.close();
  }
}

await main();
