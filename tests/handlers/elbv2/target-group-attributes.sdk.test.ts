import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DescribeTargetGroupAttributesCommand,
  ModifyTargetGroupAttributesCommand,
  type TargetGroupAttribute,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { useTestGateway } from '../../support/gateway.js';
import { createTargetGroup, routingVersion } from './target-group-fixtures.js';

const asMap = (attributes: TargetGroupAttribute[] = []) => Object.fromEntries(attributes.map((a) => [a.Key, a.Value]));

describe('target group attributes through the SDK', () => {
  const { gw, elb } = useTestGateway();
  const describeAttributes = async (arn: string) => asMap((await elb.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: arn }))).Attributes);

  it('starts an HTTP target group with the ALB defaults', async () => {
    const attributes = await describeAttributes(await createTargetGroup(gw, 'web'));
    assert.deepEqual(attributes, {
      'deregistration_delay.timeout_seconds': '300',
      'load_balancing.algorithm.anomaly_mitigation': 'off',
      'load_balancing.algorithm.type': 'round_robin',
      'load_balancing.cross_zone.enabled': 'use_load_balancer_configuration',
      'slow_start.duration_seconds': '0',
      'stickiness.app_cookie.cookie_name': '',
      'stickiness.app_cookie.duration_seconds': '86400',
      'stickiness.enabled': 'false',
      'stickiness.lb_cookie.duration_seconds': '86400',
      'stickiness.type': 'lb_cookie',
      'target_group_health.dns_failover.minimum_healthy_targets.count': '1',
      'target_group_health.dns_failover.minimum_healthy_targets.percentage': 'off',
      'target_group_health.unhealthy_state_routing.minimum_healthy_targets.count': '1',
      'target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage': 'off',
    });
  });

  it('gives NLB, UDP, GWLB and Lambda target groups their own keys', async () => {
    const ipTcp = await describeAttributes(await createTargetGroup(gw, 'ip-tcp', { Protocol: 'TCP', TargetType: 'ip' }));
    assert.equal(ipTcp['stickiness.type'], 'source_ip');
    assert.equal(ipTcp['preserve_client_ip.enabled'], 'false');
    assert.equal(ipTcp['proxy_protocol_v2.enabled'], 'false');
    assert.equal(ipTcp['deregistration_delay.connection_termination.enabled'], 'false');
    assert.equal(ipTcp['load_balancing.algorithm.type'], undefined);
    const udp = await describeAttributes(await createTargetGroup(gw, 'udp', { Protocol: 'UDP' }));
    assert.deepEqual([udp['preserve_client_ip.enabled'], udp['deregistration_delay.connection_termination.enabled']], ['true', 'true']);
    const geneve = await describeAttributes(await createTargetGroup(gw, 'gwlb', { Protocol: 'GENEVE', Port: 6081 }));
    assert.equal(geneve['target_failover.on_deregistration'], 'no_rebalance');
    const lambda = await describeAttributes(await createTargetGroup(gw, 'fn', { TargetType: 'lambda', Protocol: undefined, Port: undefined, VpcId: undefined }));
    assert.deepEqual(lambda, { 'lambda.multi_value_headers.enabled': 'false' });
  });

  it('modifies attributes, answers the full set, and bumps the routing version', async () => {
    const arn = await createTargetGroup(gw, 'web');
    const before = await routingVersion(gw);
    const { Attributes } = await elb.send(new ModifyTargetGroupAttributesCommand({
      TargetGroupArn: arn,
      Attributes: [
        { Key: 'deregistration_delay.timeout_seconds', Value: '0' },
        { Key: 'load_balancing.algorithm.type', Value: 'least_outstanding_requests' },
        { Key: 'stickiness.enabled', Value: 'true' },
        { Key: 'slow_start.duration_seconds', Value: '30' },
      ],
    }));
    assert.equal(Attributes?.length, 14);
    const stored = await describeAttributes(arn);
    assert.deepEqual([stored['deregistration_delay.timeout_seconds'], stored['load_balancing.algorithm.type'], stored['stickiness.enabled'], stored['slow_start.duration_seconds']],
      ['0', 'least_outstanding_requests', 'true', '30']);
    assert.equal(await routingVersion(gw), before + 1);
  });

  it('takes load_balancing.algorithm.type on TCP/TLS groups as least connections (an extension), listed only once set', async () => {
    const modify = (arn: string, Value: string) => elb.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: arn, Attributes: [{ Key: 'load_balancing.algorithm.type', Value }] }));
    const tcp = await createTargetGroup(gw, 'redis', { Protocol: 'TCP', Port: 6379, TargetType: 'ip' });
    const before = await routingVersion(gw);
    // Describe answers AWS's NLB keys until the extension is set.
    assert.equal((await describeAttributes(tcp))['load_balancing.algorithm.type'], undefined);
    const { Attributes } = await modify(tcp, 'least_outstanding_requests');
    assert.equal(asMap(Attributes)['load_balancing.algorithm.type'], 'least_outstanding_requests');
    assert.equal((await describeAttributes(tcp))['load_balancing.algorithm.type'], 'least_outstanding_requests');
    assert.equal(await routingVersion(gw), before + 1);
    await modify(tcp, 'round_robin');
    assert.equal((await describeAttributes(tcp))['load_balancing.algorithm.type'], 'round_robin');
    const tls = await createTargetGroup(gw, 'mqtts', { Protocol: 'TLS', Port: 8883, TargetType: 'instance' });
    await modify(tls, 'least_outstanding_requests');
    // Only the two values a connection can use.
    for (const value of ['weighted_random', 'least_connections', '']) {
      await assert.rejects(modify(tcp, value), { name: 'ValidationError' }, value);
    }
    // Groups without connections to count, or whose target is a load balancer, keep AWS's answer.
    const others = [
      await createTargetGroup(gw, 'dns', { Protocol: 'UDP', Port: 53 }),
      await createTargetGroup(gw, 'both', { Protocol: 'TCP_UDP', Port: 53 }),
      await createTargetGroup(gw, 'to-alb', { Protocol: 'TCP', Port: 80, TargetType: 'alb' }),
    ];
    for (const arn of others) {
      await assert.rejects(modify(arn, 'least_outstanding_requests'), { name: 'ValidationError', message: "Target group attribute key 'load_balancing.algorithm.type' is not recognized" });
    }
    // ALB groups are as AWS has them: all three algorithms.
    const web = await createTargetGroup(gw, 'web');
    await modify(web, 'weighted_random');
    assert.equal((await describeAttributes(web))['load_balancing.algorithm.type'], 'weighted_random');
  });

  it('rejects unknown keys in the words Terraform looks for, and bad values', async () => {
    const arn = await createTargetGroup(gw, 'web');
    await assert.rejects(elb.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: arn, Attributes: [{ Key: 'proxy_protocol_v2.enabled', Value: 'true' }] })), {
      name: 'ValidationError',
      message: "Target group attribute key 'proxy_protocol_v2.enabled' is not recognized",
    });
    const bad = [
      ['deregistration_delay.timeout_seconds', '3601'],
      ['slow_start.duration_seconds', '10'],
      ['load_balancing.algorithm.type', 'random'],
      ['stickiness.type', 'source_ip_dest_ip'],
      ['stickiness.app_cookie.cookie_name', 'AWSALBAPP-1'],
      ['target_group_health.unhealthy_state_routing.minimum_healthy_targets.count', 'off'],
      ['target_group_health.dns_failover.minimum_healthy_targets.percentage', '101'],
    ];
    for (const [Key, Value] of bad) {
      await assert.rejects(elb.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: arn, Attributes: [{ Key, Value }] })), { name: 'ValidationError' }, Key);
    }
    assert.equal((await describeAttributes(arn))['deregistration_delay.timeout_seconds'], '300');
    const gwlb = await createTargetGroup(gw, 'gwlb', { Protocol: 'GENEVE', Port: 6081 });
    await assert.rejects(elb.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: gwlb, Attributes: [{ Key: 'target_failover.on_unhealthy', Value: 'rebalance' }] })), { name: 'ValidationError' });
    await assert.rejects(elb.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: arn.replace(/[0-9a-f]{16}$/, '0123456789abcdef') })), { name: 'TargetGroupNotFoundException' });
  });
});
