import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateLoadBalancerCommand,
  DescribeAccountLimitsCommand,
  DescribeLoadBalancersCommand,
  SetIpAddressTypeCommand,
  SetSecurityGroupsCommand,
  SetSubnetsCommand,
  type CreateLoadBalancerInput,
  type Limit,
  type LoadBalancer,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { MAX_LOAD_BALANCERS } from '../../../handlers/elbv2/lib/load-balancers.js';
import { useTestGateway } from '../../support/gateway.js';

const UNKNOWN_LB = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/gone/0123456789abcdef';

describe('load balancer settings and account limits through the SDK', () => {
  const { elb } = useTestGateway();

  async function create(input: CreateLoadBalancerInput): Promise<string> {
    const { LoadBalancers: [lb] = [] } = await elb.send(new CreateLoadBalancerCommand({ Subnets: ['subnet-a', 'subnet-b'], ...input }));
    return lb.LoadBalancerArn!;
  }
  async function describe1(arn: string): Promise<LoadBalancer> {
    const { LoadBalancers: [lb] = [] } = await elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [arn] }));
    return lb;
  }
  const refused = { name: 'InvalidConfigurationRequestException' };

  it('replaces the security groups of an ALB', async () => {
    const arn = await create({ Name: 'web', SecurityGroups: ['sg-1'] });
    const out = await elb.send(new SetSecurityGroupsCommand({ LoadBalancerArn: arn, SecurityGroups: ['sg-2', 'sg-3'] }));
    assert.deepEqual(out.SecurityGroupIds, ['sg-2', 'sg-3']);
    assert.equal(out.EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic, undefined);
    assert.deepEqual((await describe1(arn)).SecurityGroups, ['sg-2', 'sg-3']);
  });

  it('follows the NLB and GWLB security group rules', async () => {
    const bare = await create({ Name: 'bare', Type: 'network' });
    await assert.rejects(elb.send(new SetSecurityGroupsCommand({ LoadBalancerArn: bare, SecurityGroups: ['sg-1'] })), refused);
    const guarded = await create({ Name: 'guarded', Type: 'network', SecurityGroups: ['sg-1'] });
    const out = await elb.send(new SetSecurityGroupsCommand({ LoadBalancerArn: guarded, SecurityGroups: ['sg-9'], EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic: 'off' }));
    assert.deepEqual(out, { $metadata: out.$metadata, SecurityGroupIds: ['sg-9'], EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic: 'off' });
    assert.equal((await describe1(bare)).EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic, undefined);
    await assert.rejects(elb.send(new SetSecurityGroupsCommand({ LoadBalancerArn: guarded, SecurityGroups: [] })), refused);
    const gateway = await create({ Name: 'gwy', Type: 'gateway' });
    await assert.rejects(elb.send(new SetSecurityGroupsCommand({ LoadBalancerArn: gateway, SecurityGroups: ['sg-1'] })), refused);
    await assert.rejects(elb.send(new SetSecurityGroupsCommand({ LoadBalancerArn: UNKNOWN_LB, SecurityGroups: ['sg-1'] })), { name: 'LoadBalancerNotFoundException' });
  });

  it('stores the NLB PrivateLink enforcement setting, on by default, kept when omitted', async () => {
    const arn = await create({ Name: 'private', Type: 'network', SecurityGroups: ['sg-1'] });
    const enforcement = async () => (await describe1(arn)).EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic;
    assert.equal(await enforcement(), 'on');
    await elb.send(new SetSecurityGroupsCommand({ LoadBalancerArn: arn, SecurityGroups: ['sg-2'], EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic: 'off' }));
    assert.equal(await enforcement(), 'off');
    const kept = await elb.send(new SetSecurityGroupsCommand({ LoadBalancerArn: arn, SecurityGroups: ['sg-3'] }));
    assert.equal(kept.EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic, 'off');
    assert.deepEqual([(await describe1(arn)).SecurityGroups, await enforcement()], [['sg-3'], 'off']);
    await elb.send(new SetSecurityGroupsCommand({ LoadBalancerArn: arn, SecurityGroups: ['sg-3'], EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic: 'on' }));
    assert.equal(await enforcement(), 'on');
    const alb = await create({ Name: 'alb', SecurityGroups: ['sg-1'] });
    await elb.send(new SetSecurityGroupsCommand({ LoadBalancerArn: alb, SecurityGroups: ['sg-2'], EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic: 'off' }));
    assert.equal((await describe1(alb)).EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic, undefined, 'an NLB setting only');
  });

  it('sets subnets and answers with zones and IP address type', async () => {
    const arn = await create({ Name: 'zones' });
    const out = await elb.send(new SetSubnetsCommand({ LoadBalancerArn: arn, Subnets: ['subnet-x', 'subnet-y', 'subnet-z'], IpAddressType: 'dualstack' }));
    assert.deepEqual(out.AvailabilityZones?.map((z) => [z.ZoneName, z.SubnetId]), [['us-east-1a', 'subnet-x'], ['us-east-1b', 'subnet-y'], ['us-east-1c', 'subnet-z']]);
    assert.equal(out.IpAddressType, 'dualstack');
    const lb = await describe1(arn);
    assert.deepEqual(lb.AvailabilityZones?.map((z) => z.SubnetId), ['subnet-x', 'subnet-y', 'subnet-z']);
    assert.equal(lb.IpAddressType, 'dualstack');
    const mapped = await elb.send(new SetSubnetsCommand({ LoadBalancerArn: arn, SubnetMappings: [{ SubnetId: 'subnet-m' }, { SubnetId: 'subnet-n' }] }));
    assert.deepEqual(mapped.AvailabilityZones?.map((z) => z.SubnetId), ['subnet-m', 'subnet-n']);
    assert.equal(mapped.IpAddressType, 'dualstack', 'unchanged when not given');
  });

  it('rejects subnet sets AWS refuses', async () => {
    const alb = await create({ Name: 'alb' });
    const bad = [
      { Subnets: ['subnet-1'] },
      { Subnets: ['subnet-1', 'subnet-1'] },
      { Subnets: ['subnet-1', 'subnet-2'], SubnetMappings: [{ SubnetId: 'subnet-3' }] },
      {},
    ];
    for (const input of bad) {
      await assert.rejects(elb.send(new SetSubnetsCommand({ LoadBalancerArn: alb, ...input })), { name: 'ValidationError' }, JSON.stringify(input));
    }
    const nlb = await create({ Name: 'nlb', Type: 'network' });
    await elb.send(new SetSubnetsCommand({ LoadBalancerArn: nlb, Subnets: ['subnet-a'] }));
    await assert.rejects(elb.send(new SetSubnetsCommand({ LoadBalancerArn: nlb, Subnets: ['subnet-a'], IpAddressType: 'dualstack-without-public-ipv4' })), { name: 'ValidationError' });
    const gwy = await create({ Name: 'gwy', Type: 'gateway' });
    await elb.send(new SetSubnetsCommand({ LoadBalancerArn: gwy, Subnets: ['subnet-a', 'subnet-b', 'subnet-c'] }));
    await assert.rejects(elb.send(new SetSubnetsCommand({ LoadBalancerArn: gwy, Subnets: ['subnet-c'] })), refused);
  });

  it('sets the IP address type per load balancer type', async () => {
    const alb = await create({ Name: 'alb' });
    const out = await elb.send(new SetIpAddressTypeCommand({ LoadBalancerArn: alb, IpAddressType: 'dualstack-without-public-ipv4' }));
    assert.equal(out.IpAddressType, 'dualstack-without-public-ipv4');
    assert.equal((await describe1(alb)).IpAddressType, 'dualstack-without-public-ipv4');
    const nlb = await create({ Name: 'nlb', Type: 'network' });
    await elb.send(new SetIpAddressTypeCommand({ LoadBalancerArn: nlb, IpAddressType: 'dualstack' }));
    await assert.rejects(elb.send(new SetIpAddressTypeCommand({ LoadBalancerArn: nlb, IpAddressType: 'dualstack-without-public-ipv4' })), {
      name: 'ValidationError', message: "IP address type 'dualstack-without-public-ipv4' is not supported by load balancers of type 'network'",
    });
    await assert.rejects(elb.send(new SetIpAddressTypeCommand({ LoadBalancerArn: alb, IpAddressType: 'ipv5' as 'ipv4' })), { name: 'ValidationError' });
    await assert.rejects(elb.send(new SetIpAddressTypeCommand({ LoadBalancerArn: UNKNOWN_LB, IpAddressType: 'ipv4' })), { name: 'LoadBalancerNotFoundException' });
  });

  it('describes the account limits with AWS names and string maxima', async () => {
    const { Limits = [], NextMarker } = await elb.send(new DescribeAccountLimitsCommand({}));
    assert.equal(NextMarker, undefined);
    assert.equal(Limits.length, 18);
    const byName = new Map(Limits.map((l) => [l.Name, l.Max]));
    assert.equal(byName.get('application-load-balancers'), String(MAX_LOAD_BALANCERS));
    assert.equal(byName.get('target-groups'), '3000');
    assert.equal(byName.get('targets-per-availability-zone-per-network-load-balancer'), '500');
    for (const limit of Limits) assert.match(limit.Max!, /^\d+$/);
  });

  it('pages the account limits with Marker and PageSize', async () => {
    const all = (await elb.send(new DescribeAccountLimitsCommand({}))).Limits!;
    const paged: Limit[] = [];
    let Marker: string | undefined;
    do {
      const page = await elb.send(new DescribeAccountLimitsCommand({ PageSize: 5, Marker }));
      assert.ok(page.Limits!.length <= 5);
      paged.push(...page.Limits!);
      Marker = page.NextMarker;
    } while (Marker);
    assert.deepEqual(paged, all);
    await assert.rejects(elb.send(new DescribeAccountLimitsCommand({ Marker: 'garbage' })), { name: 'ValidationError' });
  });
});
