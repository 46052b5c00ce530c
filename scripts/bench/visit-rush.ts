/**
 * `npm run bench:visit`: the rush as people make it, beside its ceiling, in one run.
 *
 * A visit is what one person does when registration opens: the event page, the form, the submission (the POST a
 * browser sends without JavaScript) and the confirmation page with the QR codes. 50 closed-loop clients make
 * visits until BENCH_VISITS are done; then each page alone is loaded by 50 clients (pages per second, p95).
 *
 * Before each round and before the pages alone, the app's outbox is drained: the confirmations of earlier visits
 * are not sent on the next measurement's time (the ceiling sends none). On PostgreSQL that drain is timed as well,
 * so that one and two instances are also compared with all their visits' mails sent ("with their mails").
 *
 * Measured against, in the same minutes and on the same machine:
 * - the ceiling (scripts/bench/ceiling-server.ts): node:http + better-sqlite3 doing the same database writes and
 *   reads with nothing on top; rounds alternate between it and the app so the machine's noise falls on both;
 * - on PostgreSQL (when a server answers, scripts/postgres-server.mjs): the app as one instance and as two on one
 *   database, the clients spread over both; then again with each instance capped at a share of a core (cpu-cap.ts),
 *   where cgroups can be written, so that two instances have cores to spare on a machine that also runs PostgreSQL
 *   and the load generator.
 *
 * Options (environment): BENCH_VISITS (default 1000 per round), BENCH_ROUNDS (2), BENCH_CONNECTIONS (50),
 * BENCH_PAGE_REQUESTS (1500 per page), BENCH_INSTANCE_CPU (0.4 of a core), BENCH_POSTGRES=off, BENCH_SQLITE=off,
 * BENCH_UNCAPPED=off (on PostgreSQL, the capped measurement only).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { Agent, request } from "undici";
import Database from "better-sqlite3";
import pg from "pg";
import { capCpu } from "./cpu-cap";
import { addCpu, cpuLine, cpuSample, cpuSpent, machineAllows, type CpuSample } from "./cpu";
import { createRushEvent, submission, type RushSetup } from "./rush";
import { BENCH_ORGANISER, migrate, percentile, root, scratchDatabase, startServer } from "./server";
import { postgresServerUrl, whyNotUsable, withDatabase } from "../postgres-server.mjs";

const VISITS = Number(process.env.BENCH_VISITS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const PAGE_REQUESTS = Number(process.env.BENCH_PAGE_REQUESTS ?? 1500);
// Each PostgreSQL instance's share of a core in the capped measurement: two such instances with PostgreSQL and the
// load generator leave this 2-core machine room, so the ratio says whether the instances scale, not how many cores there are.
const INSTANCE_CPU = Number(process.env.BENCH_INSTANCE_CPU ?? 0.4);
// Ports of its own (the app, the ceiling beside it, the PostgreSQL instances from +10): no other bench uses 3320–3333.
const PORT = 3320;
const STEPS = ["event", "form", "submit", "confirmation"] as const;
type Step = (typeof STEPS)[number];

/** `pids`: the server processes under test, whose CPU time is reported beside the machine's (cpu.ts). */
type Target = { label: string; bases: string[]; slug: string; setup: RushSetup; pids: number[] };
type VisitResult = { visits: number; registered: number; seconds: number; latencies: Record<Step, number[]>; failures: number; cpu: CpuSample };

/** 50 people visiting at once, each starting the next visit when the last is done. */
async function visitRush(target: Target, agents: Agent[], amount: number, offset: number): Promise<VisitResult> {
  const cpuBefore = cpuSample(target.pids);
  const latencies: Record<Step, number[]> = { event: [], form: [], submit: [], confirmation: [] };
  let next = 0;
  let registered = 0;
  let failures = 0;
  const timed = async (step: Step, run: () => Promise<{ statusCode: number; headers: Record<string, unknown>; body: { dump(): Promise<void> } }>) => {
    const started = performance.now();
    const response = await run();
    await response.body.dump();
    latencies[step].push(performance.now() - started);
    return response;
  };
  const started = performance.now();
  async function person(client: number) {
    // Each client stays with one instance, as a browser's keep-alive connection does behind a proxy.
    const base = target.bases[client % target.bases.length]!;
    const dispatcher = agents[client % agents.length]!;
    while (next < amount) {
      const n = offset + next++;
      await timed("event", () => request(`${base}/events/${target.slug}`, { dispatcher }));
      await timed("form", () => request(`${base}/events/${target.slug}/register`, { dispatcher }));
      const posted = await timed("submit", () =>
        request(`${base}/events/${target.slug}/register`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: submission(target.setup, n),
          dispatcher,
        }),
      );
      const location = posted.headers.location;
      if (posted.statusCode !== 303 || typeof location !== "string") {
        failures++;
        continue;
      }
      registered++;
      const confirmed = await timed("confirmation", () => request(new URL(location, base).toString(), { dispatcher }));
      if (confirmed.statusCode !== 200) failures++;
    }
  }
  await Promise.all(Array.from({ length: CONNECTIONS }, (_, client) => person(client)));
  const seconds = (performance.now() - started) / 1000;
  return { visits: amount, registered, seconds, latencies, failures, cpu: cpuSpent(cpuBefore, cpuSample(target.pids)) };
}

