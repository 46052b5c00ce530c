import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { CALLGRIND_USER, callgrindCommand } from "./instructions";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Agent, request } from "undici";

/** What the benchmarks share: building, migrating and starting the production server, and percentiles. */
export const root = path.resolve(import.meta.dirname, "../..");

export function run(command: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "inherit"] });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed`);
}

export function buildIfNeeded() {
  if (!existsSync(path.join(root, "build/server/index.js"))) run("npx", ["remix", "vite:build"]);
}

export const migrate = (databaseUrl: string) => run(process.execPath, ["scripts/prisma.mjs", "migrate", "deploy"], { DATABASE_URL: databaseUrl });

/** The heap limits `npm start` gives the server (package.json; docs/decisions/006-exports.md). */
const START_FLAGS = ["--max-old-space-size=192", "--max-semi-space-size=16"];

/**
 * `npm start`'s script on the given database and port. BENCH_SERVER_NODE_ARGS adds flags to its node (e.g. --cpu-prof);
 * `underCallgrind` runs it in valgrind's callgrind, which counts the instructions it executes (instructions.ts).
 */
export async function startServer(
  databaseUrl: string,
  port: number,
  env: Record<string, string> = {},
  options: { underCallgrind?: boolean } = {},
): Promise<ChildProcess> {
  const nodeArgs = [...START_FLAGS, ...(process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean)];
  run(process.execPath, ["scripts/bundle-start.mjs"]);
  const [command, ...args] = [...(options.underCallgrind ? callgrindCommand() : []), process.execPath, ...nodeArgs, "dist/start.mjs"];
  const server = spawn(command!, args, {
    cwd: root,
    env: {
      ...process.env,
      ...env,
      ...(options.underCallgrind ? CALLGRIND_USER : {}),
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: "127.0.0.1",
      NODE_ENV: "production",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  // Under callgrind the server runs some fifty times slower: its start takes a minute or more.
  await waitForServer(`http://127.0.0.1:${port}/healthz`, options.underCallgrind ? 1200 : 200);
  return server;
}

async function waitForServer(url: string, attempts: number) {
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("the server did not start");
}

/** The p-th percentile of ascending-sorted values (nearest rank). */
export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** A fresh, migrated database file in a scratch folder (built app included), and a way to remove it. */
export function scratchDatabase(): { databaseUrl: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), "kongress-bench-"));
  const databaseUrl = `file:${path.join(dir, "bench.db")}`;
  buildIfNeeded();
  migrate(databaseUrl);
  return { databaseUrl, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The organiser account every benchmark's server is started with. */
export const BENCH_ORGANISER = { email: "bench@kongress.local", password: "bench-organiser-password" };

type Scratch = { databaseUrl: string; serve: (port: number, options?: { underCallgrind?: boolean }) => Promise<ChildProcess> };

/**
 * Runs a benchmark on a fresh scratch database; `serve` starts the production server on it (with the
 * bench organiser account). Whatever happens, the server is stopped and the database removed, and a
 * failure is printed (with whether the server was still running) and sets the exit code.
 */
export async function onScratchDatabase(body: (scratch: Scratch) => Promise<void>) {
  const { databaseUrl, remove } = scratchDatabase();
  let server: ChildProcess | undefined;
  try {
    await body({
      databaseUrl,
      serve: async (port, options) =>
        (server = await startServer(databaseUrl, port, { ADMIN_EMAIL: BENCH_ORGANISER.email, ADMIN_PASSWORD: BENCH_ORGANISER.password }, options)),
    });
  } catch (error) {
    console.error(error, "server exit", server?.exitCode, server?.signalCode);
    process.exitCode = 1;
  } finally {
    server?.kill("SIGTERM");
    remove();
  }
}

/** Signs in through the login form and returns the session cookie. */
export async function signIn(base: string, account: { email: string; password: string }): Promise<string> {
  const agent = new Agent({ pipelining: 0 });
  const response = await request(`${base}/admin/login`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: base },
    body: new URLSearchParams({ ...account, redirectTo: "/admin" }).toString(),
    // A connection of its own, closed after: no idle connection from before the benchmark prepared its
    // data gets reused (asking for "Connection: close" instead failed now and then with "other side closed").
    dispatcher: agent,
  });
  await response.body.dump();
  await agent.close();
  const setCookie = response.headers["set-cookie"];
  const cookie = (Array.isArray(setCookie) ? setCookie[0] : setCookie)?.split(";")[0];
  if (response.statusCode !== 303 || !cookie) throw new Error(`sign-in failed: ${response.statusCode}`);
  return cookie;
}

/**
 * CPU time a process has used so far (user + system, all its threads), in ms, from Linux's /proc. Work per request
 * measured this way varies far less than requests per second on a shared machine, where other jobs take cores.
 */
export function processCpuMs(pid: number): number {
  // Fields after the command name (which is in parentheses and may hold spaces): utime and stime are the 12th and 13th.
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  const ticksPerSecond = 100; // USER_HZ, 100 on Linux for every architecture Node runs on
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}
