import { readdirSync, readFileSync } from 'node:fs';

/** Nearest-rank percentile of ascending values. */
export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))];
}

const EARLY_MS = 250;

/**
 * Schedule lag of each check that arrived at a target: arrival − the due time it answers,
 * where target i is due at `due[i] + k·interval` (valid while every target stays on that
 * schedule, which `onSchedule` confirms at the end). Ascending, in ms.
 */
export function scheduleLags(arrivals: { index: number[]; at: number[] }, due: readonly number[], intervalMs: number): number[] {
  const lags: number[] = [];
  arrivals.index.forEach((i, n) => {
    if (i < 0 || i >= due.length) return;
    const since = arrivals.at[n] - due[i];
    // An arrival just before its due time is early, not an interval late: the two processes'
    // clocks differ by a fraction of a millisecond, and timers have millisecond resolution.
    lags.push(since - Math.floor((since + EARLY_MS) / intervalMs) * intervalMs);
  });
  return lags.sort((a, b) => a - b);
}

// Linux clock ticks per second for /proc/<pid>/stat times (USER_HZ, 100 on every mainstream build).
const USER_HZ = 100;

interface ProcStat { name: string; ppid: number; cpuMs: number }

function procStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): state ppid … utime stime cutime cstime.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    return { name: text.slice(text.indexOf('(') + 1, text.lastIndexOf(')')), ppid: Number(fields[1]), cpuMs: (ticks * 1000) / USER_HZ };
  } catch {
    return undefined; // gone, or not Linux
  }
}

/** CPU time (ms, user + system, with reaped children) of one process; NaN where /proc is unavailable. */
export function processCpuMs(pid: number): number {
  return procStat(pid)?.cpuMs ?? Number.NaN;
}

/** CPU time of the `postgres` processes descended from `root`: the embedded server and its backends. */
export function postgresCpuMs(root: number): number {
  let pids: number[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number);
  } catch {
    return Number.NaN;
  }
  const stats = new Map(pids.map((pid) => [pid, procStat(pid)] as const));
  const descends = (pid: number): boolean => {
    for (let at = stats.get(pid)?.ppid; at !== undefined && at > 1; at = stats.get(at)?.ppid) {
      if (at === root) return true;
    }
    return false;
  };
  return pids.filter((pid) => stats.get(pid)?.name === 'postgres' && descends(pid)).reduce((sum, pid) => sum + stats.get(pid)!.cpuMs, 0);
}
