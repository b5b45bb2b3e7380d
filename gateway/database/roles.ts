import pg from 'pg';
import type { Logger } from '../logger.js';
import { StartupError } from '../startup-errors.js';
import { LEGACY_SUPERUSER_PASSWORD, type Credentials } from './credentials.js';

const INVALID_PASSWORD = '28P01';

async function connect(port: number, user: string, password: string): Promise<pg.Client> {
  const client = new pg.Client({ host: '127.0.0.1', port, user, password, database: 'postgres' });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
}

/**
 * Logs in as the superuser. A data folder made before the credentials file existed still has the
 * fixed legacy password: it is tried once and replaced by the file's at once.
 */
async function superuserSession(port: number, { superuser }: Credentials, dataDir: string, log: Logger): Promise<pg.Client> {
  try {
    return await connect(port, superuser.user, superuser.password);
  } catch (error) {
    if ((error as { code?: string }).code !== INVALID_PASSWORD) throw error;
  }
  let client: pg.Client;
  try {
    client = await connect(port, superuser.user, LEGACY_SUPERUSER_PASSWORD);
  } catch (error) {
    if ((error as { code?: string }).code !== INVALID_PASSWORD) throw error;
    throw new StartupError(
      `the embedded Postgres in KECS_DATA_DIR ${dataDir} refuses the password in its postgres-credentials.json — `
      + 'restore that file from where it was copied from, or delete the data folder to start afresh',
    );
  }
  await client.query(`ALTER ROLE ${client.escapeIdentifier(superuser.user)} PASSWORD ${client.escapeLiteral(superuser.password)}`);
  log.warn({ dataDir }, 'replaced the fixed superuser password of this data folder\'s embedded Postgres (made by an older kecs-lb) with a random one');
  return client;
}

/**
 * Makes sure the gateway's role exists with the file's password, owns the `public` schema (so its
 * migrations can create tables there) and every table in it — tables made by older versions
 * belong to the superuser. Idempotent, so it runs at every start and finishes what a crash
 * interrupted.
 */
export async function provisionGatewayRole(port: number, credentials: Credentials, dataDir: string, log: Logger): Promise<void> {
  const client = await superuserSession(port, credentials, dataDir, log);
  try {
    const role = client.escapeIdentifier(credentials.gateway.user);
    const password = client.escapeLiteral(credentials.gateway.password);
    const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [credentials.gateway.user]);
    if (rowCount === 0) {
      await client.query(`CREATE ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${password}`);
      log.info({ role: credentials.gateway.user }, 'created the gateway\'s database role');
    } else {
      await client.query(`ALTER ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${password}`);
    }
    await client.query(`ALTER SCHEMA public OWNER TO ${role}`);
    const { rows } = await client.query<{ name: string }>(
      `SELECT format('%I.%I', n.nspname, c.relname) AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relowner <> $1::regrole`,
      [credentials.gateway.user],
    );
    // Indexes and the sequences of identity columns follow their table.
    for (const { name } of rows) await client.query(`ALTER TABLE ${name} OWNER TO ${role}`);
    if (rows.length > 0) log.info({ tables: rows.length }, 'handed the application tables to the gateway\'s database role');
  } finally {
    await client.end().catch(() => undefined);
  }
}
