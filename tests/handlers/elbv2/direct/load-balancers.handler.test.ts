import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { handler as createListener } from '../../../../handlers/elbv2/CreateListener.js';
import { handler as createLoadBalancer } from '../../../../handlers/elbv2/CreateLoadBalancer.js';
import { handler as deleteLoadBalancer } from '../../../../handlers/elbv2/DeleteLoadBalancer.js';
import { handler as describeAccountLimits } from '../../../../handlers/elbv2/DescribeAccountLimits.js';
import { handler as describeLoadBalancerAttributes } from '../../../../handlers/elbv2/DescribeLoadBalancerAttributes.js';
import { handler as describeLoadBalancers } from '../../../../handlers/elbv2/DescribeLoadBalancers.js';
import { handler as describeTargetGroups } from '../../../../handlers/elbv2/DescribeTargetGroups.js';
import { handler as modifyLoadBalancerAttributes } from '../../../../handlers/elbv2/ModifyLoadBalancerAttributes.js';
import { handler as setIpAddressType } from '../../../../handlers/elbv2/SetIpAddressType.js';
import { handler as setSecurityGroups } from '../../../../handlers/elbv2/SetSecurityGroups.js';
import { handler as setSubnets } from '../../../../handlers/elbv2/SetSubnets.js';
import { MAX_LOAD_BALANCERS } from '../../../../handlers/elbv2/lib/load-balancers.js';
import { testContext } from '../../../support/context.js';
import { fixedResponse, makeLoadBalancer, makeTargetGroup, MISSING, routingVersion } from './fixtures.js';