/** One page loaded by 50 clients at once: pages per second and latency. */
async function pageRush(target: Target, agents: Agent[], path: string, amount: number) {
  const bases = target.bases;
  const cpuBefore = cpuSample(target.pids);
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, client) => {
      while (next++ < amount) {
        const sent = performance.now();
        const response = await request(`${bases[client % bases.length]}${path}`, { dispatcher: agents[client % agents.length] });
        await response.body.dump();
        if (response.statusCode !== 200) failures++;
        latencies.push(performance.now() - sent);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const serverMsPerPage = cpuSpent(cpuBefore, cpuSample(target.pids)).serversMs / amount;
  return {
    perSecond: amount / ((performance.now() - started) / 1000),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    failures,
    serverMsPerPage,
  };
}

const agentsFor = (bases: string[]) => bases.map(() => new Agent({ connections: CONNECTIONS, pipelining: 1, keepAliveTimeout: 60_000 }));

async function measure(target: Target, rounds: VisitResult[], offset: number) {
  const agents = agentsFor(target.bases);
  try {
    rounds.push(await visitRush(target, agents, VISITS, offset));
  } finally {
    await Promise.all(agents.map((agent) => agent.close()));
  }
}

async function measurePages(target: Target) {
  const agents = agentsFor(target.bases);
  try {
    // A confirmation page of someone who registered: the same token for all, as a page reloaded by many.
    const posted = await request(`${target.bases[0]}/events/${target.slug}/register`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: submission(target.setup, 9_000_000),
      dispatcher: agents[0],
    });
    await posted.body.dump();
    const confirmation = new URL(String(posted.headers.location), target.bases[0]).pathname;
    const pages: Record<string, Awaited<ReturnType<typeof pageRush>>> = {};
    for (const [name, path] of [
      ["event page", `/events/${target.slug}`],
      ["form", `/events/${target.slug}/register`],
      ["confirmation", confirmation],
    ] as const) {
      await pageRush(target, agents, path, CONNECTIONS * 4); // warm-up
      pages[name] = await pageRush(target, agents, path, PAGE_REQUESTS);
    }
    return pages;
  } finally {
    await Promise.all(agents.map((agent) => agent.close()));
  }
}

function summary(rounds: VisitResult[]) {
  const all = (step: Step) => rounds.flatMap((round) => round.latencies[step]).sort((a, b) => a - b);
  const seconds = rounds.reduce((sum, round) => sum + round.seconds, 0);
  const registered = rounds.reduce((sum, round) => sum + round.registered, 0);
  return {
    registrationsPerSecond: registered / seconds,
    failures: rounds.reduce((sum, round) => sum + round.failures, 0),
    registered,
    cpu: rounds.map((round) => round.cpu).reduce(addCpu),
    p95: Object.fromEntries(STEPS.map((step) => [step, percentile(all(step), 95)])) as Record<Step, number>,
    p50: Object.fromEntries(STEPS.map((step) => [step, percentile(all(step), 50)])) as Record<Step, number>,
  };
}

const line = (label: string, result: ReturnType<typeof summary>) =>
  `  ${label.padEnd(34)} ${result.registrationsPerSecond.toFixed(0).padStart(6)} visits/s   p95 ${STEPS.map((step) => `${step} ${result.p95[step].toFixed(0)}`).join(", ")} ms${result.failures ? `   (${result.failures} failed)` : ""}`;

const pageLines = (label: string, pages: Awaited<ReturnType<typeof measurePages>>) =>
  Object.entries(pages).map(
    ([name, page]) =>
      `  ${`${label}: ${name}`.padEnd(34)} ${page.perSecond.toFixed(0).padStart(6)} pages/s    p50 ${page.p50.toFixed(0)} ms, p95 ${page.p95.toFixed(0)} ms, server CPU ${page.serverMsPerPage.toFixed(2)} ms/page${page.failures ? `   (${page.failures} failed)` : ""}`,
  );

