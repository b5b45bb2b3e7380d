/**
 * The test runner process tests/run.ts starts: node:test's `run()` over the test processes of a
 * plan (tests/runner/process-plan.ts), in the order given, each process inheriting this process's
 * node flags (tsx's loader, or none when compiled) and running its member files one after another
 * (tests/runner/entry-files.ts). Arguments: the number of processes at once, the time limit of
 * each member file in ms (one not done by then fails, named by its path), then the plan: a JSON
 * file of `TestFile[][]`. Reports as `node --test` does (spec on a terminal, TAP otherwise), each
 * file's results under its name, then the slowest files on stderr (the time of their tests, not
 * of their imports), so the table of expected durations (durations.ts) can be kept current.
 *
 * A run must not hang without a clue: when no result has come for STALL_MS the process tree of
 * the run is printed (every test process, gateway and Postgres, with its state and CPU). A file
 * that ran out of time (or whose process did not end) while no test failed is run once more, in a
 * process of its own, saying so; a second timeout, or any failed test, fails the run.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { run } from 'node:test';
import { spec, tap } from 'node:test/reporters';
import { writeEntryFile, type TestFile } from './entry-files.js';
import { processTree } from './process-tree.js';

const [concurrency, timeout, planFile] = process.argv.slice(2);
const MEMBER_TIMEOUT_MS = Number(timeout);
// A process ends soon after its last member; one still running past this is stuck at its exit.
const PROCESS_TIMEOUT_MS = 2 * MEMBER_TIMEOUT_MS;
// The longest single test waits about a minute; three with no result at all is a stall.
const STALL_MS = Math.min(3 * 60_000, MEMBER_TIMEOUT_MS / 2);

interface Outcome {
  /** Files stopped by their time limit, or whose process had to be stopped. */
  timedOut: TestFile[];
  /** Failed tests other than those timeouts and the tests they cancelled. */
  failed: number;
}

const seconds = new Map<string, number>();

async function runProcesses(plan: TestFile[][]): Promise<Outcome> {
  const outcome: Outcome = { timedOut: [], failed: 0 };
  const folder = await mkdtemp(join(tmpdir(), 'kecs-lb-test-processes-'));
  try {
    const members = new Map<string, TestFile[]>();
    const entries = await Promise.all(plan.map(async (files, index) => {
      const entry = await writeEntryFile(folder, index + 1, files, MEMBER_TIMEOUT_MS);
      members.set(entry, files);
      return entry;
    }));
    const done = new Set<string>();
    let lastResult = Date.now();
    // Not node:test's forceExit: on Node 20 it can end a process before its last results are
    // written (seen: a file's last suites missing from the report, and no failure). The entry
    // files end a process left open by a test themselves (entry-files.ts).
    const stream = run({ files: entries, concurrency: Number(concurrency), timeout: PROCESS_TIMEOUT_MS });
    stream.on('test:fail', (event) => {
      if (event.todo) return;
      const failureType = (event.details.error as { failureType?: string }).failureType;
      const timedOut = failureType === 'testTimeoutFailure' && event.nesting === 0;
      if (timedOut && event.name === event.file) {
        // The process itself: its members with no result yet are the ones it was stuck in; with
        // none, it would not end although every file was done, which entry-files.ts should prevent.
        const pending = (members.get(event.file) ?? []).filter((member) => !done.has(member.name));
        if (pending.length === 0) outcome.failed++;
        else outcome.timedOut.push(...pending);
      } else if (timedOut) {
        outcome.timedOut.push(...(members.get(event.file!) ?? []).filter((member) => member.name === event.name));
      } else if (failureType !== 'cancelledByParent') {
        outcome.failed++;
      }
    });
    for (const kind of ['test:pass', 'test:fail'] as const) {
      stream.on(kind, (event) => {
        lastResult = Date.now();
        if (event.nesting !== 0 || event.name === event.file) return;
        done.add(event.name);
        seconds.set(event.name, (seconds.get(event.name) ?? 0) + event.details.duration_ms / 1000);
      });
    }
    const stall = setInterval(() => {
      const silent = Date.now() - lastResult;
      if (silent < STALL_MS) return;
      lastResult = Date.now();
      process.stderr.write(`no test result for ${Math.round(silent / 1000)} s; the run's processes:\n${processTree(process.pid)}\n`);
    }, 5_000);
    try {
      const report = process.stdout.isTTY ? stream.compose(new spec()) : stream.compose(tap);
      report.pipe(process.stdout, { end: false });
      await finished(report);
    } finally {
      clearInterval(stall);
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
  return outcome;
}

const plan = JSON.parse(await readFile(planFile, 'utf8')) as TestFile[][];
const first = await runProcesses(plan);
let failed = first.failed > 0 || first.timedOut.length > 0;
if (first.failed === 0 && first.timedOut.length > 0) {
  process.stderr.write(`${first.timedOut.length} file(s) ran out of time with no failed test; running them once more, each in a process of its own: ${first.timedOut.map((f) => f.name).join(', ')}\n`);
  const again = await runProcesses(first.timedOut.map((file) => [file]));
  failed = again.failed > 0 || again.timedOut.length > 0;
}

const slowest = [...seconds].sort(([, a], [, b]) => b - a).slice(0, 12);
process.stderr.write(`slowest files:\n${slowest.map(([name, s]) => `  ${s.toFixed(1).padStart(6)} s  ${name}`).join('\n')}\n`);
process.exitCode = failed ? 1 : 0;
