/**
 * `npm run bench`: a registration rush against the production server on a fresh database.
 *
 * 2,000+ form submissions (the same urlencoded POST a browser sends without JavaScript) from 50 concurrent
 * connections, on an event whose workshops and site visits fill up during the run. Prints registrations per
 * second and latency percentiles, then checks in the database that no capacity was exceeded and that every
 * accepted submission is there exactly once. Not part of `npm test`: numbers, not assertions on time.
 *
 * Options (environment): BENCH_REQUESTS (default 2000), BENCH_CONNECTIONS (50), BENCH_PORT (3290).
 */
import { Agent, request } from "undici";
import { openDatabase } from "../../app/db.server";
import { berlinTimeToUtc } from "../../app/modules/i18n/format";
import { onScratchDatabase, percentile } from "./server";

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const PORT = Number(process.env.BENCH_PORT ?? 3290);

const WORKSHOP_SEATS = 350; // 4 workshops × 350 = 1,400 per slot: full before 2,000 submissions are in
const BUS_SEATS = 45;

async function main() {
  await onScratchDatabase(async ({ databaseUrl, serve }) => {
    const setup = await createRushEvent(databaseUrl);
    await serve(PORT);

    console.log(
      `\nRegistration rush: ${REQUESTS} submissions, ${CONNECTIONS} connections, ${setup.slots.length} workshop slots × 4 workshops of ${WORKSHOP_SEATS} seats, 3 buses of ${BUS_SEATS} seats`,
    );
    // Warm-up on the same keep-alive connections: it compiles Prisma's query plans and loads the route
    // modules, and it opens every connection before the clock starts. (Node accepts new connections
    // slowly while its event loop is saturated, which would otherwise dominate the first seconds.)
    const agent = new Agent({ connections: CONNECTIONS, pipelining: 1, keepAliveTimeout: 60_000 });
    const warmUp = await rush(agent, setup, CONNECTIONS * 4, CONNECTIONS, 1_000_000);
    const result = await rush(agent, setup, REQUESTS, CONNECTIONS, 0);
    await agent.close();

    const ok = result.statuses.get(303) ?? 0;
    const latencies = result.latencies.sort((a, b) => a - b);
    const pct = (p: number) => percentile(latencies, p);
    console.log(
      `\n  completed registrations: ${ok} of ${REQUESTS} (other statuses: ${JSON.stringify(Object.fromEntries([...result.statuses].filter(([s]) => s !== 303)))})`,
    );
    console.log(`  duration:                ${(result.durationMs / 1000).toFixed(2)} s`);
    console.log(`  registrations / second:  ${(ok / (result.durationMs / 1000)).toFixed(0)}`);
    console.log(`  latency p50 / p95 / p99: ${pct(50).toFixed(0)} / ${pct(95).toFixed(0)} / ${pct(99).toFixed(0)} ms (max ${latencies.at(-1)!.toFixed(0)} ms)`);

    await checkDatabase(databaseUrl, setup.eventId, ok + (warmUp.statuses.get(303) ?? 0));
  });
}

type RushSetup = Awaited<ReturnType<typeof createRushEvent>>;

async function createRushEvent(databaseUrl: string) {
  const database = await openDatabase(databaseUrl);
  const at = (time: string) => berlinTimeToUtc(`2027-05-16T${time}`);
  try {
    return await database.write.$transaction(async (tx) => {
      const event = await tx.event.create({
        data: {
          slug: "rush",
          titleDe: "Ansturm",
          descriptionDe: "Benchmark",
          venueName: "Halle",
          venueAddress: "Bürstadt",
          startsAt: at("09:00"),
          endsAt: at("17:00"),
          registrationOpensAt: new Date("2026-01-01T00:00:00Z"),
          status: "published",
          organiserName: "Bench",
          organiserEmail: "bench@example.org",
          privacyNoticeDe: "Datenschutz",
          privacyNoticeVersion: "bench",
          ticketTypes: { create: [{ nameDe: "Fachpublikum", priceCents: 0, capacity: 10_000 }] },
        },
        include: { ticketTypes: true },
      });
      const slots = [];
      for (const [index, time] of [
        ["10:00", "11:00"],
        ["11:30", "12:30"],
      ].entries()) {
        const slot = await tx.programmeSlot.create({
          data: { eventId: event.id, labelDe: `Workshops ${index + 1}`, startsAt: at(time[0]!), endsAt: at(time[1]!) },
        });
        const items = [];
        for (let w = 1; w <= 4; w++) {
          items.push(
            (
              await tx.programmeItem.create({
                data: {
                  eventId: event.id,
                  slotId: slot.id,
                  kind: "workshop",
                  titleDe: `Workshop ${index + 1}.${w}`,
                  startsAt: slot.startsAt,
                  endsAt: slot.endsAt,
                  capacity: WORKSHOP_SEATS,
                },
              })
            ).id,
          );
        }
        slots.push({ id: slot.id, items });
      }
      const busSlot = await tx.programmeSlot.create({ data: { eventId: event.id, labelDe: "Exkursionen", startsAt: at("14:00"), endsAt: at("17:00") } });
      const buses = [];
      for (let b = 1; b <= 3; b++) {
        buses.push(
          (
            await tx.programmeItem.create({
              data: {
                eventId: event.id,
                slotId: busSlot.id,
                kind: "site_visit",
                titleDe: `Bus ${b}`,
                startsAt: busSlot.startsAt,
                endsAt: busSlot.endsAt,
                capacity: BUS_SEATS,
              },
            })
          ).id,
        );
      }
      slots.push({ id: busSlot.id, items: buses });
      return { eventId: event.id, ticketTypeId: event.ticketTypes[0]!.id, slots };
    });
  } finally {
    await database.close();
  }
}

