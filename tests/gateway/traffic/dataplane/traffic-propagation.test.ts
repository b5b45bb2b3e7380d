import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DeregisterTargetsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { bumpRoutingVersion } from '../../../../gateway/database/routing-version.js';
import { freePort } from '../../../support/server.js';
import { forward, startLab, type Lab } from './lib/lab.js';
import { send, targetOf, waitFor } from './lib/http.js';
import { startTarget, type Target } from './lib/targets.js';

// DESIGN §5: a routing change is in force within one second of the API call that made it.
const WITHIN_MS = 1_000;

describe('routing changes reach the data plane within a second', () => {
  let lab: Lab;
  let port: number;
  let group: string;
  let listener: string;
  const targets: Record<string, Target> = {};

  async function setState(target: Target, state: string) {
    await lab.database.db.transaction().execute(async (trx) => {
      await trx.updateTable('targets').set({ state }).where('target_group_arn', '=', group).where('port', '=', target.port).execute();
      await bumpRoutingVersion(trx);
    });
  }

  before(async () => {
    lab = await startLab();
    for (const name of ['a', 'b', 'c']) targets[name] = await startTarget(name);
    const lb = await lab.loadBalancer('propagation');
    group = await lab.targetGroup('propagation', lb.vpcId);
    await lab.register(group, [targets.a]);
    port = await freePort();
    listener = await lab.listener(lb.arn, port, forward(group));
    await waitFor(async () => (await targetOf(port, '/')) === 'a');
  });

  after(async () => {
    await lab?.close();
    await Promise.all(Object.values(targets).map((t) => t.close()));
  });

  it('RegisterTargets: the new target serves its first request within a second', async () => {
    await lab.register(group, [targets.b]);
    const took = await waitFor(async () => (await targetOf(port, '/')) === 'b');
    assert.ok(took < WITHIN_MS, `first request to the new target after ${took.toFixed(0)} ms`);
  });

  it('DeregisterTargets: no new request reaches the target once it is out', async () => {
    await lab.elb.send(new DeregisterTargetsCommand({ TargetGroupArn: group, Targets: [{ Id: '127.0.0.1', Port: targets.a.port }] }));
    const took = await waitFor(async () => {
      const names = await Promise.all(Array.from({ length: 6 }, () => targetOf(port, '/')));
      return names.every((name) => name === 'b');
    });
    assert.ok(took < WITHIN_MS, `deregistration in force after ${took.toFixed(0)} ms`);
    const before = targets.a.seen.length;
    for (let i = 0; i < 20; i++) assert.equal(await targetOf(port, '/'), 'b');
    assert.equal(targets.a.seen.length, before);
  });

  it('a target turning unhealthy leaves the rotation within a second', async () => {
    await lab.register(group, [targets.c]);
    await setState(targets.b, 'healthy');
    await setState(targets.c, 'healthy');
    await waitFor(async () => (await targetOf(port, '/')) === 'c');
    const changed = performance.now();
    await setState(targets.c, 'unhealthy');
    await waitFor(async () => {
      const names = await Promise.all(Array.from({ length: 6 }, () => targetOf(port, '/')));
      return names.every((name) => name === 'b');
    });
    const took = performance.now() - changed;
    assert.ok(took < WITHIN_MS, `unhealthy target out after ${took.toFixed(0)} ms`);
  });

  it('CreateRule: the rule is in force within a second', async () => {
    await lab.rule(listener, 5, [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/new'] } }], [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200', MessageBody: 'new rule' } }]);
    const took = await waitFor(async () => (await send(port, '/new')).body === 'new rule');
    assert.ok(took < WITHIN_MS, `rule in force after ${took.toFixed(0)} ms`);
  });
});
