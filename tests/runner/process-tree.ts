/**
 * What every process of a test run is doing, printed when the run's results stop coming, so a run
 * that stalls on a machine nobody can log in to (CI) leaves a clue in its own output.
 */
import { execFileSync } from 'node:child_process';

/** `ps` lines of `root` and every process below it: state, age, CPU, memory and command line. */
export function processTree(root: number): string {
  let table: string;
  try {
    table = execFileSync('ps', ['-eo', 'pid=,ppid=,stat=,etimes=,pcpu=,rss=,args='], { encoding: 'utf8' });
  } catch (error) {
    return `(ps failed: ${(error as Error).message})`;
  }
  const rows = table.split('\n').filter(Boolean).map((line) => {
    const [pid, ppid] = line.trim().split(/\s+/, 2).map(Number);
    return { pid, ppid, line: line.trim().slice(0, 240) };
  });
  const inTree = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const row of rows) {
      if (!inTree.has(row.pid) && inTree.has(row.ppid)) {
        inTree.add(row.pid);
        grew = true;
      }
    }
  }
  return ['  PID  PPID STAT ELAPSED %CPU RSS COMMAND', ...rows.filter((r) => inTree.has(r.pid)).map((r) => r.line)].join('\n');
}
