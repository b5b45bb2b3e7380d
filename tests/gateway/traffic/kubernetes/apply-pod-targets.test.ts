import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AddTagsCommand, DeregisterTargetsCommand, DescribeTargetHealthCommand, RegisterTargetsCommand, RemoveTagsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import { reconcilePodTargets, type ReconcileOptions } from '../../../../gateway/traffic/kubernetes/apply-pod-targets.js';
import type { PodSnapshot, PodView } from '../../../../gateway/traffic/kubernetes/pod-view.js';
import type { Database } from '../../../../gateway/database/tables.js';
import { ACCOUNT, REGION, useTestGateway } from '../../../support/gateway.js';
import { attachToLoadBalancer, createTargetGroup, routingVersion } from '../../../handlers/elbv2/target-group-fixtures.js';
import { pod, snapshot } from './pod-fixtures.js';

const WEB = { 'kecs.io/elbv2-target-group-name': 'web' };

describe('reconcilePodTargets', () => {
  const { gw, elb } = useTestGateway();
  const logged: string[] = [];
  const options = (): ReconcileOptions => ({
    accountId: ACCOUNT, defaultRegion: REGION, now: gw.clock.now,
    log: pino({ level: 'warn' }, { write: (line: string) => void logged.push(line) }),
  });
  const reconcile = (view: PodSnapshot, db: Kysely<Database> = gw.database.db) => reconcilePodTargets(db, view, options());
  const health = async (TargetGroupArn: string) => ((await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn }))).TargetHealthDescriptions ?? [])
    .map((d) => `${d.Target?.Id}:${d.Target?.Port} ${d.TargetHealth?.State}`).sort();
  const owners = async () => (await gw.database.db.selectFrom('targets').select(['id', 'port', 'managed_by']).orderBy('id').orderBy('port').execute())
    .map((row) => `${row.id}:${row.port} ${row.managed_by ?? 'hand'}`);
  /** An ip target group a listener forwards to, so that targets answer `initial` and drain. */
  const usedIpGroup = async (name: string, extra = {}) => {
    const tg = await createTargetGroup(gw, name, { TargetType: 'ip', ...extra });
    await attachToLoadBalancer(gw, tg);
    return tg;
  };

  it('registers Ready pods as initial targets, visible to DescribeTargetHealth, and bumps the routing version once', async () => {
    const tg = await usedIpGroup('web');
    const pods = [pod({ ip: '10.0.0.1', labels: WEB }), pod({ ip: '10.0.0.2', labels: WEB }), pod({ ip: '10.0.0.3', labels: WEB, ready: false })];
    const before = await routingVersion(gw);
    assert.deepEqual(await reconcile(snapshot(pods)), { registered: 2, drained: 0, groups: 1 });
    assert.equal(await routingVersion(gw), before + 1);
    assert.deepEqual(await health(tg), ['10.0.0.1:80 initial', '10.0.0.2:80 initial']);
    assert.deepEqual(await owners(), ['10.0.0.1:80 kubernetes', '10.0.0.2:80 kubernetes']);
    // Nothing changed: no write and no bump.
    assert.deepEqual(await reconcile(snapshot(pods)), { registered: 0, drained: 0, groups: 0 });
    assert.equal(await routingVersion(gw), before + 1);
  });

  it('drains the target of a pod that stops being Ready or is deleted, and registers it afresh when it is back', async () => {
    const tg = await usedIpGroup('web');
    const a = pod({ ip: '10.0.0.1', labels: WEB });
    const b = pod({ ip: '10.0.0.2', labels: WEB });
    await reconcile(snapshot([a, b]));
    assert.deepEqual(await reconcile(snapshot([{ ...a, ready: false }])), { registered: 0, drained: 2, groups: 1 });
    assert.deepEqual(await health(tg), ['10.0.0.1:80 draining', '10.0.0.2:80 draining']);
    const row = await gw.database.db.selectFrom('targets').select('drain_until').where('id', '=', '10.0.0.1').executeTakeFirstOrThrow();
    // The group's deregistration delay (300 s by default), as DeregisterTargets gives.
    assert.equal(row.drain_until?.getTime(), gw.clock.time.getTime() + 300_000);
    assert.deepEqual(await reconcile(snapshot([a])), { registered: 1, drained: 0, groups: 1 });
    assert.deepEqual(await health(tg), ['10.0.0.1:80 initial', '10.0.0.2:80 draining']);
  });

  it('never touches targets registered by hand, and a registration by hand takes a pod target over', async () => {
    const tg = await usedIpGroup('web');
    await elb.send(new RegisterTargetsCommand({ TargetGroupArn: tg, Targets: [{ Id: '10.0.0.9' }, { Id: '10.0.0.2' }] }));
    const a = pod({ ip: '10.0.0.1', labels: WEB });
    const b = pod({ ip: '10.0.0.2', labels: WEB });
    // 10.0.0.2:80 is already the user's: the reconciler leaves it (and its owner) alone.
    assert.deepEqual(await reconcile(snapshot([a, b])), { registered: 1, drained: 0, groups: 1 });
    assert.deepEqual(await owners(), ['10.0.0.1:80 kubernetes', '10.0.0.2:80 hand', '10.0.0.9:80 hand']);
    // The user registers the pod target by hand: it is theirs now, and stays when the pods go.
    await elb.send(new RegisterTargetsCommand({ TargetGroupArn: tg, Targets: [{ Id: '10.0.0.1' }] }));
    assert.deepEqual(await reconcile(snapshot([])), { registered: 0, drained: 0, groups: 0 });
    assert.deepEqual(await health(tg), ['10.0.0.1:80 initial', '10.0.0.2:80 initial', '10.0.0.9:80 initial']);
    assert.deepEqual(await owners(), ['10.0.0.1:80 hand', '10.0.0.2:80 hand', '10.0.0.9:80 hand']);
    // A target the user drains stays drained, though a Ready pod has its address.
    await elb.send(new DeregisterTargetsCommand({ TargetGroupArn: tg, Targets: [{ Id: '10.0.0.2' }] }));
    assert.deepEqual(await reconcile(snapshot([b])), { registered: 0, drained: 0, groups: 0 });
    assert.deepEqual(await health(tg), ['10.0.0.1:80 initial', '10.0.0.2:80 draining', '10.0.0.9:80 initial']);
  });

  it('follows the selector tag as it is added, changed and removed', async () => {
    const tg = await usedIpGroup('redis', { Protocol: 'TCP', Port: 6379 });
    const view = snapshot([
      pod({ ip: '10.0.0.1', namespace: 'data', labels: { app: 'redis', tier: 'backend' } }),
      pod({ ip: '10.0.0.2', namespace: 'data', labels: { app: 'redis', tier: 'cache' } }),
    ]);
    assert.deepEqual(await reconcile(view), { registered: 0, drained: 0, groups: 0 });
    await elb.send(new AddTagsCommand({ ResourceArns: [tg], Tags: [{ Key: 'kecs.io/pod-selector', Value: 'app=redis tier=backend' }] }));
    await reconcile(view);
    assert.deepEqual(await health(tg), ['10.0.0.1:6379 initial']);
    await elb.send(new AddTagsCommand({ ResourceArns: [tg], Tags: [{ Key: 'kecs.io/pod-selector', Value: 'app=redis tier=cache' }] }));
    assert.deepEqual(await reconcile(view), { registered: 1, drained: 1, groups: 1 });
    assert.deepEqual(await health(tg), ['10.0.0.1:6379 draining', '10.0.0.2:6379 initial']);
    await elb.send(new RemoveTagsCommand({ ResourceArns: [tg], TagKeys: ['kecs.io/pod-selector'] }));
    assert.deepEqual(await reconcile(view), { registered: 0, drained: 1, groups: 1 });
    assert.deepEqual(await health(tg), ['10.0.0.1:6379 draining', '10.0.0.2:6379 draining']);
  });

  it('removes targets of a group no listener uses at once, as DeregisterTargets does', async () => {
    const tg = await createTargetGroup(gw, 'web', { TargetType: 'ip' });
    await reconcile(snapshot([pod({ ip: '10.0.0.1', labels: WEB })]));
    assert.deepEqual(await health(tg), ['10.0.0.1:80 unused']);
    assert.deepEqual(await reconcile(snapshot([])), { registered: 0, drained: 1, groups: 1 });
    assert.deepEqual(await health(tg), []);
  });

  it('changes nothing while the snapshot is not synced', async () => {
    await usedIpGroup('web');
    await reconcile(snapshot([pod({ ip: '10.0.0.1', labels: WEB })]));
    const before = await routingVersion(gw);
    assert.deepEqual(await reconcile(snapshot([], false)), { registered: 0, drained: 0, groups: 0 });
    assert.deepEqual(await reconcile(snapshot([pod({ ip: '10.0.0.2', labels: WEB })], false)), { registered: 0, drained: 0, groups: 0 });
    assert.deepEqual(await owners(), ['10.0.0.1:80 kubernetes']);
    assert.equal(await routingVersion(gw), before);
  });

  it('skips instance target groups', async () => {
    await createTargetGroup(gw, 'web');
    logged.length = 0;
    assert.deepEqual(await reconcile(snapshot([pod({ labels: WEB })])), { registered: 0, drained: 0, groups: 0 });
    assert.match(logged.join(''), /only ip target groups take pods/);
  });

  it('keeps to the quota of 1,000 targets and says which pods are left out', async () => {
    const tg = await usedIpGroup('big');
    await elb.send(new RegisterTargetsCommand({ TargetGroupArn: tg, Targets: [{ Id: '10.9.9.9' }] }));
    const pods: PodView[] = Array.from({ length: 1002 }, (_, n) => pod({ name: `p${String(n).padStart(4, '0')}`, ip: `10.1.${Math.floor(n / 250)}.${(n % 250) + 1}`, labels: { 'kecs.io/elbv2-target-group-name': 'big' } }));
    logged.length = 0;
    assert.deepEqual(await reconcile(snapshot(pods)), { registered: 999, drained: 0, groups: 1 });
    assert.equal((await health(tg)).length, 1000);
    const warning = JSON.parse(logged.find((line) => line.includes('is full'))!);
    assert.deepEqual(warning.pods, ['default-us-east-1/p0999', 'default-us-east-1/p1000', 'default-us-east-1/p1001']);
  });

  describe('on two replicas at once', () => {
    let second: Kysely<Database>;
    before(() => {
      second = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: gw.database.connectionString, max: 4 }) }) });
    });
    after(() => second.destroy());

    it('registers each target once and bumps the routing version once', async () => {
      const tg = await usedIpGroup('web');
      const view = snapshot(Array.from({ length: 50 }, (_, n) => pod({ ip: `10.0.1.${n + 1}`, labels: WEB })));
      const before = await routingVersion(gw);
      const [one, two] = await Promise.all([reconcile(view), reconcile(view, second)]);
      // One replica did the work under the group lock; the other found nothing left to do.
      assert.deepEqual([one.registered + two.registered, one.groups + two.groups], [50, 1]);
      assert.equal(await routingVersion(gw), before + 1);
      assert.equal((await health(tg)).length, 50);
      // And draining, likewise, happens once.
      const drained = await Promise.all([reconcile(snapshot([])), reconcile(snapshot([]), second)]);
      assert.equal(drained[0].drained + drained[1].drained, 50);
      assert.equal(await routingVersion(gw), before + 2);
    });
  });
});
