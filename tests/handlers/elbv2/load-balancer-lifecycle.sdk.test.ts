import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AddTagsCommand,
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DeleteLoadBalancerCommand,
  DeleteTargetGroupCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  ModifyLoadBalancerAttributesCommand,
  type LoadBalancerTypeEnum,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { useTestGateway } from '../../support/gateway.js';
import { createListenerWithRule } from './listener-with-rule.js';

const UNKNOWN_LB = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/gone/0123456789abcdef';

describe('load balancer deletion and attributes through the SDK', () => {
  const { gw, elb } = useTestGateway();

  async function create(Name: string, Type: LoadBalancerTypeEnum = 'application'): Promise<string> {
    const { LoadBalancers: [lb] = [] } = await elb.send(new CreateLoadBalancerCommand({ Name, Type, Subnets: ['subnet-a', 'subnet-b'] }));
    return lb.LoadBalancerArn!;
  }
  async function routingVersion(): Promise<number> {
    return Number((await gw.database.db.selectFrom('routing_version').select('version').executeTakeFirstOrThrow()).version);
  }
  async function attributes(LoadBalancerArn: string): Promise<Record<string, string>> {
    const { Attributes = [] } = await elb.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn }));
    return Object.fromEntries(Attributes.map((a) => [a.Key, a.Value]));
  }
  const modify = (LoadBalancerArn: string, changes: Record<string, string>) => elb.send(new ModifyLoadBalancerAttributesCommand({
    LoadBalancerArn, Attributes: Object.entries(changes).map(([Key, Value]) => ({ Key, Value })),
  }));

  it('deletes a load balancer, and succeeds again for one that is gone, unknown or elsewhere', async () => {
    const arn = await create('doomed');
    const before = await routingVersion();
    await elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: arn }));
    assert.equal(await routingVersion(), before + 1);
    await assert.rejects(elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [arn] })), { name: 'LoadBalancerNotFoundException' });
    await elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: arn }));
    await elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: UNKNOWN_LB }));
    await elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: UNKNOWN_LB.replace('us-east-1', 'eu-west-1') }));
    assert.equal(await routingVersion(), before + 1, 'deleting nothing moves no traffic');
  });

  it('rejects a malformed ARN with ValidationError', async () => {
    for (const LoadBalancerArn of ['nope', UNKNOWN_LB.replace(':loadbalancer/', ':targetgroup/')]) {
      await assert.rejects(elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn })), { name: 'ValidationError' }, LoadBalancerArn);
    }
  });

  it('refuses while deletion protection is enabled', async () => {
    const arn = await create('guarded');
    await modify(arn, { 'deletion_protection.enabled': 'true' });
    await assert.rejects(elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: arn })), {
      name: 'OperationNotPermittedException',
      message: `Load balancer '${arn}' cannot be deleted because deletion protection is enabled`,
    });
    await elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [arn] }));
    await modify(arn, { 'deletion_protection.enabled': 'false' });
    await elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: arn }));
  });

  it('takes listeners, rules and their tags along, and frees the target groups they used', async () => {
    const arn = await create('parent');
    const { TargetGroups: [tg] = [] } = await elb.send(new CreateTargetGroupCommand({ Name: 'kept', Protocol: 'HTTP', Port: 80, VpcId: 'vpc-1' }));
    const tgArn = tg.TargetGroupArn!;
    const { listener, rule } = await createListenerWithRule(elb, arn);
    const { Listeners: [forwarding] = [] } = await elb.send(new CreateListenerCommand({
      LoadBalancerArn: arn, Protocol: 'HTTP', Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: tgArn }],
    }));
    await elb.send(new AddTagsCommand({ ResourceArns: [arn, listener, rule, forwarding.ListenerArn!, tgArn], Tags: [{ Key: 'team', Value: 'core' }] }));
    await assert.rejects(elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: tgArn })), { name: 'ResourceInUseException' });
    await elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: arn }));
    const db = gw.database.db;
    assert.deepEqual(await db.selectFrom('listeners').select('arn').execute(), []);
    assert.deepEqual(await db.selectFrom('rules').select('arn').execute(), []);
    assert.deepEqual(await db.selectFrom('tags').select('resource_arn').execute(), [{ resource_arn: tgArn }]);
    const { TagDescriptions } = await elb.send(new DescribeTagsCommand({ ResourceArns: [tgArn] }));
    assert.deepEqual(TagDescriptions?.[0].Tags, [{ Key: 'team', Value: 'core' }]);
    await elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: tgArn }));
  });

  it('reports every attribute of the type at its default', async () => {
    const alb = await attributes(await create('alb'));
    assert.equal(alb['idle_timeout.timeout_seconds'], '60');
    assert.equal(alb['routing.http2.enabled'], 'true');
    assert.equal(alb['deletion_protection.enabled'], 'false');
    assert.equal(alb['client_keep_alive.seconds'], '3600');
    assert.equal(alb['routing.http.xff_header_processing.mode'], 'append');
    assert.equal(alb['dns_record.client_routing_policy'], undefined);
    const nlb = await attributes(await create('nlb', 'network'));
    assert.equal(nlb['load_balancing.cross_zone.enabled'], 'false');
    assert.equal(nlb['dns_record.client_routing_policy'], 'any_availability_zone');
    assert.equal(nlb['idle_timeout.timeout_seconds'], undefined);
    const gwlb = await attributes(await create('gwlb', 'gateway'));
    assert.deepEqual(Object.keys(gwlb).sort(), ['deletion_protection.enabled', 'load_balancing.cross_zone.enabled']);
  });

  it('modifies attributes, answers with all of them and bumps the routing version only on change', async () => {
    const arn = await create('tuned');
    const before = await routingVersion();
    const { Attributes = [] } = await modify(arn, { 'idle_timeout.timeout_seconds': '120', 'routing.http2.enabled': 'false' });
    assert.ok(Attributes.length > 10, 'the whole list comes back');
    assert.deepEqual(Attributes.map((a) => a.Key), [...Attributes.map((a) => a.Key!)].sort());
    assert.equal(await routingVersion(), before + 1);
    const now = await attributes(arn);
    assert.equal(now['idle_timeout.timeout_seconds'], '120');
    assert.equal(now['routing.http2.enabled'], 'false');
    await modify(arn, { 'idle_timeout.timeout_seconds': '120' });
    assert.equal(await routingVersion(), before + 1);
  });

  it('rejects unknown keys with the text Terraform looks for, and writes nothing', async () => {
    const arn = await create('strict');
    await assert.rejects(modify(arn, { 'idle_timeout.timeout_seconds': '99', 'no.such.key': 'x' }), {
      name: 'ValidationError',
      message: "Load balancer attribute key 'no.such.key' is not recognized",
    });
    assert.equal((await attributes(arn))['idle_timeout.timeout_seconds'], '60');
    await assert.rejects(modify(await create('tcp', 'network'), { 'idle_timeout.timeout_seconds': '99' }), {
      name: 'InvalidConfigurationRequestException',
      message: /attribute key 'idle_timeout.timeout_seconds' is not supported on load balancers with type 'network'/,
    });
  });

  it('rejects bad values and logs without a bucket', async () => {
    const arn = await create('values');
    for (const [Key, Value] of [['idle_timeout.timeout_seconds', '0'], ['idle_timeout.timeout_seconds', '4001'], ['idle_timeout.timeout_seconds', 'abc'],
      ['routing.http2.enabled', 'yes'], ['load_balancing.cross_zone.enabled', 'false'], ['routing.http.desync_mitigation_mode', 'lax']]) {
      await assert.rejects(modify(arn, { [Key]: Value }), { name: 'ValidationError' }, `${Key}=${Value}`);
    }
    await assert.rejects(modify(arn, { 'access_logs.s3.enabled': 'true' }), { name: 'ValidationError', message: "The value of 'access_logs.s3.bucket' cannot be empty" });
    await modify(arn, { 'access_logs.s3.enabled': 'true', 'access_logs.s3.bucket': 'logs' });
    assert.equal((await attributes(arn))['access_logs.s3.bucket'], 'logs');
  });

  it('keeps concurrent modifications of different keys (the row is locked)', async () => {
    const arn = await create('racy');
    const keys = ['routing.http2.enabled', 'waf.fail_open.enabled', 'routing.http.preserve_host_header.enabled', 'routing.http.xff_client_port.enabled'];
    await Promise.all(keys.map((key) => modify(arn, { [key]: key === 'routing.http2.enabled' ? 'false' : 'true' })));
    const now = await attributes(arn);
    assert.deepEqual(keys.map((key) => now[key]), ['false', 'true', 'true', 'true']);
  });

  it('answers LoadBalancerNotFound and ValidationError for attribute calls', async () => {
    await assert.rejects(elb.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: UNKNOWN_LB })), { name: 'LoadBalancerNotFoundException' });
    await assert.rejects(modify(UNKNOWN_LB, { 'idle_timeout.timeout_seconds': '5' }), { name: 'LoadBalancerNotFoundException' });
    await assert.rejects(elb.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: 'arn:aws:nope' })), { name: 'ValidationError' });
  });
});
