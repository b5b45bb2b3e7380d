import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DeleteListenerCommand,
  DeleteLoadBalancerCommand,
  DeleteTargetGroupCommand,
  DescribeListenersCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  type Action,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { useTestGateway } from '../../support/gateway.js';
import { albWithListener, createListener, createLoadBalancer, forward, forwardDescribed } from './listener-fixtures.js';
import { createTargetGroup, routingVersion } from './target-group-fixtures.js';

describe('listeners through the SDK', () => {
  const { gw, elb } = useTestGateway();

  it('creates an HTTP listener with its default rule and describes a simple forward in both forms', async () => {
    const before = await routingVersion(gw);
    const { lbArn, tgArn, listener } = await albWithListener(gw, 'web');
    assert.match(listener.ListenerArn!, /^arn:aws:elasticloadbalancing:us-east-1:000000000000:listener\/app\/web\/[0-9a-f]{16}\/[0-9a-f]{16}$/);
    assert.deepEqual(listener, { ListenerArn: listener.ListenerArn, LoadBalancerArn: lbArn, Port: 80, Protocol: 'HTTP', DefaultActions: [forwardDescribed(tgArn)] });
    assert.ok(await routingVersion(gw) > before);
    const byLb = await elb.send(new DescribeListenersCommand({ LoadBalancerArn: lbArn }));
    const byArn = await elb.send(new DescribeListenersCommand({ ListenerArns: [listener.ListenerArn!] }));
    assert.deepEqual(byLb.Listeners, [listener]);
    assert.deepEqual(byArn.Listeners, [listener]);
    const { Rules: [rule] = [] } = await elb.send(new DescribeRulesCommand({ ListenerArn: listener.ListenerArn }));
    assert.match(rule.RuleArn!, /:listener-rule\/app\/web\//);
    assert.deepEqual({ ...rule, RuleArn: undefined }, { RuleArn: undefined, Priority: 'default', Conditions: [], Actions: [forwardDescribed(tgArn)], IsDefault: true });
  });

  it('echoes weighted forwards, redirects and fixed responses exactly', async () => {
    const lbArn = await createLoadBalancer(gw, 'echo');
    const [blue, green] = [await createTargetGroup(gw, 'blue'), await createTargetGroup(gw, 'green')];
    const weighted: Action = { Type: 'forward', Order: 1, ForwardConfig: {
      TargetGroups: [{ TargetGroupArn: blue, Weight: 80 }, { TargetGroupArn: green, Weight: 20 }],
      TargetGroupStickinessConfig: { Enabled: true, DurationSeconds: 3600 },
    } };
    assert.deepEqual((await createListener(gw, { LoadBalancerArn: lbArn, Protocol: 'HTTP', Port: 80, DefaultActions: [weighted] })).DefaultActions, [weighted]);
    const redirect: Action = { Type: 'redirect', Order: 1, RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } };
    assert.deepEqual((await createListener(gw, { LoadBalancerArn: lbArn, Protocol: 'HTTP', Port: 8080, DefaultActions: [redirect] })).DefaultActions, [{
      ...redirect, RedirectConfig: { Protocol: 'HTTPS', Port: '443', Host: '#{host}', Path: '/#{path}', Query: '#{query}', StatusCode: 'HTTP_301' },
    }]);
    const fixed: Action = { Type: 'fixed-response', FixedResponseConfig: { StatusCode: '503', ContentType: 'application/json', MessageBody: '{"down":true}' } };
    assert.deepEqual((await createListener(gw, { LoadBalancerArn: lbArn, Protocol: 'HTTP', Port: 8081, DefaultActions: [fixed] })).DefaultActions, [fixed]);
    const single: Action = { Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: blue, Weight: 5 }] } };
    const [described] = (await createListener(gw, { LoadBalancerArn: lbArn, Protocol: 'HTTP', Port: 8082, DefaultActions: [single] })).DefaultActions!;
    assert.deepEqual(described, { Type: 'forward', TargetGroupArn: blue, ForwardConfig: { TargetGroups: [{ TargetGroupArn: blue, Weight: 5 }], TargetGroupStickinessConfig: { Enabled: false } } });
  });

  it('answers LoadBalancerNotFound, TargetGroupNotFound and ListenerNotFound', async () => {
    const lbArn = await createLoadBalancer(gw, 'nf');
    const missingTg = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/none/0123456789abcdef';
    await assert.rejects(createListener(gw, { LoadBalancerArn: lbArn, Protocol: 'HTTP', Port: 80, DefaultActions: [forward(missingTg)] }), { name: 'TargetGroupNotFoundException' });
    await assert.rejects(createListener(gw, { LoadBalancerArn: lbArn.replace(/[0-9a-f]{16}$/, '0123456789abcdef'), Protocol: 'HTTP', Port: 80, DefaultActions: [forward(missingTg)] }), { name: 'LoadBalancerNotFoundException' });
    const missingListener = `${lbArn.replace(':loadbalancer/', ':listener/')}/0123456789abcdef`;
    await assert.rejects(elb.send(new DescribeListenersCommand({ ListenerArns: [missingListener] })), { name: 'ListenerNotFoundException' });
    await assert.rejects(elb.send(new DeleteListenerCommand({ ListenerArn: missingListener })), { name: 'ListenerNotFoundException' });
    await assert.rejects(elb.send(new DescribeListenersCommand({})), { name: 'ValidationError' });
  });

  it('is idempotent for identical settings and DuplicateListener otherwise, also under concurrency', async () => {
    const { lbArn, tgArn, listener } = await albWithListener(gw, 'dup');
    const again = await createListener(gw, { LoadBalancerArn: lbArn, Protocol: 'HTTP', Port: 80, DefaultActions: [forward(tgArn)] });
    assert.equal(again.ListenerArn, listener.ListenerArn);
    await assert.rejects(createListener(gw, { LoadBalancerArn: lbArn, Protocol: 'HTTP', Port: 80, DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }] }),
      { name: 'DuplicateListenerException', message: 'A listener already exists on this port for this load balancer' });
    const race = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => createListener(gw, {
      LoadBalancerArn: lbArn, Protocol: 'HTTP', Port: 9000, DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: String(200 + i) } }],
    })));
    assert.equal(race.filter((r) => r.status === 'fulfilled').length, 1);
    assert.ok(race.every((r) => r.status === 'fulfilled' || (r.reason as Error).name === 'DuplicateListenerException'));
  });

  it('lets a target group serve one load balancer only', async () => {
    const { tgArn } = await albWithListener(gw, 'first');
    const other = await createLoadBalancer(gw, 'second');
    await assert.rejects(createListener(gw, { LoadBalancerArn: other, Protocol: 'HTTP', Port: 80, DefaultActions: [forward(tgArn)] }), {
      name: 'TargetGroupAssociationLimitException',
      message: `The following target groups cannot be associated with more than one load balancer: ${tgArn}`,
    });
  });

  it('stops at 50 listeners per load balancer', async () => {
    const lbArn = await createLoadBalancer(gw, 'many');
    const fixed: Action[] = [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } }];
    for (let port = 1; port <= 50; port++) await createListener(gw, { LoadBalancerArn: lbArn, Protocol: 'HTTP', Port: port, DefaultActions: fixed });
    await assert.rejects(createListener(gw, { LoadBalancerArn: lbArn, Protocol: 'HTTP', Port: 51, DefaultActions: fixed }), { name: 'TooManyListenersException' });
    const first = await elb.send(new DescribeListenersCommand({ LoadBalancerArn: lbArn, PageSize: 40 }));
    const second = await elb.send(new DescribeListenersCommand({ LoadBalancerArn: lbArn, PageSize: 40, Marker: first.NextMarker }));
    assert.deepEqual([first.Listeners?.length, second.Listeners?.length, second.NextMarker], [40, 10, undefined]);
  });

  it('deletes a listener with its rules and tags, freeing its target groups', async () => {
    const lbArn = await createLoadBalancer(gw, 'del');
    const tgArn = await createTargetGroup(gw, 'del-tg');
    const listener = await createListener(gw, { LoadBalancerArn: lbArn, Protocol: 'HTTP', Port: 80, DefaultActions: [forward(tgArn)], Tags: [{ Key: 'team', Value: 'web' }] });
    assert.deepEqual((await elb.send(new DescribeTagsCommand({ ResourceArns: [listener.ListenerArn!] }))).TagDescriptions?.[0].Tags, [{ Key: 'team', Value: 'web' }]);
    await assert.rejects(elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: tgArn })), { name: 'ResourceInUseException' });
    await elb.send(new DeleteListenerCommand({ ListenerArn: listener.ListenerArn }));
    await assert.rejects(elb.send(new DescribeListenersCommand({ ListenerArns: [listener.ListenerArn!] })), { name: 'ListenerNotFoundException' });
    assert.equal((await gw.database.db.selectFrom('tags').selectAll().execute()).length, 0);
    await elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: tgArn }));
  });

  it('goes with its load balancer', async () => {
    const { lbArn, tgArn, listener } = await albWithListener(gw, 'cascade');
    await elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: lbArn }));
    await assert.rejects(elb.send(new DescribeListenersCommand({ ListenerArns: [listener.ListenerArn!] })), { name: 'ListenerNotFoundException' });
    assert.equal((await gw.database.db.selectFrom('rules').selectAll().execute()).length, 0);
    await elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: tgArn }));
  });
});
