import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateLoadBalancerCommand,
  DescribeLoadBalancersCommand,
  waitUntilLoadBalancerAvailable,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { useTestGateway } from '../../support/gateway.js';
import { handler as activate } from '../../../handlers/scheduled/ActivateLoadBalancers.js';

describe('load balancers through the SDK', () => {
  const { gw, elb } = useTestGateway();

  it('creates an ALB with AWS formats and finds it by ARN and name', async () => {
    const { LoadBalancers: [lb] = [] } = await elb.send(new CreateLoadBalancerCommand({ Name: 'web', Subnets: ['subnet-1', 'subnet-2'] }));
    assert.match(lb.LoadBalancerArn!, /^arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer\/app\/web\/[0-9a-f]{16}$/);
    assert.match(lb.DNSName!, /^web-[0-9a-f]{16}\.us-east-1\.elb\.localhost$/);
    assert.equal(lb.State?.Code, 'provisioning');
    assert.equal(lb.Scheme, 'internet-facing');
    assert.deepEqual(lb.AvailabilityZones?.map((z) => z.ZoneName), ['us-east-1a', 'us-east-1b']);
    const byName = await elb.send(new DescribeLoadBalancersCommand({ Names: ['web'] }));
    assert.equal(byName.LoadBalancers?.[0].LoadBalancerArn, lb.LoadBalancerArn);
  });

  it('is idempotent for identical settings and a Duplicate error otherwise', async () => {
    const first = await elb.send(new CreateLoadBalancerCommand({ Name: 'same', Subnets: ['a', 'b'] }));
    const again = await elb.send(new CreateLoadBalancerCommand({ Name: 'same', Subnets: ['b', 'a'] }));
    assert.equal(again.LoadBalancers?.[0].LoadBalancerArn, first.LoadBalancers?.[0].LoadBalancerArn);
    await assert.rejects(elb.send(new CreateLoadBalancerCommand({ Name: 'same', Scheme: 'internal' })), { name: 'DuplicateLoadBalancerNameException' });
  });

  it('settles concurrent same-name creates on one load balancer', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => elb.send(new CreateLoadBalancerCommand({ Name: 'race' }))));
    assert.equal(new Set(results.map((r) => r.LoadBalancers?.[0].LoadBalancerArn)).size, 1);
  });

  it('prefixes internal load balancers and uses net/ for NLBs', async () => {
    const { LoadBalancers: [nlb] = [] } = await elb.send(new CreateLoadBalancerCommand({ Name: 'tcp', Type: 'network', Scheme: 'internal' }));
    assert.match(nlb.LoadBalancerArn!, /:loadbalancer\/net\/tcp\//);
    assert.match(nlb.DNSName!, /^internal-tcp-/);
  });

  it('needs two zones for an ALB given subnets, and an IP address type its type takes', async () => {
    await assert.rejects(elb.send(new CreateLoadBalancerCommand({ Name: 'one-zone', Subnets: ['subnet-1'] })), { name: 'ValidationError', message: /At least two subnets/ });
    await assert.rejects(elb.send(new CreateLoadBalancerCommand({ Name: 'twice', Subnets: ['subnet-1', 'subnet-1'] })), { name: 'ValidationError', message: /more than once/ });
    await assert.rejects(elb.send(new CreateLoadBalancerCommand({ Name: 'both', Subnets: ['a', 'b'], SubnetMappings: [{ SubnetId: 'c' }] })), { name: 'ValidationError' });
    await assert.rejects(elb.send(new CreateLoadBalancerCommand({ Name: 'nlb6', Type: 'network', IpAddressType: 'dualstack-without-public-ipv4' })));
    const { LoadBalancers: [nlb] = [] } = await elb.send(new CreateLoadBalancerCommand({ Name: 'nlb1', Type: 'network', SubnetMappings: [{ SubnetId: 'subnet-9' }] }));
    assert.deepEqual(nlb.AvailabilityZones?.map((z) => z.SubnetId), ['subnet-9']);
  });

  it('rejects bad names with ValidationError', async () => {
    for (const Name of ['-lead', 'trail-', 'has_underscore', 'internal-x', 'x'.repeat(33)]) {
      await assert.rejects(elb.send(new CreateLoadBalancerCommand({ Name })), { name: 'ValidationError' }, Name);
    }
  });

  it('answers LoadBalancerNotFound for unknown names and ARNs, ValidationError for malformed ARNs', async () => {
    await assert.rejects(elb.send(new DescribeLoadBalancersCommand({ Names: ['nope'] })), { name: 'LoadBalancerNotFoundException' });
    await assert.rejects(elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: ['arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/x/0123456789abcdef'] })), { name: 'LoadBalancerNotFoundException' });
    await assert.rejects(elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: ['not-an-arn'] })), { name: 'ValidationError' });
  });

  it('pages with Marker and PageSize', async () => {
    for (const name of ['p1', 'p2', 'p3']) await elb.send(new CreateLoadBalancerCommand({ Name: name }));
    const first = await elb.send(new DescribeLoadBalancersCommand({ PageSize: 2 }));
    assert.equal(first.LoadBalancers?.length, 2);
    assert.ok(first.NextMarker);
    const second = await elb.send(new DescribeLoadBalancersCommand({ PageSize: 2, Marker: first.NextMarker }));
    assert.deepEqual(second.LoadBalancers?.map((lb) => lb.LoadBalancerName), ['p3']);
    assert.equal(second.NextMarker, undefined);
  });

  it('keeps regions apart', async () => {
    await elb.send(new CreateLoadBalancerCommand({ Name: 'east' }));
    const west = await gw.client('us-west-2').send(new DescribeLoadBalancersCommand({}));
    assert.deepEqual(west.LoadBalancers, []);
  });

  it('becomes active, so the load_balancer_available waiter finishes', async () => {
    const { LoadBalancers: [lb] = [] } = await elb.send(new CreateLoadBalancerCommand({ Name: 'waits' }));
    gw.clock.advance(1500);
    assert.deepEqual(await activate({ db: gw.database.db, log: gw.context().log, now: gw.clock.now, config: gw.database.config }), { activated: 1 });
    const result = await waitUntilLoadBalancerAvailable({ client: elb, maxWaitTime: 5, minDelay: 1 }, { LoadBalancerArns: [lb.LoadBalancerArn!] });
    assert.equal(result.state, 'SUCCESS');
  });
});
