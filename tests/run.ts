/**
 * `npm test` after the typecheck: one embedded Postgres for the whole run instead of one per test
 * file. It holds a migrated template database; each file that needs a database clones it
 * (`CREATE DATABASE … TEMPLATE`, tests/support/database.ts), which takes a fraction of a second
 * where starting a Postgres of its own took 2–3 s. Then node:test runs every `tests/**\/*.test.ts`,
 * cores + 1 files at a time (KECS_TEST_CONCURRENCY), and the server is stopped whatever happens.
 * End-to-end suites about the embedded Postgres (crash and restart, start-up errors, outages) still
 * give the gateway they start as `npm start` does its own embedded Postgres, as a user's would.
 * A test file run on its own (`node --import tsx --test tests/x.test.ts`) starts its own server;
 * `node --import tsx tests/run.ts tests/handlers tests/x.test.ts` runs a subset on the shared one.
 * Nothing may hang the run: a test file (and each test in it) that is not done within
 * FILE_TIMEOUT_MS fails with node:test's "test timed out" under its own name; when no result has
 * come for a while the run prints its process tree; a file that timed out while no test failed is
 * run once more (see main); and the whole run is stopped, saying so, after RUN_TIMEOUT_MS.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdir, mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { loadCredentials } from '../gateway/database/credentials.js';
import { startEmbeddedPostgres } from '../gateway/database/embedded.js';
import { migrateToLatest } from '../gateway/database/migrate.js';
import { createLogger } from '../gateway/logger.js';
import { followReport, processTree, type RunReport } from './support/run-watch.js';
import { TEMPLATE_DATABASE, TEMPLATE_URL_ENV } from './support/shared-database.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

async function testFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.test.ts')).map((e) => relative(ROOT, join(e.parentPath, e.name))).sort();
}

/** The files named on the command line (a folder stands for its test files); none named: all of tests/. */
async function selectedFiles(args: string[]): Promise<string[]> {
  if (args.length === 0) return testFiles(join(ROOT, 'tests'));
  const chosen = await Promise.all(args.map(async (arg) => (arg.endsWith('.test.ts') ? [arg] : testFiles(join(ROOT, arg)))));
  return chosen.flat();
}

/** Starts the shared server and migrates its template; answers the template's URL for the gateway role. */
async function sharedTemplate(dataDir: string): Promise<{ url: string; stop(): Promise<void> }> {
  const log = createLogger('warn');
  const postgres = await startEmbeddedPostgres(dataDir, log);
  const gatewayUrl = new URL(postgres.connectionString);
  const { superuser } = (await loadCredentials(dataDir))!;
  const admin = new pg.Client({ host: gatewayUrl.hostname, port: Number(gatewayUrl.port), user: superuser.user, password: superuser.password, database: 'postgres' });
  await admin.connect();
  try {
    // Test-only: the gateway role may create (clone) and drop its own databases in this cluster.
    await admin.query(`ALTER ROLE "${decodeURIComponent(gatewayUrl.username)}" CREATEDB`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE} OWNER "${decodeURIComponent(gatewayUrl.username)}"`);
    // A throwaway server of short-lived databases: autovacuum would only compete for the CPU and
    // hold databases the test files clone and drop, and nothing in it has to survive a crash, so
    // commits, truncates and clones need not wait for the disk (fsync). The suites about
    // durability (SIGKILL, restarts) start Postgres as the gateway does, with its own settings.
    await admin.query('ALTER SYSTEM SET autovacuum = off');
    await admin.query('ALTER SYSTEM SET fsync = off');
    await admin.query('ALTER SYSTEM SET synchronous_commit = off');
    await admin.query('ALTER SYSTEM SET full_page_writes = off');
    await admin.query('SELECT pg_reload_conf()');
  } finally {
    await admin.end();
  }
  const templateUrl = new URL(gatewayUrl);
  templateUrl.pathname = `/${TEMPLATE_DATABASE}`;
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: templateUrl.href, max: 1 }) }) });
  try {
    await migrateToLatest(db, log);
  } finally {
    await db.destroy();
  }
  return { url: templateUrl.href, stop: postgres.stop };
}

// The longest file takes about a minute on a 2-core machine; five leaves room for a slower one.
// KECS_TEST_FILE_TIMEOUT_MS sets another (to see the timeout at work, say).
const FILE_TIMEOUT_MS = Number(process.env.KECS_TEST_FILE_TIMEOUT_MS) > 0 ? Number(process.env.KECS_TEST_FILE_TIMEOUT_MS) : 5 * 60_000;
// Well under CI's limit, so a stuck run ends with its own message rather than CI's.
const RUN_TIMEOUT_MS = 30 * 60_000;
const KILL_GRACE_MS = 10_000;
// No result for this long is unusual (the longest single test waits about a minute): show the processes.
const STALL_MS = Math.min(3 * 60_000, FILE_TIMEOUT_MS / 2);

/**
 * Test files run at once: one more than the cores, since every file spends part of its time
 * waiting (on Postgres, on sockets, on ticks and timers) rather than computing.
 * KECS_TEST_CONCURRENCY overrides it.
 */
function concurrency(): number {
  const chosen = Number(process.env.KECS_TEST_CONCURRENCY);
  return Number.isInteger(chosen) && chosen > 0 ? chosen : availableParallelism() + 1;
}

/** One node:test run over `files` on the shared server; answers its exit code and what it reported. */
async function runFiles(files: string[], templateUrl: string): Promise<{ code: number; report: RunReport }> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency()}`, `--test-timeout=${FILE_TIMEOUT_MS}`, ...files], {
    cwd: ROOT,
    stdio: ['inherit', 'pipe', 'inherit'],
    env: { ...process.env, [TEMPLATE_URL_ENV]: templateUrl },
  });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  const followed = followReport(child.stdout!, STALL_MS, (silentMs) => {
    console.log(`# tests/run.ts: no test result for ${Math.round(silentMs / 1000)} s; the run's processes:\n${processTree(process.pid).replace(/^/gm, '#   ')}`);
  });
  const watchdog = setTimeout(() => {
    console.error(`tests/run.ts: the test run did not finish within ${RUN_TIMEOUT_MS / 60_000} minutes; stopping it`);
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS).unref();
  }, RUN_TIMEOUT_MS);
  try {
    const [code, signal] = await once(child, 'exit') as [number | null, NodeJS.Signals | null];
    return { code: code ?? (signal ? 1 : 0), report: followed.report };
  } finally {
    clearTimeout(watchdog);
    followed.stop();
    process.off('SIGINT', forward);
    process.off('SIGTERM', forward);
  }
}

async function main(): Promise<number> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kecs-lb-test-run-'));
  const shared = await sharedTemplate(dataDir);
  try {
    const first = await runFiles(await selectedFiles(process.argv.slice(2)), shared.url);
    const { timedOutFiles, failed } = first.report;
    // A file that hung while every test that ended passed gets one more run on its own, loudly:
    // the hang is still printed above (with the process tree), but it does not hide the verdict
    // of the rest. A file that times out twice, or any failed assertion, fails the run.
    if (first.code === 0 || failed > 0 || timedOutFiles.length === 0) return first.code;
    console.log(`# tests/run.ts: ${timedOutFiles.length} file(s) timed out with no failed test; running them once more: ${timedOutFiles.join(', ')}`);
    return (await runFiles(timedOutFiles, shared.url)).code;
  } finally {
    await shared.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code), (error: unknown) => {
  console.error('tests/run.ts failed:', error);
  process.exit(1);
});
