/**
 * The test runner process tests/run.ts starts: node:test's `run()` over the files in the order
 * given (`node --test` sorts them by name), each file in a process of its own that inherits this
 * process's node flags (tsx's loader, or none when compiled). Arguments: the number of files at
 * once, the time limit of each file in ms (one not done by then fails, named by its path, and its
 * process is ended), then the files as absolute paths. Reports as `node --test` does (spec on a
 * terminal, TAP otherwise), then the slowest files on stderr (the time of their top-level tests,
 * not of their imports), so the table of expected durations (durations.ts) can be kept current.
 */
import { relative } from 'node:path';
import { finished } from 'node:stream/promises';
import { run } from 'node:test';
import { spec, tap } from 'node:test/reporters';

const [concurrency, timeout, ...files] = process.argv.slice(2);

let failed = false;
const seconds = new Map<string, number>();
const stream = run({ files, concurrency: Number(concurrency), timeout: Number(timeout) });
stream.on('test:fail', (event) => {
  if (!event.todo) failed = true;
});
for (const kind of ['test:pass', 'test:fail'] as const) {
  stream.on(kind, (event) => {
    if (event.nesting === 0 && event.file) seconds.set(event.file, (seconds.get(event.file) ?? 0) + event.details.duration_ms / 1000);
  });
}
const report = process.stdout.isTTY ? stream.compose(new spec()) : stream.compose(tap);
report.pipe(process.stdout);
await finished(report);

const slowest = [...seconds].sort(([, a], [, b]) => b - a).slice(0, 12);
process.stderr.write(`slowest files:\n${slowest.map(([file, s]) => `  ${s.toFixed(1).padStart(6)} s  ${relative(process.cwd(), file)}`).join('\n')}\n`);
process.exitCode = failed ? 1 : 0;
