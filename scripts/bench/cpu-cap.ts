import { existsSync, mkdirSync, rmdirSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Caps a process at a share of one core, in a Linux cgroup of its own (v1's cpu controller or v2's cpu.max), so that
 * a benchmark can give each app instance the same CPU however many run: on a 2-core machine that also runs PostgreSQL
 * and the load generator, two uncapped instances measure the cores, not whether the instances scale.
 * Returns a way to remove the cgroup again, or null where cgroups cannot be written (not root, not Linux).
 */
export function capCpu(pid: number, shareOfOneCore: number): (() => void) | null {
  // A short period: a capped process holding a row lock is paused for at most the rest of a 10 ms period, not 100 ms.
  const periodUs = 10_000;
  const quotaUs = Math.round(periodUs * shareOfOneCore);
  const v1 = "/sys/fs/cgroup/cpu";
  const v2 = "/sys/fs/cgroup";
  try {
    if (existsSync(path.join(v1, "cpu.cfs_quota_us"))) {
      const group = path.join(v1, `kongress-bench-${pid}`);
      mkdirSync(group);
      writeFileSync(path.join(group, "cpu.cfs_period_us"), String(periodUs));
      writeFileSync(path.join(group, "cpu.cfs_quota_us"), String(quotaUs));
      writeFileSync(path.join(group, "cgroup.procs"), String(pid));
      return () => removeGroup(group, path.join(v1, "cgroup.procs"), pid);
    }
    if (existsSync(path.join(v2, "cgroup.controllers"))) {
      const group = path.join(v2, `kongress-bench-${pid}`);
      mkdirSync(group);
      writeFileSync(path.join(group, "cpu.max"), `${quotaUs} ${periodUs}`);
      writeFileSync(path.join(group, "cgroup.procs"), String(pid));
      return () => removeGroup(group, path.join(v2, "cgroup.procs"), pid);
    }
  } catch {
    // Not allowed here: the caller says so and measures without caps.
  }
  return null;
}

function removeGroup(group: string, parentProcs: string, pid: number) {
  try {
    // A group still holding the process cannot be removed: it goes back to the root group first (if still running).
    writeFileSync(parentProcs, String(pid));
  } catch {
    // already gone
  }
  try {
    rmdirSync(group);
  } catch {
    // removed already, or not ours to remove
  }
}
