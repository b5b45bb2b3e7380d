import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import {
  CreateRuleCommand,
  DescribeRulesCommand,
  type Action,
  type CreateRuleInput,
  type RuleCondition,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { useTestGateway } from '../../support/gateway.js';
import { albWithListener, createListener, createLoadBalancer, forward, forwardDescribed } from './listener-fixtures.js';
import { createTargetGroup, routingVersion } from './target-group-fixtures.js';

const path = (value: string): RuleCondition => ({ Field: 'path-pattern', PathPatternConfig: { Values: [value] } });
const fixed: Action[] = [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } }];

describe('listener rules through the SDK', () => {
  const { gw, elb } = useTestGateway();
  let listenerArn: string;
  let tgArn: string;
  const create = async (input: Partial<CreateRuleInput>) => (await elb.send(new CreateRuleCommand({ ListenerArn: listenerArn, Conditions: [path('/x')], Actions: fixed, Priority: 1, ...input }))).Rules![0];
  beforeEach(async () => {
    ({ listener: { ListenerArn: listenerArn = '' }, tgArn } = await albWithListener(gw, 'rules'));
  });

  it('creates rules and describes them by priority, the default rule last', async () => {
    const before = await routingVersion(gw);
    const second = await create({ Priority: 20, Conditions: [{ Field: 'path-pattern', Values: ['/api/*'] }], Actions: [forward(tgArn)] });
    assert.ok(await routingVersion(gw) > before);
    assert.match(second.RuleArn!, /:listener-rule\/app\/rules\/[0-9a-f]{16}\/[0-9a-f]{16}\/[0-9a-f]{16}$/);
    assert.deepEqual({ ...second, RuleArn: undefined }, {
      RuleArn: undefined, Priority: '20', IsDefault: false, Actions: [forwardDescribed(tgArn)],
      Conditions: [{ Field: 'path-pattern', Values: ['/api/*'], PathPatternConfig: { Values: ['/api/*'] } }],
    });
    await create({ Priority: 5 });
    const { Rules = [] } = await elb.send(new DescribeRulesCommand({ ListenerArn: listenerArn }));
    assert.deepEqual(Rules.map((r) => r.Priority), ['5', '20', 'default']);
    const page = await elb.send(new DescribeRulesCommand({ ListenerArn: listenerArn, PageSize: 2 }));
    const rest = await elb.send(new DescribeRulesCommand({ ListenerArn: listenerArn, PageSize: 2, Marker: page.NextMarker }));
    assert.deepEqual([...page.Rules!, ...rest.Rules!].map((r) => r.Priority), ['5', '20', 'default']);
    const byArn = await elb.send(new DescribeRulesCommand({ RuleArns: [Rules[2].RuleArn!, second.RuleArn!] }));
    assert.deepEqual(byArn.Rules?.map((r) => r.Priority), ['20', 'default']);
    await assert.rejects(elb.send(new DescribeRulesCommand({ ListenerArn: listenerArn, RuleArns: [second.RuleArn!] })), { name: 'ValidationError' });
  });

  it('echoes all six condition types in the form AWS describes them', async () => {
    const given: RuleCondition[] = [
      { Field: 'host-header', Values: ['api.example.com'] },
      { Field: 'path-pattern', PathPatternConfig: { Values: ['/v1/*'] } },
      { Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X-Env', Values: ['prod'] } },
      { Field: 'http-request-method', HttpRequestMethodConfig: { Values: ['GET'] } },
      { Field: 'query-string', QueryStringConfig: { Values: [{ Key: 'beta', Value: 'on' }] } },
    ];
    const rule = await create({ Conditions: given });
    assert.deepEqual(rule.Conditions, [
      { Field: 'host-header', Values: ['api.example.com'], HostHeaderConfig: { Values: ['api.example.com'] } },
      { Field: 'path-pattern', Values: ['/v1/*'], PathPatternConfig: { Values: ['/v1/*'] } },
      ...given.slice(2),
    ]);
    const sourceIp = await create({ Priority: 2, Conditions: [{ Field: 'source-ip', SourceIpConfig: { Values: ['10.0.0.0/8', '2001:db8::/32'] } }] });
    assert.deepEqual(sourceIp.Conditions, [{ Field: 'source-ip', SourceIpConfig: { Values: ['10.0.0.0/8', '2001:db8::/32'] } }]);
    const hostConfig = await create({ Priority: 3, Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['a.example.com', 'b.example.com'] } }] });
    assert.deepEqual(hostConfig.Conditions?.[0].Values, ['a.example.com', 'b.example.com']);
    const described = await elb.send(new DescribeRulesCommand({ RuleArns: [rule.RuleArn!] }));
    assert.deepEqual(described.Rules?.[0].Conditions, rule.Conditions);
  });

  it('echoes weighted forwards, redirects and fixed responses on rules', async () => {
    const other = await createTargetGroup(gw, 'other');
    const weighted: Action = { Type: 'forward', Order: 1, ForwardConfig: {
      TargetGroups: [{ TargetGroupArn: tgArn, Weight: 90 }, { TargetGroupArn: other, Weight: 10 }],
      TargetGroupStickinessConfig: { Enabled: true, DurationSeconds: 60 },
    } };
    assert.deepEqual((await create({ Actions: [weighted] })).Actions, [weighted]);
    const redirect: Action = { Type: 'redirect', RedirectConfig: { Protocol: '#{protocol}', Port: '#{port}', Host: 'new.example.com', Path: '/#{path}', Query: '#{query}', StatusCode: 'HTTP_302' } };
    assert.deepEqual((await create({ Priority: 2, Actions: [redirect] })).Actions, [redirect]);
  });

  it('enforces condition rules and limits', async () => {
    const bad: Array<[RuleCondition[], RegExp]> = [
      [[], /at least one condition/],
      [[path('/a'), path('/b')], /only have one 'path-pattern'/],
      [[{ Field: 'http-request-method', Values: ['GET'] }], /not compatible/],
      [[{ Field: 'host-header', HostHeaderConfig: { Values: ['a.example.com', 'b.example.com', 'c.example.com'] } },
        { Field: 'path-pattern', PathPatternConfig: { Values: ['/1', '/2', '/3'] } }], /'5' condition values/],
      // JavaScript compiles it, Go's RE2 (Traefik's engine) does not.
      [[{ Field: 'path-pattern', PathPatternConfig: { RegexValues: ['^/caf\\u00e9$'] } }], /regular expression '\^\/caf\\u00e9\$' is not valid/],
    ];
    for (const [Conditions, message] of bad) await assert.rejects(create({ Conditions }), { name: 'ValidationError', message }, String(message));
  });

  it('answers PriorityInUse, also to all but one of concurrent creates of one priority', async () => {
    await create({ Priority: 10 });
    await assert.rejects(create({ Priority: 10 }), { name: 'PriorityInUseException', message: "Priority '10' is currently in use" });
    const race = await Promise.allSettled(Array.from({ length: 8 }, () => create({ Priority: 11 })));
    assert.equal(race.filter((r) => r.status === 'fulfilled').length, 1);
    assert.ok(race.every((r) => r.status === 'fulfilled' || (r.reason as Error).name === 'PriorityInUseException'));
  });

  it('stops at 100 rules per load balancer, default rules not counted', async () => {
    for (let priority = 1; priority <= 100; priority++) await create({ Priority: priority });
    await assert.rejects(create({ Priority: 101 }), { name: 'TooManyRulesException' });
  });

  it('refuses rules on NLB listeners and unknown listeners', async () => {
    const nlb = await createLoadBalancer(gw, 'nlb', 'network');
    const tcpTg = await createTargetGroup(gw, 'tcp', { Protocol: 'TCP' });
    const tcp = await createListener(gw, { LoadBalancerArn: nlb, Protocol: 'TCP', Port: 80, DefaultActions: [forward(tcpTg)] });
    await assert.rejects(create({ ListenerArn: tcp.ListenerArn }), { name: 'ValidationError' });
    await assert.rejects(create({ ListenerArn: listenerArn.replace(/[0-9a-f]{16}$/, '0123456789abcdef') }), { name: 'ListenerNotFoundException' });
  });
});
