/**
 * `npm run bench:checkin`: 20 scanners at the entrance at once, against the production server on a fresh
 * demo database with 2,000 registered attendees. Each scanner posts its next ticket as soon as the answer
 * to the last is in (as a phone does), through the same JSON endpoint the scanner page uses; every
 * ticket is scanned twice over the run (valid, then already checked in) and one scan in ten is a forged
 * code. Prints the server's own time per scan (its Server-Timing header) and the round trip, p50/p95/p99.
 *
 * Options (environment): BENCH_SCANNERS (20), BENCH_ATTENDEES (2000), BENCH_PORT (3291).
 */
import { Agent, request } from "undici";
import { openDatabase } from "../../app/db.server";
import { registerEntranceCrowd } from "./crowd";
import { BENCH_ORGANISER, onScratchDatabase, percentile, signIn } from "./server";

const SCANNERS = Number(process.env.BENCH_SCANNERS ?? 20);
const ATTENDEES = Number(process.env.BENCH_ATTENDEES ?? 2000);
const PORT = Number(process.env.BENCH_PORT ?? 3291);
const BASE = `http://127.0.0.1:${PORT}`;

async function main() {
  await onScratchDatabase(async ({ databaseUrl, serve }) => {
    // The server seeds the demo congress (with its check-in lists) into the empty database.
    await serve(PORT);
    const { listId, secrets } = await registerEntranceCrowd(databaseUrl, ATTENDEES);
    console.log(`registered ${secrets.length} attendees`);
    const cookie = await signIn(BASE, BENCH_ORGANISER);
    console.log("signed in");

    const agent = new Agent({ connections: SCANNERS, pipelining: 1, keepAliveTimeout: 60_000 });
    const codes = [...secrets, ...secrets].map((secret, n) => (n % 10 === 9 ? `K1:${secret.slice(0, -1)}${secret.endsWith("A") ? "B" : "A"}` : `K1:${secret}`));
    console.log(`\nCheck-in: ${SCANNERS} scanners at the entrance, ${codes.length} scans of ${secrets.length} tickets (each twice; every tenth forged)`);
    await scanAll(agent, listId, cookie, codes.slice(0, SCANNERS * 5), "warm-up"); // loads routes and compiles query plans
    const result = await scanAll(agent, listId, cookie, codes.slice(SCANNERS * 5), "run");
    await agent.close();

    const server_ = result.serverMs.sort((a, b) => a - b);
    const roundTrip = result.roundTripMs.sort((a, b) => a - b);
    const line = (values: number[]) => `${percentile(values, 50).toFixed(1)} / ${percentile(values, 95).toFixed(1)} / ${percentile(values, 99).toFixed(1)} ms`;
    console.log(
      `\n  scans:                         ${roundTrip.length} in ${(result.durationMs / 1000).toFixed(2)} s (${(roundTrip.length / (result.durationMs / 1000)).toFixed(0)} / s)`,
    );
    console.log(`  answers:                       ${JSON.stringify(result.results)}`);
    console.log(`  server time p50 / p95 / p99:   ${line(server_)}`);
    console.log(`  round trip p50 / p95 / p99:    ${line(roundTrip)}`);
    await checkDatabase(databaseUrl, listId, secrets.length);
  });
}

async function scanAll(agent: Agent, listId: string, cookie: string, codes: string[], label: string) {
  const serverMs: number[] = [];
  const roundTripMs: number[] = [];
  const results: Record<string, number> = {};
  let next = 0;
  const started = performance.now();
  async function scanner(device: number) {
    while (next < codes.length) {
      const n = next++;
      const sent = performance.now();
      let response, body: { answer?: { result: string } };
      try {
        response = await request(`${BASE}/checkin/${listId}/scan`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", cookie, origin: BASE },
          body: new URLSearchParams({ intent: "scan", code: codes[n]!, scanId: `bench-${label}-${device}-${n}` }).toString(),
          dispatcher: agent,
        });
        body = (await response.body.json()) as { answer?: { result: string } };
      } catch (error) {
        console.error(label, n, error instanceof Error ? error.message : error);
        results.error = (results.error ?? 0) + 1;
        continue;
      }
      roundTripMs.push(performance.now() - sent);
      const timing = /dur=([\d.]+)/.exec(String(response.headers["server-timing"] ?? ""));
      if (timing) serverMs.push(Number(timing[1]));
      const result = body.answer?.result ?? `HTTP ${response.statusCode}`;
      results[result] = (results[result] ?? 0) + 1;
    }
  }
  await Promise.all(Array.from({ length: SCANNERS }, (_, device) => scanner(device)));
  return { serverMs, roundTripMs, results, durationMs: performance.now() - started };
}

/** Every ticket scanned is checked in exactly once, however many devices scanned it. */
async function checkDatabase(databaseUrl: string, listId: string, tickets: number) {
  const database = await openDatabase(databaseUrl);
  try {
    const valid = await database.read.checkIn.count({ where: { checkInListId: listId, result: "valid" } });
    const people = await database.read.checkIn.groupBy({ by: ["attendeeId"], where: { checkInListId: listId, result: "valid" } });
    const ok = valid === people.length && valid <= tickets;
    console.log(`\n  ${ok ? "✓" : "✗"} ${valid} valid check-ins for ${people.length} people (${tickets} tickets): nobody checked in twice`);
    if (!ok) process.exitCode = 1;
  } finally {
    await database.close();
  }
}

await main();
