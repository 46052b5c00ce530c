import { readdirSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";

/**
 * Where a benchmark's CPU went, read from Linux's /proc before and after a measurement: how busy the whole machine
 * was, and the CPU milliseconds of the servers under test, of PostgreSQL's processes and of the load generator
 * itself. On a shared two-core machine that also runs the load and the database, this says whether a figure is
 * limited by the app or by the machine: a second instance cannot add what no core has left.
 * Where /proc is missing (not Linux), every figure is zero and `available` is false.
 */
export type CpuSample = { available: boolean; machineBusyMs: number; machineTotalMs: number; serversMs: number; postgresMs: number; selfMs: number };

// Linux reports process and machine times in clock ticks of 1/100 s on every architecture Node.js runs on.
const TICK_MS = 10;

const readOr = (file: string, fallback: string) => {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return fallback;
  }
};

/**
 * utime + stime of one process, in ms (0 when it is gone); with `reapedChildren`, also cutime + cstime, the time of
 * its children that ended and were waited for.
 */
function processMs(pid: number, reapedChildren = false): number {
  const stat = readOr(`/proc/${pid}/stat`, "");
  // The command name is in parentheses and may hold spaces: the fields that follow start after the last ")".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  if (!stat) return 0;
  return (Number(fields[11]) + Number(fields[12]) + (reapedChildren ? Number(fields[13]) + Number(fields[14]) : 0)) * TICK_MS;
}

const postgresPids = () =>
  readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => readOr(`/proc/${pid}/comm`, "").trim() === "postgres");

export function cpuSample(serverPids: number[]): CpuSample {
  const machine = readOr("/proc/stat", "").split("\n")[0] ?? "";
  if (!machine.startsWith("cpu ")) return { available: false, machineBusyMs: 0, machineTotalMs: 0, serversMs: 0, postgresMs: 0, selfMs: 0 };
  const ticks = machine.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = ticks.reduce((sum, value) => sum + value, 0);
  const idle = ticks[3]! + ticks[4]!; // idle and iowait
  const self = process.cpuUsage();
  return {
    available: true,
    machineBusyMs: (total - idle) * TICK_MS,
    machineTotalMs: total * TICK_MS,
    serversMs: serverPids.reduce((sum, pid) => sum + processMs(pid), 0),
    // A backend that ends during a measurement (the app's pool closes idle connections) takes its CPU time with it;
    // the postmaster, which waited for it, counts it among its children's: the sum then never goes back.
    postgresMs: postgresPids().reduce((sum, pid) => sum + processMs(pid, true), 0),
    selfMs: (self.user + self.system) / 1000,
  };
}

/** What was spent between two samples. */
export function cpuSpent(before: CpuSample, after: CpuSample): CpuSample {
  return {
    available: before.available && after.available,
    machineBusyMs: after.machineBusyMs - before.machineBusyMs,
    machineTotalMs: after.machineTotalMs - before.machineTotalMs,
    serversMs: after.serversMs - before.serversMs,
    postgresMs: after.postgresMs - before.postgresMs,
    selfMs: after.selfMs - before.selfMs,
  };
}

export const addCpu = (a: CpuSample, b: CpuSample): CpuSample => ({
  available: a.available && b.available,
  machineBusyMs: a.machineBusyMs + b.machineBusyMs,
  machineTotalMs: a.machineTotalMs + b.machineTotalMs,
  serversMs: a.serversMs + b.serversMs,
  postgresMs: a.postgresMs + b.postgresMs,
  selfMs: a.selfMs + b.selfMs,
});

/**
 * One line: the machine's busy share, CPU per unit of work by whom, and the most this machine's cores could do at
 * that cost were nothing else running (cores × 1000 ms ÷ machine CPU per unit).
 */
export function cpuLine(spent: CpuSample, units: number, unit: string): string {
  if (!spent.available || units === 0 || spent.machineTotalMs === 0) return "  CPU: not measured (no /proc)";
  const cores = availableParallelism();
  const per = (ms: number) => (ms / units).toFixed(1);
  const busyPerUnit = spent.machineBusyMs / units;
  return (
    `  CPU: machine ${((100 * spent.machineBusyMs) / spent.machineTotalMs).toFixed(0)} % busy of ${cores} cores; per ${unit}: ` +
    `servers ${per(spent.serversMs)} ms, PostgreSQL ${per(spent.postgresMs)} ms, load generator ${per(spent.selfMs)} ms, machine ${busyPerUnit.toFixed(1)} ms ` +
    `(at that cost ${cores} cores allow ${machineAllows(spent, units)!.toFixed(0)} ${unit}s/s)`
  );
}

/**
 * The most units per second this machine's cores allow at the cost per unit measured in `spent` (null without /proc):
 * what a second instance could reach at best when everything it needs (database, load generator) shares these cores.
 */
export function machineAllows(spent: CpuSample, units: number): number | null {
  if (!spent.available || units === 0 || spent.machineBusyMs === 0) return null;
  return (availableParallelism() * 1000) / (spent.machineBusyMs / units);
}
