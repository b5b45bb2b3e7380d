import assert from 'node:assert/strict';
import { once } from 'node:events';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestDatabase, type TestDatabase } from '../support/database.js';
import { failedStart, freePort, startServer, type FailedStart } from '../support/server.js';

/** One line on stderr, no stack, a non-zero exit. */
function assertOneLine(result: FailedStart, pattern: RegExp): void {
  assert.notEqual(result.code, 0, result.stdout);
  const lines = result.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `expected one stderr line, got:\n${result.stderr}`);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(lines[0], /\s at /);
}

const notRoot = process.getuid?.() === 0 ? false : 'not running as root: the embedded Postgres runs as the gateway\'s own user';

describe('start-up errors', () => {
  let scratch: string;
  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'kecs-lb-startup-'));
    // Open to the `postgres` user, as root runs Postgres: the cluster stays in the data folder.
    await chmod(scratch, 0o755);
  });
  after(() => rm(scratch, { recursive: true, force: true }));
  const folder = async () => mkdtemp(join(scratch, 'data-'));

  it('names KECS_PORT when the port is in use', async () => {
    const squatter = createServer();
    squatter.listen(0, '127.0.0.1');
    await once(squatter, 'listening');
    const { port } = squatter.address() as { port: number };
    try {
      const dataDir = await folder();
      assertOneLine(await failedStart(dataDir, {}, { port }), new RegExp(`^kecs-lb: KECS_PORT ${port} is already in use on 127\\.0\\.0\\.1 — stop the other process or set KECS_PORT$`));
      assert.equal(await readFile(join(dataDir, 'gateway.pid'), 'utf8').catch(() => 'released'), 'released', 'the failed start released the data folder');
    } finally {
      squatter.close();
    }
  });

  it('refuses a data folder another gateway uses, naming its PID, and leaves that gateway alone', async () => {
    const dataDir = await folder();
    const first = await startServer(dataDir);
    try {
      const second = await failedStart(dataDir);
      assertOneLine(second, new RegExp(`^kecs-lb: KECS_DATA_DIR .+ is in use by another kecs-lb gateway \\(PID ${first.process.pid}\\) — stop it or set another KECS_DATA_DIR$`));
      const health = await fetch(`${first.url}/_kecs/health`);
      assert.equal(health.status, 200, 'the first gateway and its Postgres still run');
      assert.equal((await readFile(join(dataDir, 'gateway.pid'), 'utf8')).split('\n')[0], String(first.process.pid));
    } finally {
      assert.equal(await first.stop(), 0);
    }
  });

  it('names KECS_DATA_DIR when the folder cannot be created', async () => {
    const file = join(scratch, 'a-file');
    await writeFile(file, '');
    assertOneLine(await failedStart(join(file, 'data')), /^kecs-lb: KECS_DATA_DIR .+ cannot be created \(ENOTDIR: .+\) — set KECS_DATA_DIR to a folder this user may write$/);
  });

  describe('with a DATABASE_URL that refuses', () => {
    let database: TestDatabase;
    before(async () => { database = await startTestDatabase(); });
    after(() => database.close());

    it('says connection refused, naming DATABASE_URL without its password', async () => {
      const url = `postgres://someone:s3cret@127.0.0.1:${await freePort()}/db`;
      const result = await failedStart(await folder(), { DATABASE_URL: url });
      assertOneLine(result, /^kecs-lb: cannot connect to DATABASE_URL postgres:\/\/someone:\*\*\*@127\.0\.0\.1:\d+\/db: connection refused — check DATABASE_URL/);
      assert.doesNotMatch(result.stderr + result.stdout, /s3cret/);
    });

    it('says the password was refused, without the password', async () => {
      const url = new URL(database.connectionString);
      url.password = 'wrong-password';
      const result = await failedStart(await folder(), { DATABASE_URL: url.href });
      assertOneLine(result, /^kecs-lb: cannot connect to DATABASE_URL postgres:\/\/\w+:\*\*\*@127\.0\.0\.1:\d+\/\w+: password authentication failed for user "\w+"/);
      assert.doesNotMatch(result.stderr + result.stdout, /wrong-password/);
    });
  });

  it('works as root from a data folder inside a folder closed to other users, and says where the cluster went', { skip: notRoot }, async () => {
    // mkdtemp makes 0700 folders: the `postgres` user Postgres runs as cannot enter `closed`.
    const closed = await mkdtemp(join(scratch, 'closed-'));
    const dataDir = join(closed, 'nested', '.kecs');
    const server = await startServer(dataDir);
    let cluster = '';
    try {
      cluster = (await readFile(join(dataDir, 'cluster-location'), 'utf8')).trim();
      assert.match(server.output(), /its cluster is kept in .+ instead/);
      const health = await fetch(`${server.url}/_kecs/health`);
      assert.equal(health.status, 200);
    } finally {
      assert.equal(await server.stop(), 0);
      if (cluster) await rm(dirname(cluster), { recursive: true, force: true });
    }
  });
});