async function waitFor(url: string) {
  for (let attempt = 0; attempt < 200; attempt++) {
    try {
      const response = await request(url);
      await response.body.dump();
      if (response.statusCode === 200) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not come up`);
}

function startCeiling(file: string, port: number): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "scripts/bench/ceiling-server.ts", file, String(port)], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
  });
}

async function sqliteRun() {
  const app = scratchDatabase();
  const ceiling = scratchDatabase();
  const processes: ChildProcess[] = [];
  let appFile: Database.Database | undefined;
  try {
    const [appSetup, ceilingSetup] = [await createRushEvent(app.databaseUrl, "rush"), await createRushEvent(ceiling.databaseUrl, "rush")];
    const appServer = await startServer(app.databaseUrl, PORT, { ADMIN_EMAIL: BENCH_ORGANISER.email, ADMIN_PASSWORD: BENCH_ORGANISER.password });
    const ceilingServer = startCeiling(ceiling.databaseUrl.replace(/^file:/, ""), PORT + 1);
    processes.push(appServer, ceilingServer);
    // The app's own file, read beside it (WAL: readers do not block its writer).
    const reader = (appFile = new Database(app.databaseUrl.replace(/^file:/, ""), { readonly: true, fileMustExist: true }));
    const mailsDue = async () => (reader.prepare(MAILS_DUE).get() as { due: number }).due;
    const appTarget: Target = { label: "app", bases: [`http://127.0.0.1:${PORT}`], slug: "rush", setup: appSetup, pids: [appServer.pid!] };
    const ceilingTarget: Target = { label: "ceiling", bases: [`http://127.0.0.1:${PORT + 1}`], slug: "rush", setup: ceilingSetup, pids: [ceilingServer.pid!] };
    await waitFor(`${ceilingTarget.bases[0]}/healthz`);

    console.log(`\nVisit rush on SQLite: ${ROUNDS} × ${VISITS} visits per side, ${CONNECTIONS} clients, rounds alternating`);
    // Warm-up of both: route modules, query plans, connections.
    await measure(appTarget, [], 5_000_000);
    await measure(ceilingTarget, [], 5_000_000);
    const appRounds: VisitResult[] = [];
    const ceilingRounds: VisitResult[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      await outboxDrained(mailsDue);
      await measure(ceilingTarget, ceilingRounds, round * VISITS);
      await measure(appTarget, appRounds, round * VISITS);
    }
    await outboxDrained(mailsDue);
    const [appResult, ceilingResult] = [summary(appRounds), summary(ceilingRounds)];
    console.log(line("ceiling (node:http + better-sqlite3)", ceilingResult));
    console.log(cpuLine(ceilingResult.cpu, ceilingResult.registered, "visit"));
    console.log(line("app (one instance)", appResult));
    console.log(cpuLine(appResult.cpu, appResult.registered, "visit"));
    console.log(`  app / ceiling: ${((100 * appResult.registrationsPerSecond) / ceilingResult.registrationsPerSecond).toFixed(1)} % (target ≥ 10 %)`);

    console.log(`\nPages alone, ${PAGE_REQUESTS} requests each, ${CONNECTIONS} clients (target ≥ 300 pages/s, p95 < 250 ms):`);
    for (const text of pageLines("ceiling", await measurePages(ceilingTarget))) console.log(text);
    for (const text of pageLines("app", await measurePages(appTarget))) console.log(text);
  } finally {
    appFile?.close();
    for (const child of processes) child.kill("SIGTERM");
    app.remove();
    ceiling.remove();
  }
}

/** The instances' CPU could not be capped here (no writable cgroup). */
class CannotCap extends Error {}

/** One configuration on PostgreSQL: its own database, its instances, and a connection to read what they did. */
type Deployment = { instances: number; target: Target; reader: pg.Client; processes: ChildProcess[] };

/** What the database did in a round beside the visits: mails sent, transactions committed or rolled back. */
type DatabaseWork = { mailsSent: number; transactions: number; rolledBack: number };

async function databaseWork(reader: pg.Client): Promise<DatabaseWork> {
  // The statistics of the other connections reach pg_stat_database when they go idle; this one's snapshot is cleared first.
  await reader.query("SELECT pg_stat_clear_snapshot()");
  const mails = await reader.query<{ sent: string }>(`SELECT count(*) AS "sent" FROM "EmailOutbox" WHERE "status" = 'sent'`);
  const stats = await reader.query<{ transactions: string; rolledBack: string }>(
    `SELECT xact_commit + xact_rollback AS "transactions", xact_rollback AS "rolledBack" FROM pg_stat_database WHERE datname = current_database()`,
  );
  return { mailsSent: Number(mails.rows[0]!.sent), transactions: Number(stats.rows[0]!.transactions), rolledBack: Number(stats.rows[0]!.rolledBack) };
}

const MAILS_DUE = `SELECT count(*) AS "due" FROM "EmailOutbox" WHERE "status" IN ('pending', 'sending')`;

/**
 * Waits until the app has sent every mail of the rounds before, so that no round, and no page measured alone, pays
 * for an earlier round's confirmations (an instance under load sends only a few at a time and catches up afterwards,
 * while the ceiling sends none). `due`: the mails not yet sent.
 */
async function outboxDrained(due: () => Promise<number>) {
  for (let waited = 0; waited < 600; waited++) {
    if ((await due()) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("the outbox did not drain within five minutes");
}

const mailsDueOnPostgres = (reader: pg.Client) => async () => Number((await reader.query<{ due: string }>(MAILS_DUE)).rows[0]!.due);

async function deploy(server: string, database: string, instances: number, firstPort: number, cap: number | null, uncaps: (() => void)[]): Promise<Deployment> {
  const url = withDatabase(server, database);
  migrate(url);
  const setup = await createRushEvent(url, "rush");
  const ports = Array.from({ length: instances }, (_, n) => firstPort + n);
  const secret = randomBytes(32).toString("hex");
  const processes = await Promise.all(
    ports.map((port) => startServer(url, port, { SESSION_SECRET: secret, ADMIN_EMAIL: BENCH_ORGANISER.email, ADMIN_PASSWORD: BENCH_ORGANISER.password })),
  );
  if (cap !== null) {
    const caps = processes.map((child) => capCpu(child.pid!, cap));
    uncaps.push(...caps.filter((uncap) => uncap !== null));
    if (caps.includes(null)) throw new CannotCap();
  }
  const reader = new pg.Client({ connectionString: url });
  await reader.connect();
  const target: Target = {
    label: `${instances}`,
    bases: ports.map((port) => `http://127.0.0.1:${port}`),
    slug: "rush",
    setup,
    pids: processes.map((child) => child.pid!),
  };
  return { instances, target, reader, processes };
}

/**
 * One and two instances on one PostgreSQL database each, both running throughout, their rounds alternating (as the
 * SQLite rounds do) so that the shared machine's noise falls on both. `cap`: each instance's share of one core
 * (cpu-cap.ts), so that both measurements give every instance the same CPU and leave the machine cores to spare;
 * null: uncapped.
 */
async function postgresRun(server: string, cap: number | null) {
  const names = [1, 2].map((n) => `kongress_bench_${randomBytes(3).toString("hex")}_${n}`);
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  const deployments: Deployment[] = [];
  const uncaps: (() => void)[] = [];
  try {
    const capped = cap === null ? "" : `, each instance capped at ${Math.round(cap * 100)} % of a core`;
    console.log(`\nVisit rush on PostgreSQL${capped}: ${ROUNDS} × ${VISITS} visits, ${CONNECTIONS} clients spread over the instances, rounds alternating`);
    for (const [index, instances] of [1, 2].entries()) {
      await admin.query(`CREATE DATABASE "${names[index]}"`);
      deployments.push(await deploy(server, names[index]!, instances, PORT + 10 + index * 2, cap, uncaps));
    }
    for (const deployment of deployments) await measure(deployment.target, [], 5_000_000);
    const rounds = new Map<Deployment, VisitResult[]>(deployments.map((deployment) => [deployment, []]));
    const work = new Map<Deployment, DatabaseWork>(deployments.map((deployment) => [deployment, { mailsSent: 0, transactions: 0, rolledBack: 0 }]));
    // Seconds each deployment took after its rounds to send the rest of their confirmations.
    const drainSeconds = new Map<Deployment, number>(deployments.map((deployment) => [deployment, 0]));
    for (let round = 0; round < ROUNDS; round++) {
      // Each goes first in every other round.
      for (const deployment of round % 2 === 0 ? deployments : [...deployments].reverse()) {
        for (const other of deployments) await outboxDrained(mailsDueOnPostgres(other.reader));
        const before = await databaseWork(deployment.reader);
        await measure(deployment.target, rounds.get(deployment)!, round * VISITS);
        const after = await databaseWork(deployment.reader);
        const inRound: DatabaseWork = {
          mailsSent: after.mailsSent - before.mailsSent,
          transactions: after.transactions - before.transactions,
          rolledBack: after.rolledBack - before.rolledBack,
        };
        const sum = work.get(deployment)!;
        sum.mailsSent += inRound.mailsSent;
        sum.transactions += inRound.transactions;
        sum.rolledBack += inRound.rolledBack;
        const measured = rounds.get(deployment)!.at(-1)!;
        const perVisit = (amount: number) => amount / measured.registered;
        console.log(
          `    round ${round + 1}, ${deployment.instances} instance(s): ${(measured.registered / measured.seconds).toFixed(1)} visits/s, ` +
            `servers ${perVisit(measured.cpu.serversMs).toFixed(1)} ms CPU per visit, PostgreSQL ${perVisit(measured.cpu.postgresMs).toFixed(1)} ms, ` +
            `${perVisit(inRound.mailsSent).toFixed(2)} mails, ${perVisit(inRound.transactions).toFixed(1)} transactions ` +
            `(${inRound.rolledBack} rolled back) per visit`,
        );
        // The round's confirmations not yet sent, sent now: an instance under load sends few and catches up after, one
        // with time to spare sends more during the round, charged to its visits. Timed, so that both can be compared
        // with every mail of their visits sent (the line "with their mails" below).
        const drainStarted = performance.now();
        await outboxDrained(mailsDueOnPostgres(deployment.reader));
        drainSeconds.set(deployment, drainSeconds.get(deployment)! + (performance.now() - drainStarted) / 1000);
      }
    }
    const results = deployments.map((deployment) => summary(rounds.get(deployment)!));
    for (const [index, deployment] of deployments.entries()) {
      const result = results[index]!;
      const done = work.get(deployment)!;
      console.log(line(`app, ${deployment.instances} instance${deployment.instances > 1 ? "s" : ""}`, result));
      console.log(cpuLine(result.cpu, result.registered, "visit"));
      console.log(
        `  beside the visits: ${(done.mailsSent / result.registered).toFixed(2)} confirmation mails sent per visit, ` +
          `${(done.transactions / result.registered).toFixed(1)} PostgreSQL transactions per visit (${(done.rolledBack / result.registered).toFixed(2)} rolled back)`,
      );
    }
    const [one, two] = results as [ReturnType<typeof summary>, ReturnType<typeof summary>];
    const withMails = deployments.map((deployment, index) => {
      const seconds = rounds.get(deployment)!.reduce((sum, round) => sum + round.seconds, 0) + drainSeconds.get(deployment)!;
      return results[index]!.registered / seconds;
    });
    // The bound: two instances share the cores with PostgreSQL and the load generator, so they cannot go beyond what
    // the cores allow at one instance's cost per visit, however well they scale.
    const allowed = machineAllows(one.cpu, one.registered);
    const bound =
      allowed && cap === null ? `; at one instance's cost per visit this machine allows at most ${(allowed / one.registrationsPerSecond).toFixed(2)}×` : "";
    console.log(`  two / one instance: ${(two.registrationsPerSecond / one.registrationsPerSecond).toFixed(2)}× (target ≥ 1.5×${bound})`);
    console.log(
      `  with their mails (each round timed until every confirmation of it was sent, ±0.5 s): one ${withMails[0]!.toFixed(0)}, ` +
        `two ${withMails[1]!.toFixed(0)} visits/s, ${(withMails[1]! / withMails[0]!).toFixed(2)}×`,
    );
  } finally {
    for (const uncap of uncaps) uncap();
    const processes = deployments.flatMap((deployment) => deployment.processes);
    // Stopped and waited for before the databases go: their workers must not outlive them.
    await Promise.all(
      processes.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : (child.once("exit", resolve), child.kill("SIGTERM"))))),
    );
    for (const deployment of deployments) await deployment.reader.end();
    for (const name of names) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

try {
  if (process.env.BENCH_SQLITE !== "off") await sqliteRun();
  const server = process.env.BENCH_POSTGRES === "off" ? null : postgresServerUrl();
  const unusable = server ? await whyNotUsable(server) : "BENCH_POSTGRES=off";
  if (server && !unusable) {
    if (process.env.BENCH_UNCAPPED !== "off") await postgresRun(server, null);
    try {
      await postgresRun(server, INSTANCE_CPU);
    } catch (error) {
      if (!(error instanceof CannotCap)) throw error;
      console.log("  (no cgroup to cap the instances' CPU here: not measured capped)");
    }
  } else console.log(`\nPostgreSQL: not measured (${unusable}).`);
} catch (error) {
  console.error(error);
  process.exitCode = 1;
}
