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
import { Agent } from "undici";
import { openDatabase } from "../../app/db.server";
import { BUS_SEATS, WORKSHOP_SEATS, createRushEvent, rush } from "./rush";
import { onScratchDatabase, percentile } from "./server";

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const PORT = Number(process.env.BENCH_PORT ?? 3290);

async function main() {
  await onScratchDatabase(async ({ databaseUrl, serve }) => {
    const setup = await createRushEvent(databaseUrl, "rush");
    await serve(PORT);

    console.log(
      `\nRegistration rush: ${REQUESTS} submissions, ${CONNECTIONS} connections, ${setup.slots.length} workshop slots × 4 workshops of ${WORKSHOP_SEATS} seats, 3 buses of ${BUS_SEATS} seats`,
    );
    // Warm-up on the same keep-alive connections: it compiles Prisma's query plans and loads the route
    // modules, and it opens every connection before the clock starts. (Node accepts new connections
    // slowly while its event loop is saturated, which would otherwise dominate the first seconds.)
    const agent = new Agent({ connections: CONNECTIONS, pipelining: 1, keepAliveTimeout: 60_000 });
    const url = `http://127.0.0.1:${PORT}/events/rush/register`;
    const warmUp = await rush(agent, url, setup, CONNECTIONS * 4, CONNECTIONS, 1_000_000);
    const result = await rush(agent, url, setup, REQUESTS, CONNECTIONS, 0);
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
