import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { sql } from 'kysely';
import { bumpRoutingVersion } from '../../../../gateway/database/routing-version.js';
import { compileRouteTable } from '../../../../gateway/traffic/route-table/compile.js';
import { loadRoutingState } from '../../../../gateway/traffic/route-table/load-state.js';
import { startTestDatabase, type TestDatabase } from '../../../support/database.js';
import { forward, insertState, listener, loadBalancer, routingState, rule, target, targetGroup } from '../traefik/fixtures.js';

describe('loadRoutingState', () => {
  let database: TestDatabase;
  before(async () => { database = await startTestDatabase(); });
  after(async () => { await database.close(); });
  beforeEach(async () => {
    await database.truncate();
    await sql`update routing_version set version = 0 where id = 1`.execute(database.db);
  });

  const lb = loadBalancer('web', '00000000000000d1', { attributes: { 'idle_timeout.timeout_seconds': '30' } });
  const tg = targetGroup('app', '00000000000000d2', { attributes: { 'stickiness.enabled': 'true' } });
  const l80 = listener(lb, 'l80', 80);
  const state = routingState({
    loadBalancers: [lb],
    targetGroups: [tg],
    listeners: [l80],
    rules: [
      rule(l80, 'd', 'default', [], [forward(tg)]),
      rule(l80, 'r5', 5, [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/api/*'] } }], [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }]),
    ],
    targets: [target(tg, '10.0.0.1', 8080, 'healthy'), target(tg, '10.0.0.2', 8080, 'draining')],
  }, '0');

  it('reads the rows the compiler needs and the routing version', async () => {
    await insertState(database.db, state);
    await bumpRoutingVersion(database.db);
    const loaded = await loadRoutingState(database.db);
    assert.equal(loaded.version, '1');
    assert.deepEqual(compileRouteTable(loaded), compileRouteTable({ ...state, version: '1' }));
  });

  it('reads jsonb back as the objects stored', async () => {
    await insertState(database.db, state);
    const loaded = await loadRoutingState(database.db);
    assert.deepEqual(loaded.loadBalancers[0].attributes, { 'idle_timeout.timeout_seconds': '30' });
    const stored = loaded.rules.find((r) => r.priority === 5)!;
    assert.deepEqual(stored.conditions, state.rules[1].conditions);
    assert.deepEqual(stored.actions, state.rules[1].actions);
  });

  it('reads one snapshot: a change committed while it reads is not half-seen', async () => {
    await insertState(database.db, state);
    // Hold target_groups so the loader blocks there, after its first statement fixed the snapshot…
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    let locked!: () => void;
    const lockTaken = new Promise<void>((resolve) => { locked = resolve; });
    const holder = database.db.transaction().execute(async (trx) => {
      await sql`lock table target_groups in access exclusive mode`.execute(trx);
      locked();
      await held;
    });
    await lockTaken;
    const loading = loadRoutingState(database.db);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // …then commit a routing change to a table it has not read yet (an update needs no lock on target_groups).
    await database.db.transaction().execute(async (trx) => {
      await trx.updateTable('targets').set({ state: 'healthy' }).where('id', '=', '10.0.0.2').execute();
      await bumpRoutingVersion(trx);
    });
    release();
    await holder;
    const loaded = await loading;
    assert.equal(loaded.version, '0');
    assert.equal(loaded.targets.find((t) => t.id === '10.0.0.2')?.state, 'draining', 'the change committed after the snapshot is not seen');
    assert.equal((await loadRoutingState(database.db)).version, '1');
  });
});
