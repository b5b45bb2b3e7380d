import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateLoadBalancerCommand,
  DescribeCapacityReservationCommand,
  DescribeLoadBalancersCommand,
  DescribeSSLPoliciesCommand,
  GetResourcePolicyCommand,
  ModifyCapacityReservationCommand,
  ModifyIpPoolsCommand,
  ModifyTargetGroupAttributesCommand,
  type SslPolicy,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { PROVISIONING_MS } from '../../../handlers/elbv2/lib/capacity-reservations.js';
import { SSL_POLICIES } from '../../../handlers/elbv2/lib/ssl-policies.js';
import { useTestGateway } from '../../support/gateway.js';
import { createLoadBalancer } from './listener-fixtures.js';
import { createTargetGroup } from './target-group-fixtures.js';

const MISSING_LB = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/gone/0123456789abcdef';

describe('the operations added for issue 10, through the SDK', () => {
  const { gw, elb } = useTestGateway();

  describe('DescribeSSLPolicies', () => {
    it('decodes the policies with their ciphers and types, and pages through all of them', async () => {
      const seen: SslPolicy[] = [];
      let Marker: string | undefined;
      do {
        const page = await elb.send(new DescribeSSLPoliciesCommand({ PageSize: 7, Marker }));
        assert.ok(page.SslPolicies!.length <= 7);
        seen.push(...page.SslPolicies!);
        Marker = page.NextMarker;
      } while (Marker);
      assert.deepEqual(seen, SSL_POLICIES);
      const { SslPolicies: [policy] = [] } = await elb.send(new DescribeSSLPoliciesCommand({ Names: ['ELBSecurityPolicy-TLS13-1-3-2021-06'], LoadBalancerType: 'network' }));
      assert.deepEqual(policy, {
        Name: 'ELBSecurityPolicy-TLS13-1-3-2021-06', SslProtocols: ['TLSv1.3'], SupportedLoadBalancerTypes: ['application', 'network'],
        Ciphers: [{ Name: 'TLS_AES_128_GCM_SHA256', Priority: 1 }, { Name: 'TLS_AES_256_GCM_SHA384', Priority: 2 }, { Name: 'TLS_CHACHA20_POLY1305_SHA256', Priority: 3 }],
      });
    });

    it('answers SSLPolicyNotFoundException and schema errors as AWS', async () => {
      await assert.rejects(elb.send(new DescribeSSLPoliciesCommand({ Names: ['nope'] })), { name: 'SSLPolicyNotFoundException', message: "SSL policy 'nope' not found" });
      await assert.rejects(elb.send(new DescribeSSLPoliciesCommand({ PageSize: 401 })), { name: 'ValidationError' });
      await assert.rejects(elb.send(new DescribeSSLPoliciesCommand({ LoadBalancerType: 'classic' as 'network' })), { name: 'ValidationError' });
    });
  });

  describe('capacity reservations', () => {
    it('reserves, describes and resets, with timestamps and zone states on the wire', async () => {
      const arn = await createLoadBalancer(gw, 'alb');
      const empty = await elb.send(new DescribeCapacityReservationCommand({ LoadBalancerArn: arn }));
      assert.deepEqual([empty.DecreaseRequestsRemaining, empty.CapacityReservationState, empty.MinimumLoadBalancerCapacity], [2, [], undefined]);
      const set = await elb.send(new ModifyCapacityReservationCommand({ LoadBalancerArn: arn, MinimumLoadBalancerCapacity: { CapacityUnits: 300 } }));
      assert.ok(set.LastModifiedTime instanceof Date);
      assert.deepEqual(set.CapacityReservationState!.map((z) => z.State!.Code), ['pending', 'pending']);
      await assert.rejects(elb.send(new ModifyCapacityReservationCommand({ LoadBalancerArn: arn, ResetCapacityReservation: true })), { name: 'CapacityReservationPendingException' });
      gw.clock.advance(PROVISIONING_MS);
      const described = await elb.send(new DescribeCapacityReservationCommand({ LoadBalancerArn: arn }));
      assert.deepEqual(described.CapacityReservationState, [
        { State: { Code: 'provisioned' }, AvailabilityZone: 'us-east-1a', EffectiveCapacityUnits: 150 },
        { State: { Code: 'provisioned' }, AvailabilityZone: 'us-east-1b', EffectiveCapacityUnits: 150 },
      ]);
      const reset = await elb.send(new ModifyCapacityReservationCommand({ LoadBalancerArn: arn, ResetCapacityReservation: true }));
      assert.deepEqual([reset.MinimumLoadBalancerCapacity, reset.DecreaseRequestsRemaining], [undefined, 1]);
    });

    it("answers AWS's error codes", async () => {
      const arn = await createLoadBalancer(gw, 'alb');
      await assert.rejects(elb.send(new DescribeCapacityReservationCommand({ LoadBalancerArn: MISSING_LB })), { name: 'LoadBalancerNotFoundException' });
      await assert.rejects(elb.send(new ModifyCapacityReservationCommand({ LoadBalancerArn: arn, MinimumLoadBalancerCapacity: { CapacityUnits: 1_000_000 } })), { name: 'CapacityUnitsLimitExceededException' });
      await assert.rejects(elb.send(new ModifyCapacityReservationCommand({ LoadBalancerArn: arn, MinimumLoadBalancerCapacity: { CapacityUnits: 0 } })), { name: 'ValidationError' });
      const gwlb = await createLoadBalancer(gw, 'gwlb', 'gateway');
      await assert.rejects(elb.send(new ModifyCapacityReservationCommand({ LoadBalancerArn: gwlb, MinimumLoadBalancerCapacity: { CapacityUnits: 10 } })), { name: 'OperationNotPermittedException' });
      // Two decreases a day: the third is refused with the SDK's exception.
      for (const units of [500, 400, 300]) {
        await elb.send(new ModifyCapacityReservationCommand({ LoadBalancerArn: arn, MinimumLoadBalancerCapacity: { CapacityUnits: units } }));
        gw.clock.advance(PROVISIONING_MS);
      }
      await assert.rejects(elb.send(new ModifyCapacityReservationCommand({ LoadBalancerArn: arn, MinimumLoadBalancerCapacity: { CapacityUnits: 200 } })), { name: 'CapacityDecreaseRequestsLimitExceededException' });
    });
  });

  describe('ModifyIpPools', () => {
    it('sets and removes the pool, echoed by DescribeLoadBalancers', async () => {
      const arn = await createLoadBalancer(gw, 'alb');
      const set = await elb.send(new ModifyIpPoolsCommand({ LoadBalancerArn: arn, IpamPools: { Ipv4IpamPoolId: 'ipam-pool-1' } }));
      assert.deepEqual(set.IpamPools, { Ipv4IpamPoolId: 'ipam-pool-1' });
      const { LoadBalancers: [lb] = [] } = await elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [arn] }));
      assert.deepEqual(lb.IpamPools, { Ipv4IpamPoolId: 'ipam-pool-1' });
      assert.equal((await elb.send(new ModifyIpPoolsCommand({ LoadBalancerArn: arn, RemoveIpamPools: ['ipv4'] }))).IpamPools, undefined);
      await assert.rejects(elb.send(new ModifyIpPoolsCommand({ LoadBalancerArn: MISSING_LB, RemoveIpamPools: ['ipv4'] })), { name: 'LoadBalancerNotFoundException' });
      await assert.rejects(elb.send(new ModifyIpPoolsCommand({ LoadBalancerArn: arn, RemoveIpamPools: ['ipv6' as 'ipv4'] })), { name: 'ValidationError' });
    });
  });

  it('GetResourcePolicy answers ResourceNotFoundException for an unknown resource', async () => {
    await assert.rejects(elb.send(new GetResourcePolicyCommand({ ResourceArn: 'arn:aws:elasticloadbalancing:us-east-1:000000000000:truststore/ts/0123456789abcdef' })), {
      name: 'ResourceNotFoundException', message: 'The specified resource does not exist.',
    });
  });

  it("echoes NLB SubnetMappings' addresses in LoadBalancerAddresses, as Terraform reads them back", async () => {
    const { LoadBalancers: [lb] = [] } = await elb.send(new CreateLoadBalancerCommand({
      Name: 'nlb', Type: 'network', Scheme: 'internal',
      SubnetMappings: [{ SubnetId: 'subnet-1', PrivateIPv4Address: '10.0.1.10' }, { SubnetId: 'subnet-2', PrivateIPv4Address: '10.0.2.10' }],
    }));
    const { LoadBalancers: [described] = [] } = await elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [lb.LoadBalancerArn!] }));
    assert.deepEqual(described.AvailabilityZones!.map((z) => [z.SubnetId, z.LoadBalancerAddresses]), [
      ['subnet-1', [{ PrivateIPv4Address: '10.0.1.10' }]],
      ['subnet-2', [{ PrivateIPv4Address: '10.0.2.10' }]],
    ]);
  });

  it('answers stickiness refusals with the SDK exceptions AWS gives', async () => {
    const tls = await createTargetGroup(gw, 'tls', { Protocol: 'TLS', Port: 443 });
    const modify = (Key: string, Value: string) => elb.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: tls, Attributes: [{ Key, Value }] }));
    await assert.rejects(modify('stickiness.enabled', 'true'), { name: 'InvalidConfigurationRequestException', message: 'You cannot enable stickiness on target groups with the TLS protocol' });
    await assert.rejects(modify('stickiness.type', 'lb_cookie'), { name: 'InvalidConfigurationRequestException', message: "Stickiness type 'lb_cookie' is not supported for target groups with the TLS protocol" });
    await assert.rejects(modify('stickiness.type', 'x'), { name: 'ValidationError', message: "'Stickiness type' must be one of [app_cookie, lb_cookie, source_ip]" });
    await assert.rejects(modify('nope', 'x'), { name: 'ValidationError', message: "Target group attribute key 'nope' is not recognized" });
  });
});