describe('load balancer handlers, called directly', () => {
  const kit = testContext();

  describe('CreateLoadBalancer', () => {
    it('answers a repeated create with the same settings with the same load balancer', async () => {
      const input = { Name: 'web', Subnets: ['subnet-1', 'subnet-2'], SecurityGroups: ['sg-1'] };
      const first = await createLoadBalancer(input, kit.ctx());
      // Subnets in another order are the same set: still the same load balancer.
      const again = await createLoadBalancer({ ...input, Subnets: ['subnet-2', 'subnet-1'] }, kit.ctx());
      assert.equal(again.LoadBalancers![0].LoadBalancerArn, first.LoadBalancers![0].LoadBalancerArn);
      assert.equal((await describeLoadBalancers({}, kit.ctx())).LoadBalancers!.length, 1);
    });

    it('refuses the same name with other settings', async () => {
      await makeLoadBalancer(kit.ctx(), 'web');
      await assert.rejects(createLoadBalancer({ Name: 'web', Scheme: 'internal', Subnets: ['subnet-1', 'subnet-2'] }, kit.ctx()), {
        code: 'DuplicateLoadBalancerName',
        message: "A load balancer with the same name 'web' exists, but with different settings",
      });
    });

    it('keeps names per account and region', async () => {
      const here = await makeLoadBalancer(kit.ctx(), 'web');
      const there = await makeLoadBalancer(kit.ctx({ region: 'eu-west-1' }), 'web');
      assert.notEqual(here, there);
      assert.match(there, /^arn:aws:elasticloadbalancing:eu-west-1:/);
    });

    it('refuses what AWS refuses before touching the database', async () => {
      await assert.rejects(createLoadBalancer({ Name: 'internal-x', Subnets: ['subnet-1', 'subnet-2'] }, kit.ctx()), {
        code: 'ValidationError', message: "Load balancer name 'internal-x' cannot begin with 'internal-'",
      });
      await assert.rejects(createLoadBalancer({ Name: 'one-zone', Subnets: ['subnet-1'] }, kit.ctx()), {
        code: 'ValidationError', message: 'At least two subnets in two different Availability Zones must be specified',
      });
      await assert.rejects(createLoadBalancer({ Name: 'gw', Type: 'gateway', Scheme: 'internal' }, kit.ctx()), {
        code: 'ValidationError', message: 'Gateway Load Balancers do not support the Scheme parameter',
      });
      await assert.rejects(createLoadBalancer({ Name: 'nlb', Type: 'network', IpAddressType: 'dualstack-without-public-ipv4' }, kit.ctx()), {
        code: 'ValidationError', message: "IP address type 'dualstack-without-public-ipv4' is not supported by load balancers of type 'network'",
      });
      await assert.rejects(createLoadBalancer({ Name: 'both', Subnets: ['subnet-1'], SubnetMappings: [{ SubnetId: 'subnet-2' }] }, kit.ctx()), {
        code: 'ValidationError', message: 'You can specify subnets or subnet mappings, not both',
      });
      assert.deepEqual((await describeLoadBalancers({}, kit.ctx())).LoadBalancers, []);
    });

    it(`stops at ${MAX_LOAD_BALANCERS} load balancers per region`, async () => {
      const ctx = kit.ctx();
      // Rows written straight in: 50 handler calls would cost seconds and prove nothing more.
      await kit.database.db.insertInto('load_balancers').values(Array.from({ length: MAX_LOAD_BALANCERS }, (_, i) => ({
        arn: `arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/net/lb${i}/${String(i).padStart(16, '0')}`,
        account_id: ctx.accountId, region: ctx.region, name: `lb${i}`, type: 'network', scheme: 'internet-facing',
        ip_address_type: 'ipv4', subnets: [], security_groups: [], dns_name: `lb${i}.example`, vpc_id: 'vpc-1',
        state: 'active', attributes: '{}', created_at: ctx.now(),
      }))).execute();
      await assert.rejects(makeLoadBalancer(ctx, 'one-more', 'network'), {
        code: 'TooManyLoadBalancers', message: `The quota of ${MAX_LOAD_BALANCERS} load balancers per Region has been reached`,
      });
      // Another region has its own quota.
      await makeLoadBalancer(kit.ctx({ region: 'eu-west-1' }), 'one-more', 'network');
    });
  });

  describe('DeleteLoadBalancer', () => {
    it('succeeds for a load balancer that is not there, but not for a malformed ARN', async () => {
      assert.deepEqual(await deleteLoadBalancer({ LoadBalancerArn: MISSING.loadBalancer }, kit.ctx()), {});
      await assert.rejects(deleteLoadBalancer({ LoadBalancerArn: 'arn:nope' }, kit.ctx()), {
        code: 'ValidationError', message: "'arn:nope' is not a valid load balancer ARN",
      });
    });

    it('takes listeners with it, leaves target groups, and bumps the routing version', async () => {
      const lbArn = await makeLoadBalancer(kit.ctx(), 'web');
      const tgArn = await makeTargetGroup(kit.ctx(), 'web-tg');
      await createListener({ LoadBalancerArn: lbArn, Protocol: 'HTTP', Port: 80, DefaultActions: [fixedResponse()] }, kit.ctx());
      const before = await routingVersion(kit.database);
      await deleteLoadBalancer({ LoadBalancerArn: lbArn }, kit.ctx());
      assert.ok(await routingVersion(kit.database) > before);
      assert.deepEqual(await kit.database.db.selectFrom('listeners').select('arn').execute(), []);
      assert.equal((await describeTargetGroups({ TargetGroupArns: [tgArn] }, kit.ctx())).TargetGroups!.length, 1);
    });

    it('refuses while deletion protection is on', async () => {
      const lbArn = await makeLoadBalancer(kit.ctx(), 'kept');
      await modifyLoadBalancerAttributes({ LoadBalancerArn: lbArn, Attributes: [{ Key: 'deletion_protection.enabled', Value: 'true' }] }, kit.ctx());
      await assert.rejects(deleteLoadBalancer({ LoadBalancerArn: lbArn }, kit.ctx()), {
        code: 'OperationNotPermitted', message: `Load balancer '${lbArn}' cannot be deleted because deletion protection is enabled`,
      });
    });
  });

  describe('DescribeLoadBalancers', () => {
    it('finds by name or ARN, not both, and pages in creation order', async () => {
      const a = await makeLoadBalancer(kit.ctx(), 'a');
      kit.clock.advance(1000);
      const b = await makeLoadBalancer(kit.ctx(), 'b');
      assert.deepEqual((await describeLoadBalancers({ Names: ['b', 'a'] }, kit.ctx())).LoadBalancers!.map((lb) => lb.LoadBalancerArn), [b, a]);
      const first = await describeLoadBalancers({ PageSize: 1 }, kit.ctx());
      assert.deepEqual(first.LoadBalancers!.map((lb) => lb.LoadBalancerName), ['a']);
      const second = await describeLoadBalancers({ PageSize: 1, Marker: first.NextMarker }, kit.ctx());
      assert.deepEqual(second.LoadBalancers!.map((lb) => lb.LoadBalancerName), ['b']);
      assert.equal(second.NextMarker, undefined);
      await assert.rejects(describeLoadBalancers({ Names: ['a'], LoadBalancerArns: [a] }, kit.ctx()), {
        code: 'ValidationError', message: 'Load balancer names and load balancer ARNs cannot be specified at the same time',
      });
    });

    it('answers LoadBalancerNotFound for an unknown name, or an ARN of another region', async () => {
      const lbArn = await makeLoadBalancer(kit.ctx(), 'web');
      await assert.rejects(describeLoadBalancers({ Names: ['web', 'nope'] }, kit.ctx()), { code: 'LoadBalancerNotFound', message: 'One or more load balancers not found' });
      await assert.rejects(describeLoadBalancers({ LoadBalancerArns: [lbArn] }, kit.ctx({ region: 'eu-west-1' })), { code: 'LoadBalancerNotFound' });
    });
  });

  describe('DescribeLoadBalancerAttributes', () => {
    it("answers every key of the load balancer's type at its default", async () => {
      const nlb = await makeLoadBalancer(kit.ctx(), 'nlb', 'network');
      const { Attributes = [] } = await describeLoadBalancerAttributes({ LoadBalancerArn: nlb }, kit.ctx());
      const byKey = Object.fromEntries(Attributes.map((a) => [a.Key, a.Value]));
      assert.equal(byKey['load_balancing.cross_zone.enabled'], 'false');
      assert.equal(byKey['dns_record.client_routing_policy'], 'any_availability_zone');
      // An ALB-only key is not reported for an NLB.
      assert.equal(byKey['idle_timeout.timeout_seconds'], undefined);
      await assert.rejects(describeLoadBalancerAttributes({ LoadBalancerArn: MISSING.loadBalancer }, kit.ctx()), { code: 'LoadBalancerNotFound' });
    });
  });

  describe('ModifyLoadBalancerAttributes', () => {
    it('writes valid changes, answers the full set, and bumps the version only on a real change', async () => {
      const lbArn = await makeLoadBalancer(kit.ctx(), 'web');
      const v0 = await routingVersion(kit.database);
      const { Attributes = [] } = await modifyLoadBalancerAttributes({ LoadBalancerArn: lbArn, Attributes: [{ Key: 'idle_timeout.timeout_seconds', Value: '120' }] }, kit.ctx());
      assert.equal(Attributes.find((a) => a.Key === 'idle_timeout.timeout_seconds')?.Value, '120');
      assert.ok(Attributes.length > 1);
      const v1 = await routingVersion(kit.database);
      assert.ok(v1 > v0);
      await modifyLoadBalancerAttributes({ LoadBalancerArn: lbArn, Attributes: [{ Key: 'idle_timeout.timeout_seconds', Value: '120' }] }, kit.ctx());
      assert.equal(await routingVersion(kit.database), v1);
    });

    it('refuses unknown keys, keys of another type and a log without a bucket, writing nothing', async () => {
      const nlb = await makeLoadBalancer(kit.ctx(), 'nlb', 'network');
      await assert.rejects(modifyLoadBalancerAttributes({ LoadBalancerArn: nlb, Attributes: [{ Key: 'nope', Value: '1' }] }, kit.ctx()), {
        code: 'ValidationError', message: "Load balancer attribute key 'nope' is not recognized",
      });
      await assert.rejects(modifyLoadBalancerAttributes({ LoadBalancerArn: nlb, Attributes: [{ Key: 'idle_timeout.timeout_seconds', Value: '120' }] }, kit.ctx()), {
        code: 'InvalidConfigurationRequest', message: "Load balancer attribute key 'idle_timeout.timeout_seconds' is not supported on load balancers with type 'network'",
      });
      // All or nothing: the valid first change must not be written when the second fails.
      await assert.rejects(modifyLoadBalancerAttributes({ LoadBalancerArn: nlb, Attributes: [
        { Key: 'deletion_protection.enabled', Value: 'true' },
        { Key: 'access_logs.s3.enabled', Value: 'true' },
      ] }, kit.ctx()), { code: 'ValidationError', message: "The value of 'access_logs.s3.bucket' cannot be empty" });
      const { Attributes = [] } = await describeLoadBalancerAttributes({ LoadBalancerArn: nlb }, kit.ctx());
      assert.equal(Attributes.find((a) => a.Key === 'deletion_protection.enabled')?.Value, 'false');
    });
  });

  describe('SetIpAddressType', () => {
    it("sets a type the load balancer's kind takes and refuses the others", async () => {
      const alb = await makeLoadBalancer(kit.ctx(), 'alb');
      const nlb = await makeLoadBalancer(kit.ctx(), 'nlb', 'network');
      assert.deepEqual(await setIpAddressType({ LoadBalancerArn: alb, IpAddressType: 'dualstack-without-public-ipv4' }, kit.ctx()), { IpAddressType: 'dualstack-without-public-ipv4' });
      assert.equal((await describeLoadBalancers({ LoadBalancerArns: [alb] }, kit.ctx())).LoadBalancers![0].IpAddressType, 'dualstack-without-public-ipv4');
      await assert.rejects(setIpAddressType({ LoadBalancerArn: nlb, IpAddressType: 'dualstack-without-public-ipv4' }, kit.ctx()), {
        code: 'ValidationError', message: "IP address type 'dualstack-without-public-ipv4' is not supported by load balancers of type 'network'",
      });
      await assert.rejects(setIpAddressType({ LoadBalancerArn: MISSING.loadBalancer, IpAddressType: 'ipv4' }, kit.ctx()), { code: 'LoadBalancerNotFound' });
    });
  });

  describe('SetSecurityGroups', () => {
    it('replaces an ALB’s groups', async () => {
      const alb = await makeLoadBalancer(kit.ctx(), 'alb');
      assert.deepEqual(await setSecurityGroups({ LoadBalancerArn: alb, SecurityGroups: ['sg-2', 'sg-3'] }, kit.ctx()), {
        SecurityGroupIds: ['sg-2', 'sg-3'], EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic: undefined,
      });
    });

    it('keeps the NLB rules: none added to an NLB created without, none removed from one created with', async () => {
      const bare = await makeLoadBalancer(kit.ctx(), 'bare', 'network');
      await assert.rejects(setSecurityGroups({ LoadBalancerArn: bare, SecurityGroups: ['sg-1'] }, kit.ctx()), {
        code: 'InvalidConfigurationRequest', message: 'A Network Load Balancer created without security groups cannot have security groups associated',
      });
      const guarded = await makeLoadBalancer(kit.ctx(), 'guarded', 'network', { SecurityGroups: ['sg-1'] });
      await assert.rejects(setSecurityGroups({ LoadBalancerArn: guarded, SecurityGroups: [] }, kit.ctx()), {
        code: 'InvalidConfigurationRequest', message: 'All security groups cannot be removed from a Network Load Balancer',
      });
      // The PrivateLink setting is stored for an NLB, and kept when a later call omits it.
      await setSecurityGroups({ LoadBalancerArn: guarded, SecurityGroups: ['sg-2'], EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic: 'off' }, kit.ctx());
      const out = await setSecurityGroups({ LoadBalancerArn: guarded, SecurityGroups: ['sg-3'] }, kit.ctx());
      assert.equal(out.EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic, 'off');
    });

    it('refuses a Gateway Load Balancer', async () => {
      const gwlb = await makeLoadBalancer(kit.ctx(), 'gwlb', 'gateway');
      await assert.rejects(setSecurityGroups({ LoadBalancerArn: gwlb, SecurityGroups: ['sg-1'] }, kit.ctx()), {
        code: 'InvalidConfigurationRequest', message: "Security groups are not supported for load balancers with type 'gateway'",
      });
    });
  });

  describe('SetSubnets', () => {
    it('replaces the subnets, one zone per subnet', async () => {
      const alb = await makeLoadBalancer(kit.ctx(), 'alb');
      const out = await setSubnets({ LoadBalancerArn: alb, Subnets: ['subnet-a', 'subnet-b', 'subnet-c'] }, kit.ctx());
      assert.deepEqual(out.AvailabilityZones!.map((z) => z.SubnetId), ['subnet-a', 'subnet-b', 'subnet-c']);
      assert.equal(out.IpAddressType, 'ipv4');
    });

    it('refuses no subnets, one subnet for an ALB, and removing a Gateway Load Balancer subnet', async () => {
      const alb = await makeLoadBalancer(kit.ctx(), 'alb');
      await assert.rejects(setSubnets({ LoadBalancerArn: alb }, kit.ctx()), { code: 'ValidationError', message: 'You must specify either subnets or subnet mappings' });
      await assert.rejects(setSubnets({ LoadBalancerArn: alb, SubnetMappings: [{ SubnetId: 'subnet-a' }] }, kit.ctx()), {
        code: 'ValidationError', message: 'At least two subnets in two different Availability Zones must be specified',
      });
      const gwlb = await makeLoadBalancer(kit.ctx(), 'gwlb', 'gateway');
      await assert.rejects(setSubnets({ LoadBalancerArn: gwlb, Subnets: ['subnet-1'] }, kit.ctx()), {
        code: 'InvalidConfigurationRequest', message: 'Subnets cannot be removed from a Gateway Load Balancer',
      });
      // Adding one keeps every old subnet: allowed.
      await setSubnets({ LoadBalancerArn: gwlb, Subnets: ['subnet-1', 'subnet-2', 'subnet-3'] }, kit.ctx());
    });
  });

  describe('DescribeAccountLimits', () => {
    it('reports the quotas the handlers enforce, paged', async () => {
      const all = await describeAccountLimits({});
      assert.equal(all.Limits!.find((l) => l.Name === 'application-load-balancers')?.Max, String(MAX_LOAD_BALANCERS));
      assert.equal(all.NextMarker, undefined);
      const first = await describeAccountLimits({ PageSize: 5 });
      const rest = await describeAccountLimits({ Marker: first.NextMarker });
      assert.deepEqual([...first.Limits!, ...rest.Limits!], all.Limits);
      await assert.rejects(describeAccountLimits({ Marker: 'bogus' }), { code: 'ValidationError', message: "The marker 'bogus' is not valid" });
    });
  });
});
