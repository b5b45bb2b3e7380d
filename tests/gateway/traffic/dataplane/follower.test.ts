import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { bumpRoutingVersion } from '../../../../gateway/database/routing-version.js';
import { startFollower, type Follower } from '../../../../gateway/traffic/dataplane/follower.js';
import { createLogger } from '../../../../gateway/logger.js';
import { compileRouteTable } from '../../../../gateway/traffic/route-table/compile.js';
import { loadRoutingState } from '../../../../gateway/traffic/route-table/load-state.js';
import type { RouteTable } from '../../../../gateway/traffic/route-table/route-table.js';
import { startTestDatabase, type TestDatabase } from '../../../support/database.js';
import { waitFor } from './lib/http.js';

describe('route table follower', () => {
  let database: TestDatabase;
  let follower: Follower;
  let loads = 0;
  const applied: string[] = [];

  const bump = () => bumpRoutingVersion(database.db);
  const version = async () => String((await database.db.selectFrom('routing_version').select('version').executeTakeFirstOrThrow()).version);

  before(async () => {
    database = await startTestDatabase();
    follower = await startFollower({
      connectionString: database.connectionString,
      load: async () => {
        loads++;
        return compileRouteTable(await loadRoutingState(database.db));
      },
      apply: async (table: RouteTable) => { applied.push(table.version); },
      log: createLogger('silent'),
      safetyIntervalMs: 1_500,
    });
  });

  after(async () => {
    await follower?.stop();
    await database?.close();
  });

  it('loads the table before it resolves', () => {
    assert.ok(applied.length >= 1);
  });

  it('reloads on each NOTIFY, within a second', async () => {
    await bump();
    const wanted = await version();
    const took = await waitFor(async () => applied.at(-1) === wanted);
    assert.ok(took < 1_000, `applied after ${took.toFixed(0)} ms`);
  });

  it('coalesces a burst of notifications', async () => {
    const before = loads;
    await Promise.all(Array.from({ length: 50 }, () => bump()));
    const wanted = await version();
    await waitFor(async () => applied.at(-1) === wanted);
    assert.ok(loads - before < 25, `${loads - before} loads for 50 notifications`);
  });

  it('reconnects its LISTEN session after losing it', async () => {
    // This database's session only: under `npm test` the server is shared with other test files.
    const { rows } = await sql<{ terminated: boolean }>`select pg_terminate_backend(pid) as terminated from pg_stat_activity where query = 'LISTEN kecs_routing' and datname = current_database()`.execute(database.db);
    assert.deepEqual(rows, [{ terminated: true }]);
    // Give the reconnect a moment, then change something: the new session must hear it.
    await new Promise((resolve) => setTimeout(resolve, 600));
    await bump();
    const wanted = await version();
    const took = await waitFor(async () => applied.at(-1) === wanted, 3_000);
    assert.ok(took < 1_000, `applied after ${took.toFixed(0)} ms`);
  });

  it('picks up a change whose notification never came, by the periodic reload', async () => {
    await database.db.updateTable('routing_version').set({ version: sql`version + 1` }).execute();
    const wanted = await version();
    await waitFor(async () => applied.at(-1) === wanted, 3_000);
  });
});
