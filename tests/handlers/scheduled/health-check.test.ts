import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { DeregisterTargetsCommand, DescribeTargetHealthCommand, ModifyTargetGroupAttributesCommand, RegisterTargetsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { handler as healthCheck } from '../../../handlers/scheduled/HealthCheck.js';
import { handler as removeDrained } from '../../../handlers/scheduled/RemoveDrainedTargets.js';
import { parseTargetAddresses, type TargetAddresses } from '../../../gateway/target-addresses.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';
import { freePort } from '../../support/server.js';
import { CHECKING, checkedGroup, FAILED, forwardTo, HEALTHY, healthOf, mismatch, REGISTERING, routingVersion, scheduledContext, sleep, TIMED_OUT } from './health-fixtures.js';
import { hangTarget, httpTarget, type HttpTarget } from './probe-targets.js';

const INTERVAL = 5000;

describe('HealthCheck scheduled handler', () => {
  let gw: TestGateway;
  let ok: HttpTarget;
  let failing: HttpTarget;
  before(async () => {
    gw = await startTestGateway();
    [ok, failing] = await Promise.all([httpTarget(200), httpTarget(500)]);
  });
  after(async () => {
    await Promise.all([ok.stop(), failing.stop()]);
    await gw.close();
  });
  beforeEach(async () => {
    await gw.database.truncate();
    ok.status = 200;
    failing.status = 500;
    ok.requests.length = 0;
    failing.requests.length = 0;
  });

  it('drives healthy, failing and closed targets through the states with the exact thresholds', async () => {
    const closed = await freePort();
    const key = { ok: `127.0.0.1:${ok.port}`, failing: `127.0.0.1:${failing.port}`, closed: `127.0.0.1:${closed}` };
    const tg = await checkedGroup(gw, 'states', [{ Id: '127.0.0.1', Port: ok.port }, { Id: '127.0.0.1', Port: failing.port }, { Id: '127.0.0.1', Port: closed }]);
    const ctx = scheduledContext(gw);
    assert.deepEqual(await healthOf(gw, tg), { [key.ok]: REGISTERING, [key.failing]: REGISTERING, [key.closed]: REGISTERING });

    let version = await routingVersion(gw);
    assert.deepEqual(await healthCheck(ctx), { claimed: 3, probed: 3, transitions: 1, pending: 0 });
    // One pass makes a new target healthy; one failure leaves it initial.
    assert.deepEqual(await healthOf(gw, tg), { [key.ok]: HEALTHY, [key.failing]: CHECKING, [key.closed]: CHECKING });
    assert.equal(await routingVersion(gw), version + 1, 'a state change bumps the routing version');
    assert.deepEqual(ok.requests, [{ host: key.ok, path: '/health', userAgent: 'ELB-HealthChecker/2.0' }]);

    // Nothing is claimed before the interval has passed, less the two ticks a claim looks ahead.
    gw.clock.advance(INTERVAL - 2001);
    assert.equal((await healthCheck(ctx)).claimed, 0);
    gw.clock.advance(2001);
    assert.equal((await healthCheck(ctx)).claimed, 3);
    assert.deepEqual(await healthOf(gw, tg), { [key.ok]: HEALTHY, [key.failing]: mismatch(500), [key.closed]: FAILED });

    // Unhealthy → healthy after exactly HealthyThresholdCount (3) passes.
    failing.status = 200;
    for (const expected of [mismatch(500), mismatch(500), HEALTHY]) {
      gw.clock.advance(INTERVAL);
      version = await routingVersion(gw);
      await healthCheck(ctx);
      assert.deepEqual((await healthOf(gw, tg))[key.failing], expected);
      assert.equal(await routingVersion(gw), version + (expected === HEALTHY ? 1 : 0), 'only a state change bumps');
    }

    // Healthy → unhealthy after exactly UnhealthyThresholdCount (2) failures, with the code seen.
    ok.status = 404;
    for (const expected of [HEALTHY, mismatch(404)]) {
      gw.clock.advance(INTERVAL);
      await healthCheck(ctx);
      assert.deepEqual((await healthOf(gw, tg))[key.ok], expected);
    }
    assert.equal(ok.requests.length, 7, 'one probe per interval');
  });

  it('never connects to a target outside KECS_TARGET_ADDRESSES, and fails its checks saying why', async () => {
    const tg = await checkedGroup(gw, 'outside', [{ Id: '127.0.0.1', Port: ok.port }]);
    const targetAddresses = parseTargetAddresses('10.0.0.0/8') as TargetAddresses;
    const ctx = scheduledContext(gw, { config: { ...gw.database.config, targetAddresses } });
    await healthCheck(ctx);
    assert.deepEqual(await healthOf(gw, tg), { [`127.0.0.1:${ok.port}`]: CHECKING });
    gw.clock.advance(INTERVAL);
    await healthCheck(ctx);
    assert.deepEqual(await healthOf(gw, tg), {
      [`127.0.0.1:${ok.port}`]: ['unhealthy', 'Target.FailedHealthChecks', 'Health checks failed: the target address is outside the allowed address ranges (KECS_TARGET_ADDRESSES)'],
    });
    assert.deepEqual(ok.requests, []);
  });

  it('does not let a target that never answers hold back the others', async () => {
    const hang = await hangTarget();
    try {
      const tg = await checkedGroup(gw, 'hang', [{ Id: '127.0.0.1', Port: ok.port }, { Id: '127.0.0.1', Port: hang.port }]);
      const ctx = scheduledContext(gw);
      const key = { ok: `127.0.0.1:${ok.port}`, hang: `127.0.0.1:${hang.port}` };
      for (const expected of [CHECKING, TIMED_OUT]) {
        const started = performance.now();
        assert.deepEqual(await healthCheck(ctx), { claimed: 2, probed: 1, transitions: expected === CHECKING ? 1 : 0, pending: 1 });
        assert.ok(performance.now() - started < 1000, 'the tick waits half a tick at most');
        assert.deepEqual((await healthOf(gw, tg))[key.ok], HEALTHY);
        // The 2-second timeout ends the probe; a later tick writes its result.
        await sleep(2100);
        assert.deepEqual(await healthCheck(ctx), { claimed: 0, probed: 1, transitions: expected === CHECKING ? 0 : 1, pending: 0 });
        assert.deepEqual((await healthOf(gw, tg))[key.hang], expected);
        gw.clock.advance(INTERVAL);
      }
      assert.equal(hang.connections, 2);
    } finally {
      await hang.close();
    }
  });

  it('probes no target of a group no listener uses, and starts when one does', async () => {
    const tg = await checkedGroup(gw, 'unused', [{ Id: '127.0.0.1', Port: ok.port }], {}, { inUse: false });
    const ctx = scheduledContext(gw);
    assert.equal((await healthCheck(ctx)).claimed, 0);
    const [state, reason] = (await healthOf(gw, tg))[`127.0.0.1:${ok.port}`];
    assert.deepEqual([state, reason], ['unused', 'Target.NotInUse']);
    assert.equal(ok.requests.length, 0);
    await forwardTo(gw, tg);
    assert.equal((await healthCheck(ctx)).probed, 1);
    assert.deepEqual((await healthOf(gw, tg))[`127.0.0.1:${ok.port}`], HEALTHY);
  });

  it('never probes targets of a group with health checks disabled', async () => {
    const fn = 'arn:aws:lambda:us-east-1:000000000000:function:hc';
    const tg = await checkedGroup(gw, 'lambda', [], { TargetType: 'lambda', Protocol: undefined, Port: undefined, VpcId: undefined, HealthCheckPath: undefined });
    await gw.client().send(new RegisterTargetsCommand({ TargetGroupArn: tg, Targets: [{ Id: fn }] }));
    assert.equal((await healthCheck(scheduledContext(gw))).claimed, 0);
    const { TargetHealthDescriptions: [d] = [] } = await gw.client().send(new DescribeTargetHealthCommand({ TargetGroupArn: tg }));
    assert.deepEqual([d.TargetHealth?.State, d.TargetHealth?.Reason], ['unavailable', 'Target.HealthCheckDisabled']);
  });

  it('stops probing a draining target, which is gone after the deregistration delay', async () => {
    const tg = await checkedGroup(gw, 'drain', [{ Id: '127.0.0.1', Port: ok.port }]);
    const ctx = scheduledContext(gw);
    const elb = gw.client();
    await elb.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: tg, Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '5' }] }));
    await healthCheck(ctx);
    await elb.send(new DeregisterTargetsCommand({ TargetGroupArn: tg, Targets: [{ Id: '127.0.0.1', Port: ok.port }] }));
    const target = { Id: '127.0.0.1', Port: ok.port };
    const describe = async () => (await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: tg, Targets: [target] }))).TargetHealthDescriptions?.[0].TargetHealth;
    for (const step of [1000, 3999]) {
      gw.clock.advance(step);
      await Promise.all([healthCheck(ctx), removeDrained(ctx)]);
      assert.equal((await describe())?.State, 'draining');
    }
    gw.clock.advance(1);
    await Promise.all([healthCheck(ctx), removeDrained(ctx)]);
    assert.deepEqual(await describe(), { State: 'unused', Reason: 'Target.NotRegistered', Description: 'Target is not registered to the target group' });
    assert.equal(ok.requests.length, 1, 'only the check before deregistration');
  });
});
