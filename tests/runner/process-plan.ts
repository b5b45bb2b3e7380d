import { expectedSeconds } from './durations.js';

/**
 * Which test files share a test process. Starting a process costs more than most files' tests:
 * node itself, then importing the gateway, the SDK client and the database driver (about 1 s of
 * CPU compiled), then the cold code running slowly until V8 has optimised it. Run one after
 * another in one process, the 39 files of tests/handlers took a third of the CPU they took in
 * processes of their own (30 CPU-s against 91). So every file shares a process with others,
 * except the end-to-end suites (tests/e2e/): they start gateways and Postgres servers of their own
 * and spend most of their time waiting on them and on real check intervals, so they overlap best
 * each in its own process. The shared processes are `groups` bins of about equal expected time
 * (the longest file first into the emptiest bin), and every process, alone or shared, is listed
 * longest first, so that no long one starts last and keeps the run going alone. With `groups` 0,
 * every file runs alone, as `node --test` runs them.
 */
export function planProcesses(files: string[], source: (file: string) => string, groups: number): string[][] {
  const seconds = (file: string) => expectedSeconds(source(file));
  const longestFirst = [...files].sort((a, b) => seconds(b) - seconds(a) || (a < b ? -1 : a > b ? 1 : 0));
  const isAlone = (file: string) => groups === 0 || source(file).startsWith('tests/e2e/');
  const alone = longestFirst.filter(isAlone).map((file) => [file]);
  const shared = longestFirst.filter((file) => !isAlone(file));
  const bins: { files: string[]; seconds: number }[] = Array.from({ length: Math.min(groups, shared.length) }, () => ({ files: [], seconds: 0 }));
  for (const file of shared) {
    const emptiest = bins.reduce((least, bin) => (bin.seconds < least.seconds ? bin : least));
    emptiest.files.push(file);
    emptiest.seconds += seconds(file);
  }
  const total = (members: string[]) => members.reduce((sum, file) => sum + seconds(file), 0);
  return [...alone, ...bins.map((bin) => bin.files)].sort((a, b) => total(b) - total(a));
}
