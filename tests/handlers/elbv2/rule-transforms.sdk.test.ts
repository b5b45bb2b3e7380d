import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import {
  CreateRuleCommand,
  DescribeRulesCommand,
  ModifyRuleCommand,
  type Rule,
  type RuleTransform,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { useTestGateway } from '../../support/gateway.js';
import { albWithListener } from './listener-fixtures.js';

const host: RuleTransform = { Type: 'host-header-rewrite', HostHeaderRewriteConfig: { Rewrites: [{ Regex: '^mywebsite-(.+).com$', Replace: 'internal.dev.$1.myweb.com' }] } };
const url: RuleTransform = { Type: 'url-rewrite', UrlRewriteConfig: { Rewrites: [{ Regex: '^/dp/([A-Za-z0-9]+)/?$', Replace: '/product.php?id=$1' }] } };

describe('listener rule transforms through the SDK', () => {
  const { gw, elb } = useTestGateway();
  let listenerArn: string;
  const create = async (Transforms?: RuleTransform[], Priority = 1): Promise<Rule> => (await elb.send(new CreateRuleCommand({
    ListenerArn: listenerArn, Priority, Transforms,
    Conditions: [{ Field: 'path-pattern', Values: ['/dp/*'] }],
    Actions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } }],
  }))).Rules![0];
  const describeRule = async (arn: string): Promise<Rule> => (await elb.send(new DescribeRulesCommand({ RuleArns: [arn] }))).Rules![0];
  beforeEach(async () => {
    ({ listener: { ListenerArn: listenerArn = '' } } = await albWithListener(gw, 'transforms'));
  });

  it('echoes transforms from CreateRule, DescribeRules and ModifyRule; ResetTransforms clears them', async () => {
    const rule = await create([host, url]);
    assert.deepEqual(rule.Transforms, [host, url]);
    assert.deepEqual((await describeRule(rule.RuleArn!)).Transforms, [host, url]);

    const emptied: RuleTransform = { Type: 'url-rewrite', UrlRewriteConfig: { Rewrites: [{ Regex: '^/old', Replace: '' }] } };
    const { Rules: [modified] = [] } = await elb.send(new ModifyRuleCommand({ RuleArn: rule.RuleArn, Transforms: [emptied] }));
    assert.deepEqual(modified.Transforms, [emptied]);
    const { Rules: [actionsOnly] = [] } = await elb.send(new ModifyRuleCommand({ RuleArn: rule.RuleArn, Actions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '204' } }] }));
    assert.deepEqual(actionsOnly.Transforms, [emptied], 'kept when neither Transforms nor ResetTransforms is given');

    const { Rules: [reset] = [] } = await elb.send(new ModifyRuleCommand({ RuleArn: rule.RuleArn, ResetTransforms: true }));
    assert.equal(reset.Transforms, undefined);
    assert.equal((await describeRule(rule.RuleArn!)).Transforms, undefined);
    assert.equal((await create(undefined, 2)).Transforms, undefined);
  });

  it('refuses transforms AWS refuses', async () => {
    const rewrite = { Regex: '^/a', Replace: '/b' };
    const bad: Array<[RuleTransform[], RegExp]> = [
      [[{ Type: 'path-rewrite' as RuleTransform['Type'], UrlRewriteConfig: { Rewrites: [rewrite] } }], /enum value set/],
      [[url, { ...url }], /only have one 'url-rewrite'/],
      [[host, url, url], /length less than or equal to 2/],
      [[{ Type: 'url-rewrite' }], /exactly one rewrite/],
      [[{ Type: 'url-rewrite', UrlRewriteConfig: { Rewrites: [rewrite, rewrite] } }], /exactly one rewrite/],
      [[{ Type: 'url-rewrite', HostHeaderRewriteConfig: { Rewrites: [rewrite] } }], /not compatible/],
      [[{ Type: 'url-rewrite', UrlRewriteConfig: { Rewrites: [{ Regex: '', Replace: '/b' }] } }], /length greater than or equal to 1/],
      [[{ Type: 'url-rewrite', UrlRewriteConfig: { Rewrites: [{ Regex: '^/a', Replace: 'x'.repeat(1025) }] } }], /length less than or equal to 1024/],
      [[{ Type: 'url-rewrite', UrlRewriteConfig: { Rewrites: [{ Regex: '^/a' } as typeof rewrite] } }], /must not be null/],
      // The guide lists what the regexes do not support: lookarounds, back-references, `\p{L}`…
      [[{ Type: 'url-rewrite', UrlRewriteConfig: { Rewrites: [{ Regex: '^/(?=a)', Replace: '/b' }] } }], /'url-rewrite' regular expression '\^\/\(\?=a\)' is not valid/],
      [[{ Type: 'url-rewrite', UrlRewriteConfig: { Rewrites: [{ Regex: '^/(a)\\1', Replace: '/b' }] } }], /is not valid/],
      [[{ Type: 'host-header-rewrite', HostHeaderRewriteConfig: { Rewrites: [{ Regex: '^\\p{L}+$', Replace: 'x' }] } }], /'host-header-rewrite' regular expression .* is not valid/],
    ];
    for (const [Transforms, message] of bad) await assert.rejects(create(Transforms), { name: 'ValidationError', message }, String(message));

    const rule = await create([url]);
    await assert.rejects(elb.send(new ModifyRuleCommand({ RuleArn: rule.RuleArn, Transforms: [host], ResetTransforms: true })), { name: 'ValidationError' });
    const [defaultRule] = (await elb.send(new DescribeRulesCommand({ ListenerArn: listenerArn }))).Rules!.filter((r) => r.IsDefault);
    await assert.rejects(elb.send(new ModifyRuleCommand({ RuleArn: defaultRule.RuleArn, Transforms: [host] })), { name: 'OperationNotPermittedException' });
    assert.deepEqual((await describeRule(rule.RuleArn!)).Transforms, [url], 'unchanged by refused changes');
  });
});
