import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../../../gateway/database/tables.js';
import { handler as healthCheck, type HealthCheckSummary } from '../../../handlers/scheduled/HealthCheck.js';
import { claimDueTargets } from '../../../handlers/scheduled/lib/health-store.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';
import { checkedGroup, HEALTHY, healthOf, scheduledContext, sleep } from './health-fixtures.js';
import { httpTarget, type HttpTarget } from './probe-targets.js';

const TARGETS = 12;

/**
 * Two gateway replicas on one Postgres: each ticks on its own connection pool, concurrently, every
 * second for three intervals. SKIP LOCKED plus the claim's push of next_check_at must give every
 * target exactly one probe per interval, counted where it lands — at the target.
 */
describe('HealthCheck on two replicas', () => {
  let gw: TestGateway;
  let second: Kysely<Database>;
  let servers: HttpTarget[];
  before(async () => {
    gw = await startTestGateway();
    second = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: gw.database.connectionString, max: 4 }) }) });
    servers = await Promise.all(Array.from({ length: TARGETS }, () => httpTarget(200)));
  });
  after(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await second.destroy();
    await gw.close();
  });

  beforeEach(async () => {
    await gw.database.truncate();
    for (const server of servers) server.requests.length = 0;
  });

  it('never probes one target twice in an interval', async () => {
    const tg = await checkedGroup(gw, 'replicas', servers.map((server) => ({ Id: '127.0.0.1', Port: server.port })));
    const replicas = [scheduledContext(gw), scheduledContext(gw, { db: second })];
    const summaries: HealthCheckSummary[] = [];
    // Ticks at 0…11 s, then at 12 s until no probe is pending, claim the checks due at 0, 5 and
    // 10 s (a tick looks two ticks ahead: 12 s claims up to 14 s).
    for (let second = 0; second < 12; second++) {
      summaries.push(...await Promise.all(replicas.map((ctx) => healthCheck(ctx))));
      gw.clock.advance(1000);
    }
    do {
      summaries.push(...await Promise.all(replicas.map((ctx) => healthCheck(ctx))));
      await sleep(50);
    } while (summaries.at(-1)!.pending + summaries.at(-2)!.pending > 0);
    assert.deepEqual(servers.map((server) => server.requests.length), servers.map(() => 3));
    const total = (key: 'claimed' | 'probed') => summaries.reduce((sum, s) => sum + s[key], 0);
    assert.equal(total('claimed'), 3 * TARGETS);
    assert.equal(total('probed'), 3 * TARGETS);
    for (const health of Object.values(await healthOf(gw, tg))) assert.deepEqual(health, HEALTHY);
  });

  it('skips the rows another replica is claiming, and finds them not due once it commits', async () => {
    const tg = await checkedGroup(gw, 'locked', servers.map((server) => ({ Id: '127.0.0.1', Port: server.port })));
    const now = gw.clock.now();
    // Replica A is caught mid-claim: its statement ran, its transaction has not committed yet.
    const claiming = await gw.database.db.startTransaction().execute();
    const held = await claimDueTargets(claiming, now, now, 1000, TARGETS / 2);
    const replicaB = scheduledContext(gw, { db: second });
    const during = await healthCheck(replicaB);
    await claiming.commit().execute();
    const afterCommit = await healthCheck(replicaB);
    assert.equal(held.length, TARGETS / 2);
    assert.equal(during.claimed, TARGETS / 2, 'B claims exactly the rows A does not hold');
    assert.equal(afterCommit.claimed, 0, "A's rows are no longer due once its claim commits");
    const heldPorts = new Set(held.map((target) => target.port));
    assert.deepEqual(servers.map((server) => server.requests.length), servers.map((server) => (heldPorts.has(server.port) ? 0 : 1)));
    assert.equal(Object.keys(await healthOf(gw, tg)).length, TARGETS);
  });
});
