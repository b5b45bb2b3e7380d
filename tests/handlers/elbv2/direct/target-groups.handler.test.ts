import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { handler as addTags } from '../../../../handlers/elbv2/AddTags.js';
import { handler as createTargetGroup } from '../../../../handlers/elbv2/CreateTargetGroup.js';
import { handler as deleteListener } from '../../../../handlers/elbv2/DeleteListener.js';
import { handler as deleteTargetGroup } from '../../../../handlers/elbv2/DeleteTargetGroup.js';
import { handler as describeTargetGroupAttributes } from '../../../../handlers/elbv2/DescribeTargetGroupAttributes.js';
import { handler as describeTargetGroups } from '../../../../handlers/elbv2/DescribeTargetGroups.js';
import { handler as describeTargetHealth } from '../../../../handlers/elbv2/DescribeTargetHealth.js';
import { handler as modifyTargetGroup } from '../../../../handlers/elbv2/ModifyTargetGroup.js';
import { handler as modifyTargetGroupAttributes } from '../../../../handlers/elbv2/ModifyTargetGroupAttributes.js';
import { handler as registerTargets } from '../../../../handlers/elbv2/RegisterTargets.js';
import { testContext } from '../../../support/context.js';
import { albWithListener, makeTargetGroup, MISSING } from './fixtures.js';

const FUNCTION = 'arn:aws:lambda:us-east-1:000000000000:function:handler';

