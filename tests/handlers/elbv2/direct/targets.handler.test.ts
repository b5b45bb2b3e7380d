import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { handler as createTargetGroup } from '../../../../handlers/elbv2/CreateTargetGroup.js';
import { handler as deregisterTargets } from '../../../../handlers/elbv2/DeregisterTargets.js';
import { handler as describeTargetHealth } from '../../../../handlers/elbv2/DescribeTargetHealth.js';
import { handler as registerTargets } from '../../../../handlers/elbv2/RegisterTargets.js';
import { testContext } from '../../../support/context.js';
import { albWithListener, makeLoadBalancer, makeTargetGroup, MISSING, routingVersion } from './fixtures.js';

const I1 = 'i-0123456789abcdef0';
const I2 = 'i-0123456789abcdef1';

describe('target handlers, called directly', () => {
  const kit = testContext();
  const health = async (tgArn: string, targets?: Array<{ Id: string; Port?: number }>) =>
    (await describeTargetHealth({ TargetGroupArn: tgArn, Targets: targets }, kit.ctx())).TargetHealthDescriptions!
      .map((d) => [d.Target!.Id, d.Target!.Port, d.TargetHealth!.State, d.TargetHealth!.Reason]);

  describe('RegisterTargets', () => {
    it('registers targets as initial, and a repeat changes nothing (no routing bump)', async () => {
      const { tgArn } = await albWithListener(kit.ctx(), 'web');
      const v0 = await routingVersion(kit.database);
      await registerTargets({ TargetGroupArn: tgArn, Targets: [{ Id: I1 }, { Id: I1, Port: 8080 }] }, kit.ctx());
      const v1 = await routingVersion(kit.database);
      assert.ok(v1 > v0);
      // A missing port is the group's port: I1:80 and I1:8080 are two targets.
      assert.deepEqual(await health(tgArn), [
        [I1, 80, 'initial', 'Elb.RegistrationInProgress'],
        [I1, 8080, 'initial', 'Elb.RegistrationInProgress'],
      ]);
      await registerTargets({ TargetGroupArn: tgArn, Targets: [{ Id: I1, Port: 80 }] }, kit.ctx());
      assert.equal(await routingVersion(kit.database), v1);
    });

    it('answers a repeat from a snapshot, without waiting for the group\'s row lock', async () => {
      const tgArn = await makeTargetGroup(kit.ctx(), 'locked');
      await registerTargets({ TargetGroupArn: tgArn, Targets: [{ Id: I1 }] }, kit.ctx());
      const { db } = kit.database;
      let release!: () => void;
      const held = new Promise<void>((resolve) => { release = resolve; });
      let locked!: () => void;
      const lockTaken = new Promise<void>((resolve) => { locked = resolve; });
      const holder = db.transaction().execute(async (trx) => {
        await trx.selectFrom('target_groups').select('arn').where('arn', '=', tgArn).forUpdate().execute();
        locked();
        await held;
      });
      try {
        await lockTaken;
        const repeat = registerTargets({ TargetGroupArn: tgArn, Targets: [{ Id: I1, Port: 80 }] }, kit.ctx()).then(() => 'answered');
        const waited = new Promise((resolve) => setTimeout(resolve, 2_000, 'blocked'));
        assert.equal(await Promise.race([repeat, waited]), 'answered');
      } finally {
        release();
        await holder;
      }
    });

    it('still writes when a repeat adds a target or takes over a controller\'s target', async () => {
      const tgArn = await makeTargetGroup(kit.ctx(), 'mixed');
      await registerTargets({ TargetGroupArn: tgArn, Targets: [{ Id: I1 }] }, kit.ctx());
      await registerTargets({ TargetGroupArn: tgArn, Targets: [{ Id: I1 }, { Id: I2 }] }, kit.ctx());
      assert.deepEqual((await health(tgArn)).map(([id]) => id).sort(), [I1, I2]);
      const { db } = kit.database;
      await db.updateTable('targets').set({ managed_by: 'kubernetes' }).where('target_group_arn', '=', tgArn).where('id', '=', I2).execute();
      await registerTargets({ TargetGroupArn: tgArn, Targets: [{ Id: I2 }] }, kit.ctx());
      const owners = await db.selectFrom('targets').select(['id', 'managed_by']).where('target_group_arn', '=', tgArn).execute();
      assert.deepEqual(owners.filter((row) => row.managed_by !== null), []);
    });

    it('refuses ids of the wrong kind, and IP addresses outside the VPC without a zone', async () => {
      const instances = await makeTargetGroup(kit.ctx(), 'instances');
      await assert.rejects(registerTargets({ TargetGroupArn: instances, Targets: [{ Id: '10.0.0.1' }] }, kit.ctx()), {
        code: 'InvalidTarget', message: "The following targets are not valid instances: '10.0.0.1'",
      });
      const ips = await makeTargetGroup(kit.ctx(), 'ips', { TargetType: 'ip' });
      await assert.rejects(registerTargets({ TargetGroupArn: ips, Targets: [{ Id: '8.8.8.8' }] }, kit.ctx()), {
        code: 'ValidationError',
        message: "You must specify a valid Availability Zone or select 'all' for all enabled Availability zones, since the IP address '8.8.8.8' is outside the VPC",
      });
      // Private addresses are the emulated VPC's; a public one with a zone is accepted.
      await registerTargets({ TargetGroupArn: ips, Targets: [{ Id: '10.0.0.1' }, { Id: '8.8.8.8', AvailabilityZone: 'all' }] }, kit.ctx());
      await assert.rejects(registerTargets({ TargetGroupArn: MISSING.targetGroup, Targets: [{ Id: I1 }] }, kit.ctx()), { code: 'TargetGroupNotFound' });
    });

    it('takes one function per Lambda group, and only existing ALBs in an alb group', async () => {
      const { TargetGroups: [fn] = [] } = await createTargetGroup({ Name: 'fn', TargetType: 'lambda' }, kit.ctx());
      const functionArn = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;
      await registerTargets({ TargetGroupArn: fn.TargetGroupArn!, Targets: [{ Id: functionArn('one') }] }, kit.ctx());
      await assert.rejects(registerTargets({ TargetGroupArn: fn.TargetGroupArn!, Targets: [{ Id: functionArn('two') }] }, kit.ctx()), {
        code: 'TooManyTargets', message: "You've reached the limit on the number of targets per target group (1)",
      });
      const albGroup = await makeTargetGroup(kit.ctx(), 'albs', { TargetType: 'alb', Protocol: 'TCP' });
      await assert.rejects(registerTargets({ TargetGroupArn: albGroup, Targets: [{ Id: MISSING.loadBalancer }] }, kit.ctx()), {
        code: 'InvalidTarget', message: `The following targets are not valid Application Load Balancers: '${MISSING.loadBalancer}'`,
      });
      const alb = await makeLoadBalancer(kit.ctx(), 'inner');
      await registerTargets({ TargetGroupArn: albGroup, Targets: [{ Id: alb }] }, kit.ctx());
    });
  });

  describe('DeregisterTargets', () => {
    it('removes targets of an unused group at once, and ignores ones not registered', async () => {
      const tgArn = await makeTargetGroup(kit.ctx(), 'unused');
      await registerTargets({ TargetGroupArn: tgArn, Targets: [{ Id: I1 }] }, kit.ctx());
      const before = await routingVersion(kit.database);
      await deregisterTargets({ TargetGroupArn: tgArn, Targets: [{ Id: I2 }] }, kit.ctx());
      assert.equal(await routingVersion(kit.database), before);
      await deregisterTargets({ TargetGroupArn: tgArn, Targets: [{ Id: I1 }] }, kit.ctx());
      assert.deepEqual(await health(tgArn), []);
    });

    it('drains targets of a group in use for deregistration_delay, keeping the first deadline', async () => {
      const { tgArn } = await albWithListener(kit.ctx(), 'web');
      await registerTargets({ TargetGroupArn: tgArn, Targets: [{ Id: I1 }] }, kit.ctx());
      const start = kit.clock.now().getTime();
      await deregisterTargets({ TargetGroupArn: tgArn, Targets: [{ Id: I1 }] }, kit.ctx());
      assert.deepEqual(await health(tgArn), [[I1, 80, 'draining', 'Target.DeregistrationInProgress']]);
      kit.clock.advance(60_000);
      await deregisterTargets({ TargetGroupArn: tgArn, Targets: [{ Id: I1 }] }, kit.ctx());
      const [row] = await kit.database.db.selectFrom('targets').select('drain_until').execute();
      // The default delay is 300 s, counted from the first deregistration.
      assert.equal(row.drain_until?.getTime(), start + 300_000);
      // Registering again cancels the drain.
      await registerTargets({ TargetGroupArn: tgArn, Targets: [{ Id: I1 }] }, kit.ctx());
      assert.deepEqual(await health(tgArn), [[I1, 80, 'initial', 'Elb.RegistrationInProgress']]);
    });
  });

  describe('DescribeTargetHealth', () => {
    it('answers every target asked for: registered, unregistered, or every port of an id', async () => {
      const { tgArn } = await albWithListener(kit.ctx(), 'web');
      await registerTargets({ TargetGroupArn: tgArn, Targets: [{ Id: I1, Port: 80 }, { Id: I1, Port: 81 }] }, kit.ctx());
      assert.deepEqual(await health(tgArn, [{ Id: I1 }, { Id: I2 }]), [
        [I1, 80, 'initial', 'Elb.RegistrationInProgress'],
        [I1, 81, 'initial', 'Elb.RegistrationInProgress'],
        [I2, 80, 'unused', 'Target.NotRegistered'],
      ]);
      const [described] = (await describeTargetHealth({ TargetGroupArn: tgArn, Targets: [{ Id: I1, Port: 81 }] }, kit.ctx())).TargetHealthDescriptions!;
      // The group checks the traffic port, so the check goes to the target's own port.
      assert.equal(described.HealthCheckPort, '81');
      await assert.rejects(describeTargetHealth({ TargetGroupArn: tgArn, Targets: [{ Id: 'bogus' }] }, kit.ctx()), { code: 'InvalidTarget' });
      await assert.rejects(describeTargetHealth({ TargetGroupArn: MISSING.targetGroup }, kit.ctx()), { code: 'TargetGroupNotFound' });
    });

    it('answers targets of a group no listener forwards to as unused', async () => {
      const tgArn = await makeTargetGroup(kit.ctx(), 'unused');
      await registerTargets({ TargetGroupArn: tgArn, Targets: [{ Id: I1 }] }, kit.ctx());
      assert.deepEqual(await health(tgArn), [[I1, 80, 'unused', 'Target.NotInUse']]);
    });
  });
});
