import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { startEmbeddedPostgres } from './embedded.js';
import { migrateToLatest } from './migrate.js';
import type { Database } from './tables.js';

export interface DatabaseHandle {
  db: Kysely<Database>;
  connectionString: string;
  close(): Promise<void>;
}

/**
 * Connects to `DATABASE_URL`, or starts the embedded Postgres when it is unset, and migrates.
 * `close` ends the pool and stops the embedded server.
 */
export async function openDatabase(config: Config, log: Logger): Promise<DatabaseHandle> {
  const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres(config.dataDir, log);
  const connectionString = config.databaseUrl ?? embedded!.connectionString;
  const pool = new pg.Pool({ connectionString, max: 20 });
  // A client losing its server (Postgres restarted) must not crash the gateway.
  const connectionLost = (error: Error & { code?: string }) => log.warn({ message: error.message, code: error.code }, 'database connection lost');
  pool.on('error', connectionLost);
  // pg-pool detaches its own listener while a client is checked out, so a server lost mid-query
  // would otherwise be an uncaught 'error' that ends the process; the query itself still fails.
  pool.on('connect', (client) => client.on('error', connectionLost));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migrateToLatest(db, log);
  } catch (error) {
    await db.destroy();
    await embedded?.stop();
    throw error;
  }
  return {
    db,
    connectionString,
    async close() {
      await db.destroy();
      await embedded?.stop();
    },
  };
}
