import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second, the unit of /proc's CPU times (100 on Linux almost everywhere). */
const TICKS_PER_SECOND = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces). */
function statFields(pid: string): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined; // exited meanwhile
  }
}

/**
 * CPU time (user + system, ms) used so far by a process and all its live descendants — the
 * gateway with its embedded Postgres, or moto — read from /proc; undefined where there is no
 * /proc. On a shared machine this counts work done rather than time waited, so it is the
 * figure to compare when other load makes requests per second swing.
 */
export function treeCpuMs(root: number): number | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return undefined;
  }
  const children = new Map<string, string[]>();
  const ticks = new Map<string, number>();
  for (const pid of entries) {
    const fields = statFields(pid);
    if (!fields) continue;
    // Fields 4, 14 and 15 of proc(5): ppid, utime, stime (here indexes 1, 11 and 12).
    const parent = fields[1];
    children.set(parent, [...(children.get(parent) ?? []), pid]);
    ticks.set(pid, Number(fields[11]) + Number(fields[12]));
  }
  if (!ticks.has(String(root))) return undefined;
  let total = 0;
  const pending = [String(root)];
  for (let pid = pending.pop(); pid !== undefined; pid = pending.pop()) {
    total += ticks.get(pid) ?? 0;
    pending.push(...(children.get(pid) ?? []));
  }
  return (total * 1000) / TICKS_PER_SECOND;
}
