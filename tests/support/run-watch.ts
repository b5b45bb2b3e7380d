/**
 * What tests/run.ts keeps an eye on while node:test runs: which files timed out (to run them once
 * more) and, when the report stops moving, what every process of the run is doing, so a run that
 * stalls on a machine nobody can log in to (CI) leaves a clue in its own output.
 */
import { execFileSync } from 'node:child_process';
import type { Readable } from 'node:stream';

/** node:test's TAP line for a test file that ran past --test-timeout, as Node 20 writes it. */
const FILE_RESULT = /^not ok \d+ - (\S+\.test\.ts)$/;
const TIMEOUT_FAILURE = /^\s+failureType: 'testTimeoutFailure'$/;
const FAILED_COUNT = /^# fail (\d+)$/;

export interface RunReport {
  /** Test files that were stopped by the timeout, not failed by an assertion. */
  timedOutFiles: string[];
  /** Tests that failed on their own (not cancelled by a file's timeout). */
  failed: number;
}

/**
 * Copies the reporter's output to our stdout line by line, noting timed-out files and the failure
 * count, and calls `onStall` each time nothing has been written for `stallMs`.
 */
export function followReport(output: Readable, stallMs: number, onStall: (silentMs: number) => void): { report: RunReport; stop(): void } {
  const report: RunReport = { timedOutFiles: [], failed: 0 };
  let lastWrite = Date.now();
  let pending = '';
  let lastFileFailure: string | undefined;
  output.setEncoding('utf8');
  output.on('data', (chunk: string) => {
    process.stdout.write(chunk);
    lastWrite = Date.now();
    const lines = (pending + chunk).split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      const file = FILE_RESULT.exec(line);
      if (file) lastFileFailure = file[1];
      else if (lastFileFailure && TIMEOUT_FAILURE.test(line)) {
        report.timedOutFiles.push(lastFileFailure);
        lastFileFailure = undefined;
      } else if (/^\S/.test(line)) lastFileFailure = undefined;
      const failed = FAILED_COUNT.exec(line);
      if (failed) report.failed = Number(failed[1]);
    }
  });
  const timer = setInterval(() => {
    const silent = Date.now() - lastWrite;
    if (silent >= stallMs) {
      onStall(silent);
      lastWrite = Date.now();
    }
  }, 5_000);
  return { report, stop: () => clearInterval(timer) };
}

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
