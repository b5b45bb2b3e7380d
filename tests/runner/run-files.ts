/**
 * The test runner process tests/run.ts starts: node:test's `run()` over the files in the order
 * given (`node --test` sorts them by name), each file in a process of its own that inherits this
 * process's node flags (tsx's loader, or none when compiled). Arguments: the number of files at
 * once, the time limit of each file in ms (one not done by then fails, named by its path, and its
 * process is ended), then the files as absolute paths. Reports as `node --test` does (spec on a
 * terminal, TAP otherwise), then the slowest files on stderr (the time of their top-level tests,
 * not of their imports), so the table of expected durations (durations.ts) can be kept current.
 *
 * A run must not hang without a clue: when no result has come for STALL_MS the process tree of
 * the run is printed (every test process, gateway and Postgres, with its state and CPU). A file
 * that ran out of time while no test failed is run once more on its own, saying so; a second
 * timeout, or any failed test, fails the run.
 */
import { relative } from 'node:path';
import { finished } from 'node:stream/promises';
import { run } from 'node:test';
import { spec, tap } from 'node:test/reporters';
import { processTree } from './process-tree.js';

const [concurrency, timeout, ...files] = process.argv.slice(2);
// The longest single test waits about a minute; three with no result at all is a stall.
const STALL_MS = Math.min(3 * 60_000, Number(timeout) / 2);

interface Outcome {
  /** Files stopped by their time limit. */
  timedOut: string[];
  /** Failed tests other than those timeouts and the tests they cancelled. */
  failed: number;
}

const seconds = new Map<string, number>();

async function runFiles(chosen: string[]): Promise<Outcome> {
  const outcome: Outcome = { timedOut: [], failed: 0 };
  let lastResult = Date.now();
  const stream = run({ files: chosen, concurrency: Number(concurrency), timeout: Number(timeout) });
  stream.on('test:fail', (event) => {
    if (event.todo) return;
    const failureType = (event.details.error as { failureType?: string }).failureType;
    if (event.nesting === 0 && event.file === event.name && failureType === 'testTimeoutFailure') outcome.timedOut.push(event.file);
    else if (failureType !== 'cancelledByParent') outcome.failed++;
  });
  for (const kind of ['test:pass', 'test:fail'] as const) {
    stream.on(kind, (event) => {
      lastResult = Date.now();
      if (event.nesting === 0 && event.file) seconds.set(event.file, (seconds.get(event.file) ?? 0) + event.details.duration_ms / 1000);
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
  return outcome;
}

const first = await runFiles(files);
let failed = first.failed > 0 || first.timedOut.length > 0;
if (first.failed === 0 && first.timedOut.length > 0) {
  process.stderr.write(`${first.timedOut.length} file(s) ran out of time with no failed test; running them once more: ${first.timedOut.map((f) => relative(process.cwd(), f)).join(', ')}\n`);
  const again = await runFiles(first.timedOut);
  failed = again.failed > 0 || again.timedOut.length > 0;
}

const slowest = [...seconds].sort(([, a], [, b]) => b - a).slice(0, 12);
process.stderr.write(`slowest files:\n${slowest.map(([file, s]) => `  ${s.toFixed(1).padStart(6)} s  ${relative(process.cwd(), file)}`).join('\n')}\n`);
process.exitCode = failed ? 1 : 0;
