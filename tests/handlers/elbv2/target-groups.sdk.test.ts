import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateTargetGroupCommand,
  DeleteTargetGroupCommand,
  DescribeTargetGroupsCommand,
  ModifyTargetGroupCommand,
  type CreateTargetGroupInput,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { sql } from 'kysely';
import { useTestGateway } from '../../support/gateway.js';
import { attachToLoadBalancer, createTargetGroup, routingVersion } from './target-group-fixtures.js';

const HTTP = { Protocol: 'HTTP', Port: 80, VpcId: 'vpc-1' } as const;

describe('target groups through the SDK', () => {
  const { gw, elb } = useTestGateway();
  const create = async (input: Partial<CreateTargetGroupInput> & { Name: string }) => (await elb.send(new CreateTargetGroupCommand(input))).TargetGroups![0];

  it('creates an HTTP target group with the ALB health-check defaults', async () => {
    const tg = await create({ Name: 'web', ...HTTP });
    assert.match(tg.TargetGroupArn!, /^arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup\/web\/[0-9a-f]{16}$/);
    assert.deepEqual({ ...tg, TargetGroupArn: undefined }, {
      TargetGroupArn: undefined, TargetGroupName: 'web', Protocol: 'HTTP', Port: 80, VpcId: 'vpc-1',
      HealthCheckProtocol: 'HTTP', HealthCheckPort: 'traffic-port', HealthCheckEnabled: true,
      HealthCheckIntervalSeconds: 30, HealthCheckTimeoutSeconds: 5, HealthyThresholdCount: 5, UnhealthyThresholdCount: 2,
      HealthCheckPath: '/', Matcher: { HttpCode: '200' }, TargetType: 'instance',
      ProtocolVersion: 'HTTP1', IpAddressType: 'ipv4',
    });
  });

  it('uses the NLB, GWLB, gRPC and Lambda defaults', async () => {
    const tcp = await create({ Name: 'tcp', Protocol: 'TCP', Port: 5432, VpcId: 'vpc-1', TargetType: 'ip' });
    assert.equal(tcp.HealthCheckProtocol, 'TCP');
    assert.equal(tcp.HealthCheckTimeoutSeconds, 10);
    assert.equal(tcp.HealthCheckPath, undefined);
    assert.equal(tcp.Matcher, undefined);
    assert.equal(tcp.ProtocolVersion, undefined);
    const tcpHttp = await create({ Name: 'tcp-http', Protocol: 'TCP', Port: 80, VpcId: 'vpc-1', HealthCheckProtocol: 'HTTP' });
    assert.deepEqual([tcpHttp.HealthCheckTimeoutSeconds, tcpHttp.HealthCheckPath, tcpHttp.Matcher], [6, '/', { HttpCode: '200-399' }]);
    const geneve = await create({ Name: 'gwlb', Protocol: 'GENEVE', Port: 6081, VpcId: 'vpc-1' });
    assert.deepEqual([geneve.HealthCheckProtocol, geneve.HealthCheckPort, geneve.HealthCheckIntervalSeconds, geneve.HealthCheckTimeoutSeconds], ['TCP', '80', 10, 5]);
    const grpc = await create({ Name: 'grpc', Protocol: 'HTTPS', Port: 443, VpcId: 'vpc-1', ProtocolVersion: 'grpc' });
    assert.deepEqual([grpc.ProtocolVersion, grpc.HealthCheckPath, grpc.Matcher], ['GRPC', '/AWS.ALB/healthcheck', { GrpcCode: '12' }]);
    const fn = await create({ Name: 'fn', TargetType: 'lambda' });
    assert.deepEqual([fn.Protocol, fn.Port, fn.VpcId, fn.HealthCheckEnabled, fn.HealthCheckIntervalSeconds, fn.HealthCheckTimeoutSeconds, fn.HealthCheckPort],
      [undefined, undefined, undefined, false, 35, 30, undefined]);
  });

  it('rejects invalid combinations with ValidationError', async () => {
    const bad: Array<Partial<CreateTargetGroupInput>> = [
      { TargetType: 'lambda', Port: 80 },
      { Protocol: 'HTTP', Port: 80 },
      { Protocol: 'HTTP', VpcId: 'vpc-1' },
      { TargetType: 'alb', Protocol: 'HTTP', Port: 80, VpcId: 'vpc-1' },
      { Protocol: 'GENEVE', Port: 80, VpcId: 'vpc-1' },
      { Protocol: 'TCP', Port: 80, VpcId: 'vpc-1', ProtocolVersion: 'HTTP2' },
      { ...HTTP, ProtocolVersion: 'HTTP3' },
      { ...HTTP, HealthCheckIntervalSeconds: 301 },
      { ...HTTP, HealthCheckIntervalSeconds: 4 },
      { ...HTTP, HealthCheckTimeoutSeconds: 121 },
      { ...HTTP, HealthyThresholdCount: 11 },
      { ...HTTP, UnhealthyThresholdCount: 1 },
      { ...HTTP, HealthCheckIntervalSeconds: 10, HealthCheckTimeoutSeconds: 10 },
      { ...HTTP, HealthCheckEnabled: false },
      { ...HTTP, HealthCheckProtocol: 'TCP' },
      { ...HTTP, HealthCheckPort: '70000' },
      { ...HTTP, HealthCheckPath: 'no-slash' },
      { Protocol: 'TCP', Port: 80, VpcId: 'vpc-1', Matcher: { HttpCode: '200' } },
      { Protocol: 'TCP', Port: 80, VpcId: 'vpc-1', HealthCheckProtocol: 'UDP' },
      { ...HTTP, Matcher: { HttpCode: '600' } },
      { ...HTTP, Matcher: { HttpCode: '299-200' } },
      { ...HTTP, Matcher: { HttpCode: 'ok' } },
      { ...HTTP, Matcher: { GrpcCode: '0' } },
      { ...HTTP, ProtocolVersion: 'GRPC', Matcher: { GrpcCode: '100' } },
      { ...HTTP, TargetType: 'lambda' },
    ];
    for (const [index, input] of bad.entries()) {
      await assert.rejects(elb.send(new CreateTargetGroupCommand({ Name: `bad-${index}`, ...input })), { name: 'ValidationError' }, JSON.stringify(input));
    }
    for (const Name of ['-lead', 'trail-', 'under_score', 'x'.repeat(33)]) {
      await assert.rejects(elb.send(new CreateTargetGroupCommand({ Name, ...HTTP })), { name: 'ValidationError' }, Name);
    }
    const interval = elb.send(new CreateTargetGroupCommand({ Name: 'iv', ...HTTP, HealthCheckIntervalSeconds: 5, HealthCheckTimeoutSeconds: 6 }));
    await assert.rejects(interval, { name: 'ValidationError', message: 'Health check interval must be greater than the timeout.' });
    // The default NLB timeout (10) counts too.
    await assert.rejects(elb.send(new CreateTargetGroupCommand({ Name: 'nlb-iv', Protocol: 'TCP', Port: 80, VpcId: 'vpc-1', HealthCheckIntervalSeconds: 10 })), { name: 'ValidationError' });
    // Terraform's empty ProtocolVersion means the default.
    assert.equal((await create({ Name: 'tf', ...HTTP, ProtocolVersion: '' })).ProtocolVersion, 'HTTP1');
  });

  it('accepts matcher lists and ranges within the allowed codes', async () => {
    assert.deepEqual((await create({ Name: 'm1', ...HTTP, Matcher: { HttpCode: '200,202' } })).Matcher, { HttpCode: '200,202' });
    assert.deepEqual((await create({ Name: 'm2', ...HTTP, Matcher: { HttpCode: '200-299,404' } })).Matcher, { HttpCode: '200-299,404' });
    const nlb = await create({ Name: 'm3', Protocol: 'TCP', Port: 80, VpcId: 'vpc-1', HealthCheckProtocol: 'HTTP', Matcher: { HttpCode: '200-599' } });
    assert.deepEqual(nlb.Matcher, { HttpCode: '200-599' });
  });

  it('is idempotent for identical settings and DuplicateTargetGroupName otherwise', async () => {
    const first = await create({ Name: 'same', ...HTTP });
    const again = await create({ Name: 'same', ...HTTP, HealthCheckPath: '/' });
    assert.equal(again.TargetGroupArn, first.TargetGroupArn);
    await assert.rejects(elb.send(new CreateTargetGroupCommand({ Name: 'same', ...HTTP, Port: 8080 })), {
      name: 'DuplicateTargetGroupNameException',
      message: "A target group with the same name 'same' exists, but with different settings",
    });
  });

  it('settles concurrent same-name creates on one target group', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => create({ Name: 'race', ...HTTP })));
    assert.equal(new Set(results.map((tg) => tg.TargetGroupArn)).size, 1);
  });

  it('answers TooManyTargetGroups at 3000 per Region', async () => {
    await sql`insert into target_groups (arn, account_id, region, name, target_type, health_check_enabled, health_check_interval_seconds,
        health_check_timeout_seconds, healthy_threshold_count, unhealthy_threshold_count, attributes, created_at)
      select 'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/q' || n || '/' || lpad(to_hex(n), 16, '0'), '000000000000',
        'us-east-1', 'q' || n, 'lambda', false, 35, 30, 5, 2, '{}', now() from generate_series(1, 3000) as n`.execute(gw.database.db);
    await assert.rejects(elb.send(new CreateTargetGroupCommand({ Name: 'one-more', ...HTTP })), { name: 'TooManyTargetGroupsException' });
    await assert.doesNotReject(gw.client('us-west-2').send(new CreateTargetGroupCommand({ Name: 'elsewhere', ...HTTP })));
  });

  it('stores tags given on create', async () => {
    const arn = await createTargetGroup(gw, 'tagged', { Tags: [{ Key: 'team', Value: 'web' }] });
    const tags = await gw.database.db.selectFrom('tags').select(['key', 'value']).where('resource_arn', '=', arn).execute();
    assert.deepEqual(tags, [{ key: 'team', value: 'web' }]);
  });

  it('describes by ARN, by name, by load balancer, and pages', async () => {
    const a = await createTargetGroup(gw, 'a');
    const b = await createTargetGroup(gw, 'b');
    await createTargetGroup(gw, 'c');
    const { loadBalancerArn } = await attachToLoadBalancer(gw, b);
    const byArn = await elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [b, a] }));
    assert.deepEqual(byArn.TargetGroups?.map((tg) => tg.TargetGroupName), ['b', 'a']);
    assert.deepEqual(byArn.TargetGroups?.map((tg) => tg.LoadBalancerArns), [[loadBalancerArn], []]);
    const byName = await elb.send(new DescribeTargetGroupsCommand({ Names: ['c', 'a'] }));
    assert.deepEqual(byName.TargetGroups?.map((tg) => tg.TargetGroupName), ['c', 'a']);
    const byLb = await elb.send(new DescribeTargetGroupsCommand({ LoadBalancerArn: loadBalancerArn }));
    assert.deepEqual(byLb.TargetGroups?.map((tg) => tg.TargetGroupArn), [b]);
    const first = await elb.send(new DescribeTargetGroupsCommand({ PageSize: 2 }));
    assert.deepEqual(first.TargetGroups?.map((tg) => tg.TargetGroupName), ['a', 'b']);
    const second = await elb.send(new DescribeTargetGroupsCommand({ PageSize: 2, Marker: first.NextMarker }));
    assert.deepEqual(second.TargetGroups?.map((tg) => tg.TargetGroupName), ['c']);
    assert.equal(second.NextMarker, undefined);
  });

  it('answers TargetGroupNotFound, LoadBalancerNotFound and ValidationError on describe', async () => {
    const a = await createTargetGroup(gw, 'a');
    await assert.rejects(elb.send(new DescribeTargetGroupsCommand({ Names: ['a', 'nope'] })), { name: 'TargetGroupNotFoundException' });
    await assert.rejects(elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [a.replace(/[0-9a-f]{16}$/, '0123456789abcdef')] })), { name: 'TargetGroupNotFoundException' });
    await assert.rejects(elb.send(new DescribeTargetGroupsCommand({ LoadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/x/0123456789abcdef' })), { name: 'LoadBalancerNotFoundException' });
    await assert.rejects(elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: ['not-an-arn'] })), { name: 'ValidationError' });
    await assert.rejects(elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [a], Names: ['a'] })), { name: 'ValidationError' });
  });

  it('modifies the health check, validates like create, and bumps the routing version', async () => {
    const arn = await createTargetGroup(gw, 'tcp', { Protocol: 'TCP' });
    const before = await routingVersion(gw);
    const http = (await elb.send(new ModifyTargetGroupCommand({ TargetGroupArn: arn, HealthCheckProtocol: 'HTTP', HealthCheckPath: '/health' }))).TargetGroups![0];
    assert.deepEqual([http.HealthCheckProtocol, http.HealthCheckPath, http.Matcher, http.HealthCheckTimeoutSeconds], ['HTTP', '/health', { HttpCode: '200-399' }, 10]);
    assert.equal(await routingVersion(gw), before + 1);
    const back = (await elb.send(new ModifyTargetGroupCommand({ TargetGroupArn: arn, HealthCheckProtocol: 'TCP', HealthyThresholdCount: 3 }))).TargetGroups![0];
    assert.deepEqual([back.HealthCheckPath, back.Matcher, back.HealthyThresholdCount], [undefined, undefined, 3]);
    await assert.rejects(elb.send(new ModifyTargetGroupCommand({ TargetGroupArn: arn, HealthCheckTimeoutSeconds: 60 })), { name: 'ValidationError' });
    await assert.rejects(elb.send(new ModifyTargetGroupCommand({ TargetGroupArn: arn, Matcher: { HttpCode: '200' } })), { name: 'ValidationError' });
    const described = (await elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [arn] }))).TargetGroups![0];
    assert.equal(described.HealthCheckTimeoutSeconds, 10);
  });

  it('deletes a target group, succeeds for a missing one, and refuses one in use', async () => {
    const free = await createTargetGroup(gw, 'free', { Tags: [{ Key: 'k', Value: 'v' }] });
    await elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: free }));
    await elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: free }));
    assert.equal((await gw.database.db.selectFrom('tags').selectAll().where('resource_arn', '=', free).execute()).length, 0);
    await assert.rejects(elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [free] })), { name: 'TargetGroupNotFoundException' });

    const used = await createTargetGroup(gw, 'used');
    const { ruleArn } = await attachToLoadBalancer(gw, used);
    await assert.rejects(elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: used })), {
      name: 'ResourceInUseException',
      message: `Target group '${used}' is currently in use by a listener or a rule`,
    });
    await gw.database.db.deleteFrom('rules').where('arn', '=', ruleArn).execute();
    await elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: used }));
    await assert.rejects(elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:000000000000:bogus' })), { name: 'ValidationError' });
  });
});
