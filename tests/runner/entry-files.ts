import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** A test file: its name as the sources name it (`tests/….test.ts`) and the file to import. */
export interface TestFile {
  name: string;
  file: string;
}

/** How long a process whose tests are done may take to end on its own. */
const EXIT_GRACE_MS = 5_000;

/**
 * A test that leaves something open (a server, a socket, a child) keeps its process alive after
 * its results are out, and the run would wait for the process's time limit. So once every member
 * is done, a process still there EXIT_GRACE_MS later (the timer itself holds nothing open) says
 * what is open and ends, keeping node:test's exit code. The grace leaves the report time to be
 * written out in full.
 */
const LEFT_OPEN = `after(() => {
  setTimeout(() => {
    const open = process.getActiveResourcesInfo().filter((kind) => kind !== 'TTYWrap');
    process.stderr.write('test process still running ${EXIT_GRACE_MS} ms after its tests; open (one Timeout is this check): ' + open.join(', ') + '\\n');
    process.exit();
  }, ${EXIT_GRACE_MS}).unref();
});`;

/**
 * Writes the file node:test's `run()` starts as one test process: each member, one after another,
 * imported inside a suite named after it. The suite nests the member's tests under its name (so
 * every result says which file it came from) and gives it a time limit of its own: a stuck member
 * fails under its name, and the next one runs. The members are imported as the process starts
 * (none starts anything at module level); their tests run one member after another.
 */
export async function writeEntryFile(folder: string, index: number, members: readonly TestFile[], memberTimeoutMs: number): Promise<string> {
  const path = join(folder, `process-${index}.test.mjs`);
  const suites = members.map(({ name, file }) =>
    `describe(${JSON.stringify(name)}, { timeout: ${memberTimeoutMs} }, async () => { await import(${JSON.stringify(pathToFileURL(file).href)}); });`);
  await writeFile(path, [`import { after, describe } from 'node:test';`, ...suites, LEFT_OPEN, ''].join('\n'));
  return path;
}
