import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import type { Database } from '../../../gateway/database/tables.js';
import { startScheduler } from '../../../gateway/scheduler.js';
import { handler as healthCheck } from '../../../handlers/scheduled/HealthCheck.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';
import { checkedGroup, HEALTHY, mismatch, REGISTERING, scheduledContext, sleep } from './health-fixtures.js';
import { httpTarget, type HttpTarget } from './probe-targets.js';
import { tcpProxy, type TcpProxy } from './tcp-proxy.js';

const INTERVAL = 5000;

async function until(condition: () => Promise<boolean>, ms: number): Promise<void> {
  for (const deadline = Date.now() + ms; !(await condition());) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await sleep(50);
  }
}

/**
 * Postgres goes away (a TCP proxy in front of it is cut) before a tick and in the middle of one:
 * the tick fails and is logged, nothing written before is lost, and a later tick carries on.
 */
describe('HealthCheck when Postgres goes away', () => {
  let gw: TestGateway;
  let ok: HttpTarget;
  let proxy: TcpProxy;
  let viaProxy: Kysely<Database>;
  before(async () => {
    gw = await startTestGateway();
    ok = await httpTarget(200);
    const url = new URL(gw.database.connectionString);
    proxy = await tcpProxy(Number(url.port));
    url.port = String(proxy.port);
    const pool = new pg.Pool({ connectionString: url.href, max: 2 });
    // Connections cut by the proxy: idle ones report on the pool, checked-out ones on the client
    // (pg-pool removes its listener while a client is checked out; without one, a cut mid-query
    // is an uncaught exception).
    pool.on('error', () => undefined);
    pool.on('connect', (client) => client.on('error', () => undefined));
    viaProxy = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  });
  after(async () => {
    await ok.stop();
    await viaProxy.destroy();
    await proxy.down();
    await gw.close();
  });
  beforeEach(async () => {
    await gw.database.truncate();
    ok.status = 200;
    ok.delayMs = 0;
    ok.requests.length = 0;
  });

  const target = (tg: string) => gw.database.db.selectFrom('targets').selectAll().where('target_group_arn', '=', tg).executeTakeFirstOrThrow();

  it('fails a tick while Postgres is unreachable, logs it from the scheduler, and recovers with the counts intact', async () => {
    const tg = await checkedGroup(gw, 'away', [{ Id: '127.0.0.1', Port: ok.port }]);
    const logged: string[] = [];
    const ctx = scheduledContext(gw, { db: viaProxy, log: pino({ level: 'error' }, { write: (line: string) => void logged.push(line) }) });
    await healthCheck(ctx);
    assert.equal((await target(tg)).state, 'healthy');

    await proxy.down();
    gw.clock.advance(INTERVAL);
    ok.status = 500;
    await assert.rejects(healthCheck(ctx));
    const scheduler = startScheduler([{ name: 'HealthCheck', run: healthCheck }], ctx, 100);
    try {
      await until(async () => logged.some((line) => line.includes('scheduled task failed') && line.includes('HealthCheck')), 3000);
      await proxy.up();
      await until(async () => (await target(tg)).consecutive_failures === 1, 3000);
    } finally {
      await scheduler.stop();
    }
    const row = await target(tg);
    assert.equal(row.state, 'healthy', 'one failure is below the unhealthy threshold of 2');
    assert.equal(ok.requests.length, 2, 'the failed ticks claimed nothing, so the due check ran once');
    gw.clock.advance(INTERVAL);
    await healthCheck(ctx);
    assert.deepEqual([(await target(tg)).state, (await target(tg)).description], [mismatch(500)[0], mismatch(500)[2]]);
  });

  it('fails a tick whose write cannot reach Postgres; the target keeps its state and is probed at its next interval', async () => {
    const tg = await checkedGroup(gw, 'midway', [{ Id: '127.0.0.1', Port: ok.port }]);
    const ctx = scheduledContext(gw, { db: viaProxy });
    ok.delayMs = 300;
    const tick = healthCheck(ctx);
    await until(async () => ok.requests.length === 1, 1000);
    await proxy.down();
    await assert.rejects(tick);
    await proxy.up();
    const row = await target(tg);
    assert.deepEqual([row.state, row.reason, row.description], REGISTERING);
    assert.equal(row.next_check_at?.getTime(), gw.clock.now().getTime() + INTERVAL, 'the claim had committed');
    assert.equal((await healthCheck(ctx)).claimed, 0, 'not probed again within the interval');
    gw.clock.advance(INTERVAL);
    assert.deepEqual(await healthCheck(ctx), { claimed: 1, probed: 1, transitions: 1, pending: 0 });
    assert.deepEqual([(await target(tg)).state, (await target(tg)).reason], [HEALTHY[0], null]);
  });
});
