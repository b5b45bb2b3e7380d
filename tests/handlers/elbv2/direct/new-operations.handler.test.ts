import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { handler as createListener } from '../../../../handlers/elbv2/CreateListener.js';
import { handler as createLoadBalancer } from '../../../../handlers/elbv2/CreateLoadBalancer.js';
import { handler as deleteLoadBalancer } from '../../../../handlers/elbv2/DeleteLoadBalancer.js';
import { handler as describeCapacityReservation } from '../../../../handlers/elbv2/DescribeCapacityReservation.js';
import { handler as describeLoadBalancers } from '../../../../handlers/elbv2/DescribeLoadBalancers.js';
import { handler as describeSslPolicies } from '../../../../handlers/elbv2/DescribeSSLPolicies.js';
import { handler as getResourcePolicy } from '../../../../handlers/elbv2/GetResourcePolicy.js';
import { handler as modifyCapacityReservation } from '../../../../handlers/elbv2/ModifyCapacityReservation.js';
import { handler as modifyIpPools } from '../../../../handlers/elbv2/ModifyIpPools.js';
import { handler as setSubnets } from '../../../../handlers/elbv2/SetSubnets.js';
import { PROVISIONING_MS } from '../../../../handlers/elbv2/lib/capacity-reservations.js';
import { SSL_POLICIES } from '../../../../handlers/elbv2/lib/ssl-policies.js';
import { testContext } from '../../../support/context.js';
import { makeLoadBalancer, makeTargetGroup, MISSING } from './fixtures.js';

const POOL = 'ipam-pool-0123456789abcdef0';

