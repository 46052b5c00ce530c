import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * Instructions a server executes, counted by valgrind's callgrind: the same work gives the same count whatever else
 * the machine is doing, where requests per second on these shared machines move by half between runs. Used to
 * compare the cost of two kinds of request side by side (bench:questions with BENCH_INSTRUCTIONS=1).
 *
 * Needs valgrind (Debian's package); callgrind_control reaches the running server through valgrind's gdbserver,
 * whose pipes are named after a prefix and the USER and HOST of each side's environment: both sides get the same
 * (the server's HOST is its listening address, so callgrind_control is given that).
 */
const VGDB_PREFIX = `--vgdb-prefix=${path.join(tmpdir(), "kongress-bench-vgdb")}`;

export const CALLGRIND_USER = { USER: "kongress-bench" };

export const callgrindCommand = () => ["valgrind", "--tool=callgrind", "--vgdb=yes", VGDB_PREFIX, "--callgrind-out-file=/dev/null"];

/** Instructions executed so far by all the process's threads (since its start). */
export function instructionsSoFar(pid: number, host = "127.0.0.1"): number {
  const status = execFileSync("callgrind_control", [VGDB_PREFIX, "-e", String(pid)], {
    env: { ...process.env, ...CALLGRIND_USER, HOST: host },
    encoding: "utf8",
  });
  // "   Th 1  570,353,506 " per thread.
  const perThread = [...status.matchAll(/^\s*Th\s+\d+\s+([\d,]+)\s*$/gm)].map((match) => Number(match[1]!.replaceAll(",", "")));
  if (perThread.length === 0) throw new Error(`callgrind_control gave no counts:\n${status}`);
  return perThread.reduce((sum, count) => sum + count, 0);
}