/** The urlencoded body a browser sends for one registration; about one in ten registers a colleague too. */
function submission(setup: RushSetup, n: number): string {
  const form = new URLSearchParams();
  form.set("ticketTypeId", setup.ticketTypeId);
  form.set("contactEmail", `kontakt${n}@kommune.example`);
  form.set("language", "de");
  form.set("waitlistIfFull", "on");
  form.set("privacyConsent", "on");
  form.set("website", "");
  form.set("intent", "register");
  const people = n % 10 === 0 ? 2 : 1;
  for (let p = 0; p < people; p++) {
    const prefix = `attendees[${p}]`;
    form.set(`${prefix}.firstName`, "Erika");
    form.set(`${prefix}.lastName`, `Müller ${n}-${p}`);
    form.set(`${prefix}.email`, `person${n}-${p}@kommune.example`);
    form.set(`${prefix}.organisation`, "Stadt Bürstadt");
    form.set(`${prefix}.jobFunction`, "Quartiersmanagement");
    for (const slot of setup.slots) form.set(`${prefix}.slot.${slot.id}`, slot.items[(n + p) % slot.items.length]!);
  }
  return form.toString();
}

/**
 * `connections` clients, each sending its next submission as soon as the answer to the last one is in
 * (a closed loop, like people pressing "register"), until `amount` submissions are sent. Latency is
 * measured per request from sending to the full answer; redirects are not followed.
 */
async function rush(agent: Agent, setup: RushSetup, amount: number, connections: number, offset: number) {
  const statuses = new Map<number, number>();
  const latencies: number[] = [];
  let next = 0;
  const url = `http://127.0.0.1:${PORT}/events/rush/register`;
  const started = performance.now();
  async function client() {
    while (next < amount) {
      const body = submission(setup, offset + next++);
      const sent = performance.now();
      const response = await request(url, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body,
        dispatcher: agent,
      });
      await response.body.dump();
      latencies.push(performance.now() - sent);
      statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
    }
  }
  await Promise.all(Array.from({ length: connections }, client));
  const durationMs = performance.now() - started;
  return { statuses, latencies, durationMs };
}

async function checkDatabase(databaseUrl: string, eventId: string, expectedRegistrations: number) {
  const database = await openDatabase(databaseUrl);
  try {
    const items = await database.read.programmeItem.findMany({
      where: { eventId },
      include: { _count: { select: { bookings: true } } },
      orderBy: { titleDe: "asc" },
    });
    const registrations = await database.read.registration.count({ where: { eventId } });
    const waiting = await database.read.waitingListEntry.count({ where: { eventId } });
    const problems: string[] = [];
    console.log(`\n  database: ${registrations} registrations (expected ${expectedRegistrations}), ${waiting} waiting-list entries`);
    for (const item of items) {
      const line = `    ${item.titleDe.padEnd(14)} ${String(item._count.bookings).padStart(4)} booked of ${item.capacity}`;
      console.log(line);
      if (item.capacity !== null && item._count.bookings > item.capacity) problems.push(`${item.titleDe} oversold: ${item._count.bookings} > ${item.capacity}`);
      if (item._count.bookings !== item.confirmedCount) problems.push(`${item.titleDe}: counter ${item.confirmedCount} ≠ ${item._count.bookings} bookings`);
      if (item.capacity !== null && item._count.bookings < item.capacity) problems.push(`${item.titleDe} did not fill up: the rush did not test full items`);
    }
    if (registrations !== expectedRegistrations) problems.push(`registrations: ${registrations} in the database, ${expectedRegistrations} accepted`);
    if (problems.length > 0) {
      console.log(`\n  ✗ ${problems.join("\n  ✗ ")}`);
      process.exitCode = 1;
    } else {
      console.log("\n  ✓ no capacity exceeded, every accepted registration stored once, every item filled up");
    }
  } finally {
    await database.close();
  }
}

await main();
