/**
 * `npm test` after the compile: `npm test` compiles everything once with tsc into `.build/`
 * (tsconfig.build.json, the typecheck in the same pass) and runs this file compiled, so every test
 * process runs plain JavaScript: importing the gateway through tsx costs about twice the CPU, in
 * each of over a hundred processes. Run through tsx instead (`node --import tsx tests/run.ts
 * tests/handlers tests/x.test.ts`), it runs the `.ts` files through tsx, nothing compiled.
 *
 * One embedded Postgres for the whole run instead of one per test file. It holds a migrated
 * template database; each file that needs a database clones it (`CREATE DATABASE … TEMPLATE`,
 * tests/support/database.ts), which takes a fraction of a second where starting a Postgres of its
 * own took 2–3 s. The test files share a few test processes, one file after another, since
 * starting a process and warming its code costs more than most files' tests; the end-to-end
 * suites run each in its own (runner/process-plan.ts, KECS_TEST_GROUPS shared processes, 0 for a
 * process per file). node:test runs the processes cores + 1 at a time (KECS_TEST_CONCURRENCY),
 * the longest first (runner/durations.ts) so that none starts last and keeps the run going alone,
 * and the server is stopped whatever happens. End-to-end suites about the embedded Postgres
 * (crash and restart, start-up errors, outages) still give the gateway they start as `npm start`
 * does its own embedded Postgres, as a user's would. A test file run on its own
 * (`node --import tsx --test tests/x.test.ts`) starts its own server.
 * Nothing may hang the run: a test file that is not done within FILE_TIMEOUT_MS fails with
 * node:test's "test timed out" under its own name and, if no test failed, is run once more
 * (runner/run-files.ts, which also prints the run's processes when results stop coming); the
 * whole run, every process it started, is stopped, saying so, once RUN_TIMEOUT_MS have passed.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { readdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { loadCredentials } from '../gateway/database/credentials.js';
import { startEmbeddedPostgres } from '../gateway/database/embedded.js';
import { migrateToLatest } from '../gateway/database/migrate.js';
import { createLogger } from '../gateway/logger.js';
import { completeBuildFolder } from './runner/build-folder.js';
import type { TestFile } from './runner/entry-files.js';
import { planProcesses } from './runner/process-plan.js';
import { TEMPLATE_DATABASE, TEMPLATE_URL_ENV } from './support/shared-database.js';
import { COMPILED, nodeArguments, REPOSITORY } from './support/run-mode.js';

/** The checkout, and where the test files are: the checkout itself, or the compiled tree in it. */
const ROOT = fileURLToPath(REPOSITORY);
const BASE = fileURLToPath(new URL('..', import.meta.url));
const TEST_FILE = COMPILED ? '.test.js' : '.test.ts';

async function testFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith(TEST_FILE)).map((e) => join(e.parentPath, e.name));
}

/** A test file named as the sources name it: `tests/….test.ts`. */
const sourceName = (file: string) => relative(BASE, file).replace(/\.js$/, '.ts');

/**
 * The files named on the command line (a folder stands for its test files; a `.ts` name stands
 * for its compiled file when compiled); none named: all of tests/.
 */
async function selectedFiles(args: string[]): Promise<string[]> {
  const chosen = await Promise.all((args.length === 0 ? ['tests'] : args).map(async (arg) => {
    if (!arg.endsWith('.test.ts')) return testFiles(join(BASE, arg));
    const file = join(BASE, COMPILED ? arg.replace(/\.ts$/, '.js') : arg);
    if (!existsSync(file)) throw new Error(`no test file ${arg}`);
    return [file];
  }));
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

/**
 * Test processes at once: one more than the cores, since every file spends part of its time
 * waiting (on Postgres, on sockets, on ticks and timers) rather than computing.
 * KECS_TEST_CONCURRENCY overrides it.
 */
function concurrency(): number {
  const chosen = Number(process.env.KECS_TEST_CONCURRENCY);
  return Number.isInteger(chosen) && chosen > 0 ? chosen : availableParallelism() + 1;
}

/**
 * Processes the test files other than the end-to-end suites share: as many as run at once, so
 * they start together beside the long end-to-end suites. KECS_TEST_GROUPS overrides it; 0 gives
 * every file a process of its own.
 */
function sharedProcesses(): number {
  const chosen = Number(process.env.KECS_TEST_GROUPS);
  return process.env.KECS_TEST_GROUPS && Number.isInteger(chosen) && chosen >= 0 ? chosen : concurrency();
}

/** The folders tsc compiles, from tsconfig.json (plain JSON). */
async function compiledFolders(): Promise<string[]> {
  return (JSON.parse(await readFile(join(ROOT, 'tsconfig.json'), 'utf8')) as { include: string[] }).include;
}

async function main(): Promise<number> {
  if (COMPILED) await completeBuildFolder(ROOT, BASE, await compiledFolders());
  const dataDir = await mkdtemp(join(tmpdir(), 'kecs-lb-test-run-'));
  const shared = await sharedTemplate(dataDir);
  try {
    const files = await selectedFiles(process.argv.slice(2));
    const plan: TestFile[][] = planProcesses(files, sourceName, sharedProcesses()).map((members) => members.map((file) => ({ name: sourceName(file), file })));
    const planFile = join(dataDir, 'test-processes.json');
    await writeFile(planFile, JSON.stringify(plan));
    const runner = nodeArguments(new URL('./runner/run-files.js', import.meta.url));
    // A process group of its own: stopping the run stops every test process and what they started.
    const child = spawn(process.execPath, [...runner, String(concurrency()), String(FILE_TIMEOUT_MS), planFile], {
      cwd: ROOT,
      stdio: 'inherit',
      detached: true,
      env: { ...process.env, [TEMPLATE_URL_ENV]: shared.url },
    });
    const signalAll = (signal: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // the group is gone already
      }
    };
    process.on('SIGINT', signalAll);
    process.on('SIGTERM', signalAll);
    const watchdog = setTimeout(() => {
      console.error(`tests/run.ts: the test run did not finish within ${RUN_TIMEOUT_MS / 60_000} minutes; stopping it`);
      signalAll('SIGTERM');
      setTimeout(() => signalAll('SIGKILL'), KILL_GRACE_MS).unref();
    }, RUN_TIMEOUT_MS);
    const [code, signal] = await once(child, 'exit') as [number | null, NodeJS.Signals | null];
    clearTimeout(watchdog);
    return code ?? (signal ? 1 : 0);
  } finally {
    await shared.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code), (error: unknown) => {
  console.error('tests/run.ts failed:', error);
  process.exit(1);
});