describe('DescribeSSLPolicies, capacity reservations, IPAM pools, resource policies and subnet addresses, called directly', () => {
  const kit = testContext();

  describe('DescribeSSLPolicies', () => {
    it("lists AWS's policies with protocols, ciphers in priority order and load balancer types", async () => {
      const { SslPolicies = [], NextMarker } = await describeSslPolicies({});
      assert.equal(NextMarker, undefined);
      assert.equal(SslPolicies.length, SSL_POLICIES.length);
      const [tls13] = (await describeSslPolicies({ Names: ['ELBSecurityPolicy-TLS13-1-2-2021-06'] })).SslPolicies!;
      assert.deepEqual(tls13.SslProtocols, ['TLSv1.3', 'TLSv1.2']);
      assert.deepEqual(tls13.Ciphers!.slice(0, 4), [
        { Name: 'TLS_AES_128_GCM_SHA256', Priority: 1 }, { Name: 'TLS_AES_256_GCM_SHA384', Priority: 2 },
        { Name: 'TLS_CHACHA20_POLY1305_SHA256', Priority: 3 }, { Name: 'ECDHE-ECDSA-AES128-GCM-SHA256', Priority: 4 },
      ]);
      assert.deepEqual(tls13.SupportedLoadBalancerTypes, ['application', 'network']);
      for (const name of ['ELBSecurityPolicy-2016-08', 'ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09', 'ELBSecurityPolicy-FS-1-2-Res-2020-10']) {
        assert.equal((await describeSslPolicies({ Names: [name] })).SslPolicies![0].Name, name);
      }
    });

    it('answers names in the order asked, and SSLPolicyNotFound for an unknown one', async () => {
      const { SslPolicies = [] } = await describeSslPolicies({ Names: ['ELBSecurityPolicy-2016-08', 'ELBSecurityPolicy-TLS13-1-3-2021-06'] });
      assert.deepEqual(SslPolicies.map((p) => p.Name), ['ELBSecurityPolicy-2016-08', 'ELBSecurityPolicy-TLS13-1-3-2021-06']);
      await assert.rejects(describeSslPolicies({ Names: ['ELBSecurityPolicy-2016-08', 'ELBSecurityPolicy-Nope'] }), {
        code: 'SSLPolicyNotFound', message: "SSL policy 'ELBSecurityPolicy-Nope' not found",
      });
    });

    it('filters by load balancer type: ELBSecurityPolicy-2015-05 is a Network Load Balancer policy only', async () => {
      const alb = (await describeSslPolicies({ LoadBalancerType: 'application' })).SslPolicies!.map((p) => p.Name);
      const nlb = (await describeSslPolicies({ LoadBalancerType: 'network' })).SslPolicies!.map((p) => p.Name);
      assert.equal(nlb.length, alb.length + 1);
      assert.ok(nlb.includes('ELBSecurityPolicy-2015-05') && !alb.includes('ELBSecurityPolicy-2015-05'));
      assert.deepEqual((await describeSslPolicies({ LoadBalancerType: 'gateway' })).SslPolicies, []);
    });

    it('pages with Marker and PageSize', async () => {
      const names: string[] = [];
      let Marker: string | undefined;
      let pages = 0;
      do {
        const page = await describeSslPolicies({ PageSize: 5, Marker });
        names.push(...page.SslPolicies!.map((p) => p.Name!));
        Marker = page.NextMarker;
        pages += 1;
      } while (Marker);
      assert.equal(pages, Math.ceil(SSL_POLICIES.length / 5));
      assert.deepEqual(names, SSL_POLICIES.map((p) => p.Name));
      await assert.rejects(describeSslPolicies({ Marker: 'bogus' }), { code: 'ValidationError' });
    });

    it('is the list listeners check SslPolicy against, per load balancer type', async () => {
      const alb = await makeLoadBalancer(kit.ctx(), 'alb');
      const tg = await makeTargetGroup(kit.ctx(), 'web');
      const https = (SslPolicy: string, Port: number) => createListener({
        LoadBalancerArn: alb, Protocol: 'HTTPS', Port, SslPolicy, Certificates: [{ CertificateArn: 'arn:aws:acm:us-east-1:000000000000:certificate/x' }],
        DefaultActions: [{ Type: 'forward', TargetGroupArn: tg }],
      }, kit.ctx());
      assert.equal((await https('ELBSecurityPolicy-FS-1-2-Res-2020-10', 443)).Listeners![0].SslPolicy, 'ELBSecurityPolicy-FS-1-2-Res-2020-10');
      // Well-formed but not a policy AWS has; and an NLB-only policy on an ALB.
      await assert.rejects(https('ELBSecurityPolicy-Made-Up-2030-01', 444), { code: 'SSLPolicyNotFound', message: "SSL policy 'ELBSecurityPolicy-Made-Up-2030-01' not found" });
      await assert.rejects(https('ELBSecurityPolicy-2015-05', 445), { code: 'SSLPolicyNotFound' });
    });
  });

  describe('capacity reservations', () => {
    it('answers no reservation for a new load balancer, and LoadBalancerNotFound for an unknown one', async () => {
      const alb = await makeLoadBalancer(kit.ctx(), 'alb');
      assert.deepEqual(await describeCapacityReservation({ LoadBalancerArn: alb }, kit.ctx()), { DecreaseRequestsRemaining: 2, CapacityReservationState: [] });
      await assert.rejects(describeCapacityReservation({ LoadBalancerArn: MISSING.loadBalancer }, kit.ctx()), { code: 'LoadBalancerNotFound' });
      await assert.rejects(modifyCapacityReservation({ LoadBalancerArn: MISSING.loadBalancer, ResetCapacityReservation: true }, kit.ctx()), { code: 'LoadBalancerNotFound' });
    });

    it('reserves capacity pending, then provisioned and spread evenly over the zones', async () => {
      const alb = await makeLoadBalancer(kit.ctx(), 'alb');
      const asked = await modifyCapacityReservation({ LoadBalancerArn: alb, MinimumLoadBalancerCapacity: { CapacityUnits: 100 } }, kit.ctx());
      assert.deepEqual(asked.MinimumLoadBalancerCapacity, { CapacityUnits: 100 });
      assert.deepEqual(asked.CapacityReservationState, [
        { State: { Code: 'pending' }, AvailabilityZone: 'us-east-1a', EffectiveCapacityUnits: 0 },
        { State: { Code: 'pending' }, AvailabilityZone: 'us-east-1b', EffectiveCapacityUnits: 0 },
      ]);
      assert.deepEqual(asked.LastModifiedTime, kit.clock.now());
      // A second request while the first is pending waits for it.
      await assert.rejects(modifyCapacityReservation({ LoadBalancerArn: alb, MinimumLoadBalancerCapacity: { CapacityUnits: 200 } }, kit.ctx()), {
        code: 'CapacityReservationPending', message: 'There is a pending capacity reservation.',
      });
      kit.clock.advance(PROVISIONING_MS);
      const provisioned = await describeCapacityReservation({ LoadBalancerArn: alb }, kit.ctx());
      assert.deepEqual(provisioned.CapacityReservationState!.map((z) => [z.State!.Code, z.EffectiveCapacityUnits]), [['provisioned', 50], ['provisioned', 50]]);
      assert.equal(provisioned.DecreaseRequestsRemaining, 2);
    });

    it('allows increases at will and two decreases a day, a reset counting as one', async () => {
      const nlb = await makeLoadBalancer(kit.ctx(), 'nlb', 'network');
      const modify = async (CapacityUnits?: number) => {
        const out = await modifyCapacityReservation(CapacityUnits === undefined
          ? { LoadBalancerArn: nlb, ResetCapacityReservation: true }
          : { LoadBalancerArn: nlb, MinimumLoadBalancerCapacity: { CapacityUnits } }, kit.ctx());
        kit.clock.advance(PROVISIONING_MS);
        return out;
      };
      for (const units of [1000, 2000, 3000]) assert.equal((await modify(units)).DecreaseRequestsRemaining, 2);
      assert.equal((await modify(2500)).DecreaseRequestsRemaining, 1);
      const reset = await modify(undefined);
      assert.deepEqual([reset.DecreaseRequestsRemaining, reset.MinimumLoadBalancerCapacity, reset.CapacityReservationState], [0, undefined, []]);
      await modify(500);
      await assert.rejects(modify(400), {
        code: 'CapacityDecreaseRequestLimitExceeded', message: "You've exceeded the daily capacity decrease limit for this reservation.",
      });
      // The next UTC day has two again.
      kit.clock.advance(24 * 3600 * 1000);
      assert.equal((await modify(400)).DecreaseRequestsRemaining, 1);
    });

    it('refuses what AWS refuses: no or both members, too many units, Gateway Load Balancers, NLBs with TLS listeners', async () => {
      const alb = await makeLoadBalancer(kit.ctx(), 'alb');
      await assert.rejects(modifyCapacityReservation({ LoadBalancerArn: alb }, kit.ctx()), { code: 'ValidationError' });
      await assert.rejects(modifyCapacityReservation({ LoadBalancerArn: alb, ResetCapacityReservation: true, MinimumLoadBalancerCapacity: { CapacityUnits: 5 } }, kit.ctx()), { code: 'ValidationError' });
      await assert.rejects(modifyCapacityReservation({ LoadBalancerArn: alb, MinimumLoadBalancerCapacity: {} }, kit.ctx()), { code: 'ValidationError' });
      await assert.rejects(modifyCapacityReservation({ LoadBalancerArn: alb, MinimumLoadBalancerCapacity: { CapacityUnits: 15001 } }, kit.ctx()), {
        code: 'CapacityUnitsLimitExceeded', message: "You've exceeded the capacity units limit.",
      });
      const gwlb = await makeLoadBalancer(kit.ctx(), 'gwlb', 'gateway');
      await assert.rejects(modifyCapacityReservation({ LoadBalancerArn: gwlb, MinimumLoadBalancerCapacity: { CapacityUnits: 5 } }, kit.ctx()), { code: 'OperationNotPermitted' });
      const nlb = await makeLoadBalancer(kit.ctx(), 'nlb', 'network');
      const tcp = await makeTargetGroup(kit.ctx(), 'tcp', { Protocol: 'TCP' });
      await createListener({ LoadBalancerArn: nlb, Protocol: 'TLS', Port: 443, Certificates: [{ CertificateArn: 'arn:aws:acm:us-east-1:000000000000:certificate/x' }], DefaultActions: [{ Type: 'forward', TargetGroupArn: tcp }] }, kit.ctx());
      await assert.rejects(modifyCapacityReservation({ LoadBalancerArn: nlb, MinimumLoadBalancerCapacity: { CapacityUnits: 5 } }, kit.ctx()), { code: 'OperationNotPermitted' });
      // Nothing was written by the refusals.
      assert.equal((await describeCapacityReservation({ LoadBalancerArn: alb }, kit.ctx())).MinimumLoadBalancerCapacity, undefined);
    });

    it('goes with its load balancer', async () => {
      const alb = await makeLoadBalancer(kit.ctx(), 'alb');
      await modifyCapacityReservation({ LoadBalancerArn: alb, MinimumLoadBalancerCapacity: { CapacityUnits: 100 } }, kit.ctx());
      await deleteLoadBalancer({ LoadBalancerArn: alb }, kit.ctx());
      assert.equal((await kit.database.db.selectFrom('capacity_reservations').selectAll().execute()).length, 0);
    });
  });

  describe('ModifyIpPools', () => {
    it('sets, keeps and removes the IPv4 IPAM pool, echoed by DescribeLoadBalancers', async () => {
      const { LoadBalancers: [created] = [] } = await createLoadBalancer({ Name: 'alb', Subnets: ['subnet-1', 'subnet-2'], IpamPools: { Ipv4IpamPoolId: POOL } }, kit.ctx());
      assert.deepEqual(created.IpamPools, { Ipv4IpamPoolId: POOL });
      const alb = created.LoadBalancerArn!;
      assert.deepEqual(await modifyIpPools({ LoadBalancerArn: alb, IpamPools: { Ipv4IpamPoolId: `${POOL}1` } }, kit.ctx()), { IpamPools: { Ipv4IpamPoolId: `${POOL}1` } });
      assert.deepEqual(await modifyIpPools({ LoadBalancerArn: alb }, kit.ctx()), { IpamPools: { Ipv4IpamPoolId: `${POOL}1` } });
      assert.deepEqual((await describeLoadBalancers({ LoadBalancerArns: [alb] }, kit.ctx())).LoadBalancers![0].IpamPools, { Ipv4IpamPoolId: `${POOL}1` });
      assert.deepEqual(await modifyIpPools({ LoadBalancerArn: alb, RemoveIpamPools: ['ipv4'] }, kit.ctx()), { IpamPools: undefined });
      assert.equal((await describeLoadBalancers({ LoadBalancerArns: [alb] }, kit.ctx())).LoadBalancers![0].IpamPools, undefined);
    });

    it('refuses setting and removing at once, other load balancer types, and unknown load balancers', async () => {
      const alb = await makeLoadBalancer(kit.ctx(), 'alb');
      await assert.rejects(modifyIpPools({ LoadBalancerArn: alb, IpamPools: { Ipv4IpamPoolId: POOL }, RemoveIpamPools: ['ipv4'] }, kit.ctx()), { code: 'ValidationError' });
      const nlb = await makeLoadBalancer(kit.ctx(), 'nlb', 'network');
      await assert.rejects(modifyIpPools({ LoadBalancerArn: nlb, IpamPools: { Ipv4IpamPoolId: POOL } }, kit.ctx()), { code: 'ValidationError' });
      await assert.rejects(createLoadBalancer({ Name: 'nlb2', Type: 'network', Subnets: ['subnet-1'], IpamPools: { Ipv4IpamPoolId: POOL } }, kit.ctx()), { code: 'ValidationError' });
      await assert.rejects(modifyIpPools({ LoadBalancerArn: MISSING.loadBalancer, RemoveIpamPools: ['ipv4'] }, kit.ctx()), { code: 'LoadBalancerNotFound' });
    });
  });

  describe('GetResourcePolicy', () => {
    it('answers ResourceNotFound for anything but an existing trust store, ValidationError for a malformed ARN', async () => {
      const alb = await makeLoadBalancer(kit.ctx(), 'alb');
      const trustStore = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:truststore/ts/0123456789abcdef';
      for (const arn of [alb, trustStore, trustStore.replace('us-east-1', 'eu-west-1')]) {
        await assert.rejects(getResourcePolicy({ ResourceArn: arn }, kit.ctx()), { code: 'ResourceNotFound', message: 'The specified resource does not exist.' });
      }
      await assert.rejects(getResourcePolicy({ ResourceArn: 'not-an-arn' }, kit.ctx()), { code: 'ValidationError' });
    });
  });

  describe('SubnetMappings addresses', () => {
    it('echoes an NLB mapping\'s Elastic IP (with its address), private IPv4 and IPv6 addresses in LoadBalancerAddresses', async () => {
      const { LoadBalancers: [lb] = [] } = await createLoadBalancer({
        Name: 'nlb', Type: 'network',
        SubnetMappings: [
          { SubnetId: 'subnet-1', AllocationId: 'eipalloc-0123456789abcdef0' },
          { SubnetId: 'subnet-2', PrivateIPv4Address: '10.0.2.10', IPv6Address: '2001:db8::10' },
          { SubnetId: 'subnet-3' },
        ],
      }, kit.ctx());
      const [a, b, c] = lb.AvailabilityZones!;
      assert.equal(a.LoadBalancerAddresses!.length, 1);
      assert.equal(a.LoadBalancerAddresses![0].AllocationId, 'eipalloc-0123456789abcdef0');
      assert.match(a.LoadBalancerAddresses![0].IpAddress!, /^203\.0\.113\.\d{1,3}$/);
      assert.deepEqual(b.LoadBalancerAddresses, [{ IpAddress: undefined, AllocationId: undefined, PrivateIPv4Address: '10.0.2.10', IPv6Address: '2001:db8::10' }]);
      assert.deepEqual(c.LoadBalancerAddresses, []);
      const described = (await describeLoadBalancers({ LoadBalancerArns: [lb.LoadBalancerArn!] }, kit.ctx())).LoadBalancers![0];
      assert.deepEqual(described.AvailabilityZones, lb.AvailabilityZones);
      const { AvailabilityZones = [] } = await setSubnets({ LoadBalancerArn: lb.LoadBalancerArn!, SubnetMappings: [{ SubnetId: 'subnet-1', PrivateIPv4Address: '10.0.1.5' }] }, kit.ctx());
      assert.deepEqual(AvailabilityZones[0].LoadBalancerAddresses, [{ IpAddress: undefined, AllocationId: undefined, PrivateIPv4Address: '10.0.1.5', IPv6Address: undefined }]);
    });

    it('refuses addresses on other load balancer types and addresses that are not addresses', async () => {
      await assert.rejects(createLoadBalancer({ Name: 'alb', SubnetMappings: [{ SubnetId: 'subnet-1', AllocationId: 'eipalloc-1' }, { SubnetId: 'subnet-2' }] }, kit.ctx()), { code: 'ValidationError' });
      await assert.rejects(createLoadBalancer({ Name: 'nlb', Type: 'network', SubnetMappings: [{ SubnetId: 'subnet-1', PrivateIPv4Address: '10.0.0.300' }] }, kit.ctx()), { code: 'ValidationError' });
      await assert.rejects(createLoadBalancer({ Name: 'nlb', Type: 'network', SubnetMappings: [{ SubnetId: 'subnet-1', IPv6Address: '10.0.0.1' }] }, kit.ctx()), { code: 'ValidationError' });
    });
  });
});
