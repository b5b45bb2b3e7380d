import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DeregisterTargetsCommand,
  DescribeTargetHealthCommand,
  ModifyTargetGroupAttributesCommand,
  ModifyTargetGroupCommand,
  RegisterTargetsCommand,
  waitUntilTargetDeregistered,
  type TargetDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { useTestGateway } from '../../support/gateway.js';
import { handler as removeDrained } from '../../../handlers/scheduled/RemoveDrainedTargets.js';
import { attachToLoadBalancer, createTargetGroup, routingVersion } from './target-group-fixtures.js';

const LAMBDA_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:hello';

describe('targets through the SDK', () => {
  const { gw, elb } = useTestGateway();
  const register = (TargetGroupArn: string, Targets: TargetDescription[]) => elb.send(new RegisterTargetsCommand({ TargetGroupArn, Targets }));
  const deregister = (TargetGroupArn: string, Targets: TargetDescription[]) => elb.send(new DeregisterTargetsCommand({ TargetGroupArn, Targets }));
  const health = async (TargetGroupArn: string, Targets?: TargetDescription[]) =>
    (await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn, Targets }))).TargetHealthDescriptions ?? [];
  const sweep = () => removeDrained({ db: gw.database.db, log: gw.context().log, now: gw.clock.now, config: gw.database.config });

  // Targets registered together are listed in id order.
  it('answers unused/Target.NotInUse until a listener uses the group, then initial', async () => {
    const tg = await createTargetGroup(gw, 'web');
    await register(tg, [{ Id: 'i-0123456789abcdef0' }, { Id: 'i-01234567', Port: 8080 }]);
    assert.deepEqual(await health(tg), [
      { Target: { Id: 'i-01234567', Port: 8080 }, HealthCheckPort: '8080', TargetHealth: { State: 'unused', Reason: 'Target.NotInUse', Description: 'Target group is not configured to receive traffic from the load balancer' } },
      { Target: { Id: 'i-0123456789abcdef0', Port: 80 }, HealthCheckPort: '80', TargetHealth: { State: 'unused', Reason: 'Target.NotInUse', Description: 'Target group is not configured to receive traffic from the load balancer' } },
    ]);
    await attachToLoadBalancer(gw, tg);
    const [first] = await health(tg);
    assert.deepEqual(first.TargetHealth, { State: 'initial', Reason: 'Elb.RegistrationInProgress', Description: 'Target registration is in progress' });
    const rows = await gw.database.db.selectFrom('targets').select(['next_check_at', 'state']).execute();
    assert.deepEqual(rows.map((row) => row.next_check_at?.getTime()), [gw.clock.time.getTime(), gw.clock.time.getTime()]);
  });

  it('honours the Targets filter: asked targets only, unknown ones NotRegistered on the asked port', async () => {
    const tg = await createTargetGroup(gw, 'ips', { TargetType: 'ip', HealthCheckPort: '9000' });
    await attachToLoadBalancer(gw, tg);
    await register(tg, [{ Id: '10.0.0.1' }, { Id: '10.0.0.2', AvailabilityZone: 'us-east-1a' }]);
    const answers = await health(tg, [{ Id: '10.0.0.2' }, { Id: '10.0.0.9', Port: 81 }, { Id: '10.0.0.1', Port: 82 }]);
    assert.deepEqual(answers.map((a) => [a.Target?.Id, a.Target?.Port, a.HealthCheckPort, a.TargetHealth?.State, a.TargetHealth?.Reason]), [
      ['10.0.0.2', 80, '9000', 'initial', 'Elb.RegistrationInProgress'],
      ['10.0.0.9', 81, '9000', 'unused', 'Target.NotRegistered'],
      ['10.0.0.1', 82, '9000', 'unused', 'Target.NotRegistered'],
    ]);
    assert.equal(answers[0].Target?.AvailabilityZone, 'us-east-1a');
    assert.equal(answers[1].TargetHealth?.Description, 'Target is not registered to the target group');
  });

  it('leaves a re-registered target as it is, and reports healthy without a reason', async () => {
    const tg = await createTargetGroup(gw, 'web');
    await attachToLoadBalancer(gw, tg);
    await register(tg, [{ Id: 'i-01234567' }]);
    await gw.database.db.updateTable('targets').set({ state: 'healthy', reason: null, description: null }).execute();
    await register(tg, [{ Id: 'i-01234567' }, { Id: 'i-01234567', Port: 80 }]);
    assert.deepEqual((await health(tg)).map((a) => a.TargetHealth), [{ State: 'healthy' }]);
  });

  it('rejects ids that do not fit the target type with InvalidTarget', async () => {
    const instances = await createTargetGroup(gw, 'inst');
    await assert.rejects(register(instances, [{ Id: '10.0.0.1' }]), { name: 'InvalidTargetException' });
    await assert.rejects(health(instances, [{ Id: 'bogus' }]), { name: 'InvalidTargetException' });
    const ips = await createTargetGroup(gw, 'ips', { TargetType: 'ip' });
    for (const Id of ['10.0.0', '::1', 'i-01234567']) await assert.rejects(register(ips, [{ Id }]), { name: 'InvalidTargetException' }, Id);
    const v6 = await createTargetGroup(gw, 'v6', { TargetType: 'ip', IpAddressType: 'ipv6' });
    await register(v6, [{ Id: 'fd00::1' }, { Id: '2001:db8::1', AvailabilityZone: 'all' }]);
    const fn = await createTargetGroup(gw, 'fn', { TargetType: 'lambda', Protocol: undefined, Port: undefined, VpcId: undefined });
    await assert.rejects(register(fn, [{ Id: 'not-an-arn' }]), { name: 'InvalidTargetException' });
    await register(fn, [{ Id: LAMBDA_ARN }]);
    await assert.rejects(register(fn, [{ Id: `${LAMBDA_ARN}2` }]), { name: 'TooManyTargetsException' });
    const [lambdaHealth] = await health(fn);
    assert.deepEqual([lambdaHealth.Target, lambdaHealth.HealthCheckPort], [{ Id: LAMBDA_ARN }, undefined]);
    await assert.rejects(register(instances.replace(/[0-9a-f]{16}$/, '0123456789abcdef'), [{ Id: 'i-01234567' }]), { name: 'TargetGroupNotFoundException' });
  });

  it('takes IP targets outside the VPC only with an Availability Zone, as AWS does', async () => {
    const ips = await createTargetGroup(gw, 'ips', { TargetType: 'ip' });
    // Loopback, RFC 1918 and RFC 6598 addresses count as the emulated VPC: no zone needed.
    await register(ips, [{ Id: '127.0.0.2' }, { Id: '10.1.2.3' }, { Id: '172.16.0.1' }, { Id: '192.168.1.1' }, { Id: '100.64.0.1' }]);
    for (const Id of ['8.8.8.8', '169.254.169.254']) {
      await assert.rejects(register(ips, [{ Id: '10.0.0.1' }, { Id }]), {
        name: 'ValidationError',
        message: `You must specify a valid Availability Zone or select 'all' for all enabled Availability zones, since the IP address '${Id}' is outside the VPC`,
      });
    }
    // With a zone the API takes it; whether traffic may go there is KECS_TARGET_ADDRESSES's call.
    await register(ips, [{ Id: '169.254.169.254', AvailabilityZone: 'all' }]);
    assert.equal((await health(ips)).length, 6);
  });

  it('accepts an existing ALB as the target of an alb-type group', async () => {
    const { loadBalancerArn } = await attachToLoadBalancer(gw, await createTargetGroup(gw, 'behind'));
    const tg = await createTargetGroup(gw, 'to-alb', { TargetType: 'alb', Protocol: 'TCP' });
    await register(tg, [{ Id: loadBalancerArn }]);
    const ghost = loadBalancerArn.replace(/[0-9a-f]{16}$/, '0123456789abcdef');
    await assert.rejects(register(tg, [{ Id: ghost }]), { name: 'InvalidTargetException' });
  });

  it('enforces 1000 targets per target group', async () => {
    const tg = await createTargetGroup(gw, 'big', { TargetType: 'ip' });
    const targets = Array.from({ length: 1000 }, (_, n) => ({ Id: `10.0.${Math.floor(n / 250)}.${(n % 250) + 1}` }));
    await register(tg, targets);
    await assert.rejects(register(tg, [{ Id: '10.1.0.1' }]), { name: 'TooManyTargetsException' });
    assert.equal((await health(tg)).length, 1000);
  });

  it('removes targets of an unused group at once and ignores unknown ones', async () => {
    const tg = await createTargetGroup(gw, 'web');
    await register(tg, [{ Id: 'i-01234567' }]);
    const before = await routingVersion(gw);
    await deregister(tg, [{ Id: 'i-01234567' }, { Id: 'i-89abcdef' }]);
    assert.equal(await routingVersion(gw), before + 1);
    assert.deepEqual(await health(tg), []);
    await deregister(tg, [{ Id: 'i-01234567' }]);
    assert.equal(await routingVersion(gw), before + 1);
  });

  it('drains targets of a group in use for the deregistration delay, then the waiter finishes', async () => {
    const tg = await createTargetGroup(gw, 'web');
    await attachToLoadBalancer(gw, tg);
    await register(tg, [{ Id: 'i-01234567' }, { Id: 'i-89abcdef' }]);
    await deregister(tg, [{ Id: 'i-01234567' }]);
    const [draining] = await health(tg, [{ Id: 'i-01234567' }]);
    assert.deepEqual(draining.TargetHealth, { State: 'draining', Reason: 'Target.DeregistrationInProgress', Description: 'Target deregistration is in progress' });
    gw.clock.advance(299_000);
    assert.deepEqual(await sweep(), { removed: 0 });
    gw.clock.advance(1_000);
    const waiting = waitUntilTargetDeregistered({ client: elb, maxWaitTime: 10, minDelay: 1, maxDelay: 1 }, { TargetGroupArn: tg, Targets: [{ Id: 'i-01234567' }] });
    setTimeout(() => void sweep(), 200);
    assert.equal((await waiting).state, 'SUCCESS');
    assert.deepEqual((await health(tg)).map((a) => a.Target?.Id), ['i-89abcdef']);
  });

  it('registers a draining target afresh, and skips draining with a zero delay', async () => {
    const tg = await createTargetGroup(gw, 'web');
    await attachToLoadBalancer(gw, tg);
    await register(tg, [{ Id: 'i-01234567' }]);
    await deregister(tg, [{ Id: 'i-01234567' }]);
    await register(tg, [{ Id: 'i-01234567' }]);
    assert.equal((await health(tg))[0].TargetHealth?.State, 'initial');
    await elb.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: tg, Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '0' }] }));
    await deregister(tg, [{ Id: 'i-01234567' }]);
    assert.deepEqual(await health(tg), []);
  });

  it('turns Lambda targets unavailable and back when checks are switched', async () => {
    const fn = await createTargetGroup(gw, 'fn', { TargetType: 'lambda', Protocol: undefined, Port: undefined, VpcId: undefined });
    await attachToLoadBalancer(gw, fn);
    await register(fn, [{ Id: LAMBDA_ARN }]);
    assert.deepEqual((await health(fn))[0].TargetHealth, { State: 'unavailable', Reason: 'Target.HealthCheckDisabled', Description: 'Health checks are disabled' });
    await elb.send(new ModifyTargetGroupCommand({ TargetGroupArn: fn, HealthCheckEnabled: true }));
    assert.equal((await health(fn))[0].TargetHealth?.State, 'initial');
  });
});
