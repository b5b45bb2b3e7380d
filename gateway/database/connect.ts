import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { StartupError } from '../startup-errors.js';
import { isConnectionError } from './connection-errors.js';
import { startEmbeddedPostgres } from './embedded.js';
import { migrateToLatest } from './migrate.js';
import { monitorOutages } from './outage-monitor.js';
import { createReadCache, type ReadCache } from './read-cache.js';
import type { Database } from './tables.js';
import { trackedClient } from './tracked-client.js';

export interface DatabaseHandle {
  db: Kysely<Database>;
  /** The read cache (read-cache.ts): with the embedded Postgres only, whose one writer is this process. */
  cache?: ReadCache;
  connectionString: string;
  close(): Promise<void>;
}

// Without a bound, a call waits forever for a server whose packets are dropped.
const CONNECT_TIMEOUT_MS = 5_000;

/** Failures to log in that the person setting DATABASE_URL can fix (SQLSTATE class 28, 3D000). */
const LOGIN_REFUSED = new Set(['28000', '28P01', '3D000']);

/** DATABASE_URL as it may be shown: without its password. */
function redacted(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.href;
  } catch {
    return '(not a URL)';
  }
}

/** The one start-up line for a DATABASE_URL that cannot be used, or the error itself. */
function unreachableAtStart(error: unknown, url: string): unknown {
  const code = (error as { code?: string }).code;
  if (!isConnectionError(error) && !LOGIN_REFUSED.has(code ?? '')) return error;
  const reason = code === 'ECONNREFUSED' ? 'connection refused' : (error as Error).message || code;
  return new StartupError(`cannot connect to DATABASE_URL ${redacted(url)}: ${reason} — check DATABASE_URL and that its server is running`);
}

/**
 * Connects to `DATABASE_URL`, or starts the embedded Postgres when it is unset, and migrates.
 * `close` ends the pool and stops the embedded server.
 */
export async function openDatabase(config: Config, log: Logger): Promise<DatabaseHandle> {
  const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres(config.dataDir, log);
  const connectionString = config.databaseUrl ?? embedded!.connectionString;
  // The embedded Postgres is reached through its Unix socket when it has one (socket-folder.ts).
  const target = embedded?.socket ?? { connectionString };
  const pool = new pg.Pool({ ...target, max: 20, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  const outages = monitorOutages(() => pool.query('select 1'), log);
  // A client losing its server (Postgres restarted) must not crash the gateway.
  const connectionLost = (error: Error & { code?: string }) => {
    log.warn({ message: error.message, code: error.code }, 'database connection lost');
    outages.failed(error);
  };
  pool.on('error', connectionLost);
  // pg-pool detaches its own listener while a client is checked out, so a server lost mid-query
  // would otherwise be an uncaught 'error' that ends the process; the query itself still fails.
  pool.on('connect', (client) => client.on('error', connectionLost));
  const cache = embedded ? createReadCache() : undefined;
  const watched = {
    async connect() {
      try {
        return trackedClient(await pool.connect(), { cache, prepare: embedded !== undefined });
      } catch (error) {
        outages.failed(error);
        throw error;
      }
    },
    end: () => pool.end(),
  };
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: watched }) });
  try {
    await migrateToLatest(db, log);
  } catch (error) {
    outages.stop();
    await db.destroy();
    await embedded?.stop();
    throw config.databaseUrl ? unreachableAtStart(error, config.databaseUrl) : error;
  }
  return {
    db,
    cache,
    connectionString,
    async close() {
      outages.stop();
      await db.destroy();
      await embedded?.stop();
    },
  };
}