describe('target group handlers, called directly', () => {
  const kit = testContext();

  describe('CreateTargetGroup', () => {
    it('answers a repeated create with the same settings with the existing group, without LoadBalancerArns as AWS', async () => {
      const { lbArn, tgArn } = await albWithListener(kit.ctx(), 'web');
      const again = await createTargetGroup({ Name: 'web-tg', Protocol: 'HTTP', Port: 80, VpcId: 'vpc-1' }, kit.ctx());
      assert.equal(again.TargetGroups![0].TargetGroupArn, tgArn);
      assert.equal('LoadBalancerArns' in again.TargetGroups![0], false);
      const described = await describeTargetGroups({ TargetGroupArns: [tgArn] }, kit.ctx());
      assert.deepEqual(described.TargetGroups![0].LoadBalancerArns, [lbArn]);
    });

    it('refuses the same name with other settings', async () => {
      await makeTargetGroup(kit.ctx(), 'web');
      await assert.rejects(makeTargetGroup(kit.ctx(), 'web', { Port: 8080 }), {
        code: 'DuplicateTargetGroupName', message: "A target group with the same name 'web' exists, but with different settings",
      });
    });

    it("refuses members that do not fit the target type, and fills AWS's defaults", async () => {
      await assert.rejects(createTargetGroup({ Name: 'fn', TargetType: 'lambda', Port: 80 }, kit.ctx()), {
        code: 'ValidationError', message: "Protocol, port, protocol version and VPC ID cannot be specified for target groups with target type 'lambda'",
      });
      await assert.rejects(createTargetGroup({ Name: 'novpc', Protocol: 'HTTP', Port: 80 }, kit.ctx()), {
        code: 'ValidationError', message: "A VPC ID must be specified for target groups with target type 'instance'",
      });
      await assert.rejects(makeTargetGroup(kit.ctx(), 'slow', { HealthCheckIntervalSeconds: 5, HealthCheckTimeoutSeconds: 5 }), {
        code: 'ValidationError', message: 'Health check interval must be greater than the timeout.',
      });
      const { TargetGroups = [] } = await createTargetGroup({ Name: 'web', Protocol: 'HTTP', Port: 80, VpcId: 'vpc-1' }, kit.ctx());
      assert.deepEqual([TargetGroups[0].ProtocolVersion, TargetGroups[0].HealthCheckPath, 'LoadBalancerArns' in TargetGroups[0]], ['HTTP1', '/', false]);
    });
  });

  describe('DeleteTargetGroup', () => {
    it('refuses a group a listener forwards to, until the listener is gone', async () => {
      const { tgArn, listenerArn } = await albWithListener(kit.ctx(), 'web');
      await assert.rejects(deleteTargetGroup({ TargetGroupArn: tgArn }, kit.ctx()), {
        code: 'ResourceInUse', message: `Target group '${tgArn}' is currently in use by a listener or a rule`,
      });
      await deleteListener({ ListenerArn: listenerArn }, kit.ctx());
      await deleteTargetGroup({ TargetGroupArn: tgArn }, kit.ctx());
      await assert.rejects(describeTargetGroups({ TargetGroupArns: [tgArn] }, kit.ctx()), { code: 'TargetGroupNotFound' });
    });

    it('takes targets and tags with it, and succeeds when the group is already gone', async () => {
      const tgArn = await makeTargetGroup(kit.ctx(), 'web');
      await registerTargets({ TargetGroupArn: tgArn, Targets: [{ Id: 'i-0123456789abcdef0' }] }, kit.ctx());
      await addTags({ ResourceArns: [tgArn], Tags: [{ Key: 'k', Value: 'v' }] }, kit.ctx());
      await deleteTargetGroup({ TargetGroupArn: tgArn }, kit.ctx());
      assert.deepEqual(await kit.database.db.selectFrom('targets').select('id').execute(), []);
      assert.deepEqual(await kit.database.db.selectFrom('tags').select('key').execute(), []);
      assert.deepEqual(await deleteTargetGroup({ TargetGroupArn: tgArn }, kit.ctx()), {});
      await assert.rejects(deleteTargetGroup({ TargetGroupArn: 'not-an-arn' }, kit.ctx()), { code: 'ValidationError' });
    });
  });

  describe('DescribeTargetGroups', () => {
    it('finds by load balancer, ARN or name, one filter at a time', async () => {
      const { lbArn, tgArn } = await albWithListener(kit.ctx(), 'web');
      await makeTargetGroup(kit.ctx(), 'unused');
      assert.deepEqual((await describeTargetGroups({ LoadBalancerArn: lbArn }, kit.ctx())).TargetGroups!.map((tg) => tg.TargetGroupArn), [tgArn]);
      assert.deepEqual((await describeTargetGroups({ Names: ['unused', 'web-tg'] }, kit.ctx())).TargetGroups!.map((tg) => tg.TargetGroupName), ['unused', 'web-tg']);
      assert.equal((await describeTargetGroups({}, kit.ctx())).TargetGroups!.length, 2);
      await assert.rejects(describeTargetGroups({ LoadBalancerArn: lbArn, Names: ['web-tg'] }, kit.ctx()), {
        code: 'ValidationError', message: 'A load balancer ARN, target group ARNs and target group names cannot be specified at the same time',
      });
      await assert.rejects(describeTargetGroups({ Names: ['nope'] }, kit.ctx()), { code: 'TargetGroupNotFound', message: 'One or more target groups not found' });
      await assert.rejects(describeTargetGroups({ LoadBalancerArn: MISSING.loadBalancer }, kit.ctx()), { code: 'LoadBalancerNotFound' });
    });
  });

  describe('ModifyTargetGroup', () => {
    it('changes the health check over the current one, checked as on create', async () => {
      const tgArn = await makeTargetGroup(kit.ctx(), 'web', { HealthCheckPath: '/health' });
      const { TargetGroups = [] } = await modifyTargetGroup({ TargetGroupArn: tgArn, HealthCheckIntervalSeconds: 10 }, kit.ctx());
      // Members not given keep their current values, not the defaults.
      assert.deepEqual([TargetGroups[0].HealthCheckIntervalSeconds, TargetGroups[0].HealthCheckPath], [10, '/health']);
      await assert.rejects(modifyTargetGroup({ TargetGroupArn: tgArn, HealthCheckTimeoutSeconds: 10 }, kit.ctx()), {
        code: 'ValidationError', message: 'Health check interval must be greater than the timeout.',
      });
      await assert.rejects(modifyTargetGroup({ TargetGroupArn: tgArn, HealthCheckEnabled: false }, kit.ctx()), {
        code: 'ValidationError', message: "Health checks cannot be disabled for target groups with target type 'instance'",
      });
      await assert.rejects(modifyTargetGroup({ TargetGroupArn: MISSING.targetGroup, HealthCheckIntervalSeconds: 10 }, kit.ctx()), { code: 'TargetGroupNotFound' });
    });

    it('starts Lambda targets over when checks are turned off or on', async () => {
      const { TargetGroups = [] } = await createTargetGroup({ Name: 'fn', TargetType: 'lambda', HealthCheckEnabled: true }, kit.ctx());
      const tgArn = TargetGroups[0].TargetGroupArn!;
      await registerTargets({ TargetGroupArn: tgArn, Targets: [{ Id: FUNCTION }] }, kit.ctx());
      await modifyTargetGroup({ TargetGroupArn: tgArn, HealthCheckEnabled: false }, kit.ctx());
      const [row] = await kit.database.db.selectFrom('targets').selectAll().execute();
      assert.deepEqual([row.state, row.reason], ['unavailable', 'Target.HealthCheckDisabled']);
      await modifyTargetGroup({ TargetGroupArn: tgArn, HealthCheckEnabled: true }, kit.ctx());
      const [again] = await kit.database.db.selectFrom('targets').selectAll().execute();
      assert.deepEqual([again.state, again.next_check_at?.getTime()], ['initial', kit.clock.now().getTime()]);
      // DescribeTargetHealth reads the same rows: unused, since no listener forwards to the group.
      const health = await describeTargetHealth({ TargetGroupArn: tgArn }, kit.ctx());
      assert.equal(health.TargetHealthDescriptions![0].TargetHealth!.Reason, 'Target.NotInUse');
    });
  });

  describe('DescribeTargetGroupAttributes', () => {
    it("answers every key of the group's kind at its default", async () => {
      const tgArn = await makeTargetGroup(kit.ctx(), 'web');
      const { Attributes = [] } = await describeTargetGroupAttributes({ TargetGroupArn: tgArn }, kit.ctx());
      const byKey = Object.fromEntries(Attributes.map((a) => [a.Key, a.Value]));
      assert.deepEqual([byKey['deregistration_delay.timeout_seconds'], byKey['stickiness.enabled']], ['300', 'false']);
      assert.deepEqual(Attributes.map((a) => a.Key), Attributes.map((a) => a.Key).sort());
      await assert.rejects(describeTargetGroupAttributes({ TargetGroupArn: MISSING.targetGroup }, kit.ctx()), { code: 'TargetGroupNotFound' });
    });
  });

  describe('ModifyTargetGroupAttributes', () => {
    it('changes known keys and refuses the rest', async () => {
      const tgArn = await makeTargetGroup(kit.ctx(), 'web');
      const { Attributes = [] } = await modifyTargetGroupAttributes({ TargetGroupArn: tgArn, Attributes: [{ Key: 'stickiness.enabled', Value: 'true' }] }, kit.ctx());
      assert.equal(Attributes.find((a) => a.Key === 'stickiness.enabled')?.Value, 'true');
      // A Lambda-only key on an instance group: the wording Terraform drops keys on.
      await assert.rejects(modifyTargetGroupAttributes({ TargetGroupArn: tgArn, Attributes: [{ Key: 'lambda.multi_value_headers.enabled', Value: 'true' }] }, kit.ctx()), {
        code: 'ValidationError', message: "Target group attribute key 'lambda.multi_value_headers.enabled' is not recognized",
      });
      await assert.rejects(modifyTargetGroupAttributes({ TargetGroupArn: tgArn, Attributes: [{ Key: 'slow_start.duration_seconds', Value: '10' }] }, kit.ctx()), {
        code: 'ValidationError', message: "The value of attribute 'slow_start.duration_seconds' must be 0 or an integer between 30 and 900, got '10'",
      });
    });

    it('keeps the two GENEVE failover settings alike', async () => {
      const tgArn = await makeTargetGroup(kit.ctx(), 'gwlb-tg', { Protocol: 'GENEVE', Port: 6081, HealthCheckProtocol: 'TCP' });
      await assert.rejects(modifyTargetGroupAttributes({ TargetGroupArn: tgArn, Attributes: [{ Key: 'target_failover.on_deregistration', Value: 'rebalance' }] }, kit.ctx()), {
        code: 'ValidationError', message: "The attributes 'target_failover.on_deregistration' and 'target_failover.on_unhealthy' must have the same value",
      });
      await modifyTargetGroupAttributes({ TargetGroupArn: tgArn, Attributes: [
        { Key: 'target_failover.on_deregistration', Value: 'rebalance' },
        { Key: 'target_failover.on_unhealthy', Value: 'rebalance' },
      ] }, kit.ctx());
    });
  });
});
