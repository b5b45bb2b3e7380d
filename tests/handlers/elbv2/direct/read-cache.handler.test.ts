import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { createReadCache, type ReadCache } from '../../../../gateway/database/read-cache.js';
import type { Database } from '../../../../gateway/database/tables.js';
import { trackedClient } from '../../../../gateway/database/tracked-client.js';
import { handler as deleteLoadBalancer } from '../../../../handlers/elbv2/DeleteLoadBalancer.js';
import { handler as deregisterTargets } from '../../../../handlers/elbv2/DeregisterTargets.js';
import { handler as describeLoadBalancers } from '../../../../handlers/elbv2/DescribeLoadBalancers.js';
import { handler as describeTargetHealth } from '../../../../handlers/elbv2/DescribeTargetHealth.js';
import { handler as registerTargets } from '../../../../handlers/elbv2/RegisterTargets.js';
import { testContext } from '../../../support/context.js';
import { albWithListener, makeLoadBalancer } from './fixtures.js';

const I1 = 'i-0123456789abcdef0';

// The handlers over a database wired as the gateway wires the embedded one: every query through
// a tracked client that tells the read cache of writes (gateway/database/connect.ts).
describe('handlers over the read cache: each of this process\'s writes is read back at once', () => {
  const kit = testContext();
  let pool: pg.Pool;
  let db: Kysely<Database>;
  let cache: ReadCache;
  before(() => {
    pool = new pg.Pool({ connectionString: kit.database.connectionString, max: 4 });
    // The suite's own teardown may end the database before this pool: idle connections then drop.
    pool.on('error', () => undefined);
    db = new Kysely<Database>({ dialect: new PostgresDialect({
      pool: { connect: async () => trackedClient(await pool.connect(), { cache, prepare: true }), end: () => pool.end() },
    }) });
  });
  after(() => db.destroy());
  // The suite's database is emptied between tests behind the cache's back; each test starts a new one.
  beforeEach(() => { cache = createReadCache(); });
  const ctx = () => kit.ctx({ db, cache });
  const states = async (TargetGroupArn: string) => (await describeTargetHealth({ TargetGroupArn }, ctx())).TargetHealthDescriptions!
    .map((d) => [d.Target!.Id, d.TargetHealth!.State]);

  it('DescribeTargetHealth repeats from memory until a registration changes the group', async () => {
    const { tgArn } = await albWithListener(ctx(), 'cached');
    await registerTargets({ TargetGroupArn: tgArn, Targets: [{ Id: I1 }] }, ctx());
    const first = await describeTargetHealth({ TargetGroupArn: tgArn }, ctx());
    assert.equal(await describeTargetHealth({ TargetGroupArn: tgArn }, ctx()), first, 'the same frozen answer, read once');
    assert.deepEqual(await states(tgArn), [[I1, 'initial']]);
    await deregisterTargets({ TargetGroupArn: tgArn, Targets: [{ Id: I1 }] }, ctx());
    assert.deepEqual(await states(tgArn), [[I1, 'draining']]);
    // Registering a draining target is a change, not a repeat: the cached read must not say otherwise.
    await registerTargets({ TargetGroupArn: tgArn, Targets: [{ Id: I1 }] }, ctx());
    assert.deepEqual(await states(tgArn), [[I1, 'initial']]);
  });

  it('a write outside the handlers (the health checker\'s) is seen by the next read', async () => {
    const { tgArn } = await albWithListener(ctx(), 'checked');
    await registerTargets({ TargetGroupArn: tgArn, Targets: [{ Id: I1 }] }, ctx());
    assert.deepEqual(await states(tgArn), [[I1, 'initial']]);
    await db.updateTable('targets').set({ state: 'healthy', reason: null, description: null }).where('target_group_arn', '=', tgArn).execute();
    assert.deepEqual(await states(tgArn), [[I1, 'healthy']]);
  });

  it('DescribeLoadBalancers shows a load balancer made or deleted a moment ago', async () => {
    const names = async () => (await describeLoadBalancers({}, ctx())).LoadBalancers!.map((lb) => lb.LoadBalancerName);
    assert.deepEqual(await names(), []);
    const arn = await makeLoadBalancer(ctx(), 'first');
    assert.deepEqual(await names(), ['first']);
    assert.deepEqual(await names(), ['first']);
    await deleteLoadBalancer({ LoadBalancerArn: arn }, ctx());
    assert.deepEqual(await names(), []);
  });

  it('a cached target group is not found from another account', async () => {
    const { tgArn } = await albWithListener(ctx(), 'scoped');
    await describeTargetHealth({ TargetGroupArn: tgArn }, ctx());
    await assert.rejects(describeTargetHealth({ TargetGroupArn: tgArn }, kit.ctx({ db, cache, accountId: '210987654321' })), { code: 'TargetGroupNotFound' });
  });
});
