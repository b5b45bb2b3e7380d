import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import type { RuleCondition } from '@aws-sdk/client-elastic-load-balancing-v2';
import { handler as createListener } from '../../../../handlers/elbv2/CreateListener.js';
import { handler as createRule } from '../../../../handlers/elbv2/CreateRule.js';
import { handler as deleteRule } from '../../../../handlers/elbv2/DeleteRule.js';
import { handler as describeRules } from '../../../../handlers/elbv2/DescribeRules.js';
import { handler as modifyRule } from '../../../../handlers/elbv2/ModifyRule.js';
import { handler as setRulePriorities } from '../../../../handlers/elbv2/SetRulePriorities.js';
import { newId, ruleArn } from '../../../../handlers/elbv2/lib/arn.js';
import { MAX_RULES_PER_LOAD_BALANCER } from '../../../../handlers/elbv2/lib/rules.js';
import { testContext } from '../../../support/context.js';
import { albWithListener, fixedResponse, forward, makeLoadBalancer, makeTargetGroup, MISSING, routingVersion } from './fixtures.js';

type CreateRuleRequest = Parameters<typeof createRule>[0];

const path = (value: string): RuleCondition => ({ Field: 'path-pattern', Values: [value] });
const rewrite: NonNullable<CreateRuleRequest['Transforms']>[number] = { Type: 'url-rewrite', UrlRewriteConfig: { Rewrites: [{ Regex: '^/old/(.*)$', Replace: '/new/$1' }] } };

describe('rule handlers, called directly', () => {
  const kit = testContext();
  let listenerArn: string;
  let lbArn: string;
  let tgArn: string;
  /** A rule on the suite's listener: a fixed response on /x at `priority`, unless told otherwise. */
  const create = async (priority: number, extra: Partial<CreateRuleRequest> = {}) =>
    (await createRule({ ListenerArn: listenerArn, Priority: priority, Conditions: [path('/x')], Actions: [fixedResponse()], ...extra }, kit.ctx())).Rules![0];
  /** The default rule of the suite's listener, as DescribeRules lists it (last). */
  const defaultRule = async () => (await describeRules({ ListenerArn: listenerArn }, kit.ctx())).Rules!.at(-1)!;

  beforeEach(async () => {
    ({ lbArn, tgArn, listenerArn } = await albWithListener(kit.ctx(), 'rules'));
  });

  describe('CreateRule', () => {
    it('adds a rule, links its target group and bumps the routing version', async () => {
      const before = await routingVersion(kit.database);
      const rule = await create(10, { Actions: [forward(tgArn)], Tags: [{ Key: 'team', Value: 'web' }] });
      assert.deepEqual([rule.Priority, rule.IsDefault], ['10', false]);
      assert.ok(await routingVersion(kit.database) > before);
      const links = await kit.database.db.selectFrom('rule_target_groups').select('target_group_arn').where('rule_arn', '=', rule.RuleArn!).execute();
      assert.deepEqual(links, [{ target_group_arn: tgArn }]);
    });

    it('refuses a priority in use with PriorityInUse (what Terraform retries on)', async () => {
      await create(5);
      await assert.rejects(create(5, { Conditions: [path('/y')] }), { code: 'PriorityInUse', message: "Priority '5' is currently in use" });
    });

    it('refuses rules on a Network Load Balancer listener', async () => {
      const nlb = await makeLoadBalancer(kit.ctx(), 'nlb', 'network');
      const tcp = await makeTargetGroup(kit.ctx(), 'tcp', { Protocol: 'TCP' });
      const { Listeners = [] } = await createListener({ LoadBalancerArn: nlb, Protocol: 'TCP', Port: 80, DefaultActions: [forward(tcp)] }, kit.ctx());
      await assert.rejects(createRule({ ListenerArn: Listeners[0].ListenerArn!, Priority: 1, Conditions: [path('/x')], Actions: [forward(tcp)] }, kit.ctx()), {
        code: 'ValidationError', message: 'Listener rules are supported on Application Load Balancer listeners only',
      });
    });

    it("refuses another load balancer's target group and an unknown listener", async () => {
      const { tgArn: taken } = await albWithListener(kit.ctx(), 'other');
      await assert.rejects(create(1, { Actions: [forward(taken)] }), { code: 'TargetGroupAssociationLimit' });
      await assert.rejects(createRule({ ListenerArn: MISSING.listener, Priority: 1, Conditions: [path('/x')], Actions: [fixedResponse()] }, kit.ctx()), { code: 'ListenerNotFound' });
    });

    it(`stops at ${MAX_RULES_PER_LOAD_BALANCER} rules per load balancer, default rules not counted`, async () => {
      // Rows written straight in: the quota check counts rows, and 100 handler calls would be slow.
      await kit.database.db.insertInto('rules').values(Array.from({ length: MAX_RULES_PER_LOAD_BALANCER }, (_, i) => ({
        arn: ruleArn(listenerArn, newId()), listener_arn: listenerArn, priority: i + 1, is_default: false,
        conditions: JSON.stringify([path('/x')]), actions: JSON.stringify([fixedResponse()]), created_at: kit.clock.now(),
      }))).execute();
      await assert.rejects(create(1000), { code: 'TooManyRules', message: `You've reached the limit of ${MAX_RULES_PER_LOAD_BALANCER} rules per load balancer` });
    });
  });

  describe('DeleteRule', () => {
    it('deletes a rule and frees its target group link, but never the default rule', async () => {
      const other = await makeTargetGroup(kit.ctx(), 'other');
      const rule = await create(1, { Actions: [forward(other)] });
      await deleteRule({ RuleArn: rule.RuleArn! }, kit.ctx());
      assert.deepEqual(await kit.database.db.selectFrom('rule_target_groups').select('target_group_arn').where('target_group_arn', '=', other).execute(), []);
      await assert.rejects(deleteRule({ RuleArn: rule.RuleArn! }, kit.ctx()), { code: 'RuleNotFound', message: 'One or more rules not found' });
      const fallback = await defaultRule();
      await assert.rejects(deleteRule({ RuleArn: fallback.RuleArn! }, kit.ctx()), {
        code: 'OperationNotPermitted', message: `Default rule '${fallback.RuleArn}' cannot be deleted`,
      });
    });
  });

  describe('DescribeRules', () => {
    it('lists in evaluation order, the default rule last, by listener or by ARN', async () => {
      const late = await create(20);
      const early = await create(3, { Conditions: [path('/y')] });
      const all = await describeRules({ ListenerArn: listenerArn }, kit.ctx());
      assert.deepEqual(all.Rules!.map((r) => r.Priority), ['3', '20', 'default']);
      // By ARN the answer is sorted too, whatever order they were asked in.
      const byArn = await describeRules({ RuleArns: [all.Rules![2].RuleArn!, late.RuleArn!, early.RuleArn!] }, kit.ctx());
      assert.deepEqual(byArn.Rules!.map((r) => r.Priority), ['3', '20', 'default']);
    });

    it('takes a listener or rule ARNs, exactly one of them', async () => {
      const rule = await create(1);
      await assert.rejects(describeRules({}, kit.ctx()), { code: 'ValidationError', message: 'You must specify either a listener ARN or rule ARNs' });
      await assert.rejects(describeRules({ ListenerArn: listenerArn, RuleArns: [rule.RuleArn!] }, kit.ctx()), {
        code: 'ValidationError', message: 'A listener ARN and rule ARNs cannot be specified at the same time',
      });
      await assert.rejects(describeRules({ RuleArns: [rule.RuleArn!, MISSING.rule] }, kit.ctx()), { code: 'RuleNotFound' });
      await assert.rejects(describeRules({ ListenerArn: MISSING.listener }, kit.ctx()), { code: 'ListenerNotFound' });
    });
  });

  describe('ModifyRule', () => {
    it('keeps transforms unless Transforms or ResetTransforms is given', async () => {
      const rule = await create(1, { Transforms: [rewrite] });
      const actionsOnly = (await modifyRule({ RuleArn: rule.RuleArn!, Actions: [fixedResponse('503')] }, kit.ctx())).Rules![0];
      assert.deepEqual(actionsOnly.Transforms, [rewrite]);
      assert.deepEqual(actionsOnly.Conditions, rule.Conditions);
      const reset = (await modifyRule({ RuleArn: rule.RuleArn!, ResetTransforms: true }, kit.ctx())).Rules![0];
      assert.equal(reset.Transforms, undefined);
      await assert.rejects(modifyRule({ RuleArn: rule.RuleArn!, Transforms: [rewrite], ResetTransforms: true }, kit.ctx()), {
        code: 'ValidationError', message: 'Transforms and ResetTransforms cannot be specified together',
      });
    });

    it('refuses a transform regex RE2 rejects, and leaves the rule as it was', async () => {
      const rule = await create(1, { Transforms: [rewrite] });
      const lookbehind: typeof rewrite = { Type: 'url-rewrite', UrlRewriteConfig: { Rewrites: [{ Regex: '(?<=/old)/x', Replace: '/y' }] } };
      await assert.rejects(modifyRule({ RuleArn: rule.RuleArn!, Transforms: [lookbehind] }, kit.ctx()), {
        code: 'ValidationError', message: "The 'url-rewrite' regular expression '(?<=/old)/x' is not valid",
      });
      assert.deepEqual((await describeRules({ RuleArns: [rule.RuleArn!] }, kit.ctx())).Rules![0].Transforms, [rewrite]);
    });

    it("changes the default rule's actions, but not its conditions or transforms", async () => {
      const fallback = await defaultRule();
      const changed = (await modifyRule({ RuleArn: fallback.RuleArn!, Actions: [fixedResponse('404')] }, kit.ctx())).Rules![0];
      assert.equal(changed.Actions![0].Type, 'fixed-response');
      // The forward is gone, so the target group is no longer linked to this load balancer.
      assert.deepEqual(await kit.database.db.selectFrom('rule_target_groups').select('rule_arn').where('load_balancer_arn', '=', lbArn).execute(), []);
      await assert.rejects(modifyRule({ RuleArn: fallback.RuleArn!, Conditions: [path('/x')] }, kit.ctx()), {
        code: 'OperationNotPermitted', message: `The conditions of default rule '${fallback.RuleArn}' cannot be modified`,
      });
      await assert.rejects(modifyRule({ RuleArn: fallback.RuleArn!, Transforms: [rewrite] }, kit.ctx()), {
        code: 'OperationNotPermitted', message: `Default rule '${fallback.RuleArn}' cannot have transforms`,
      });
    });
  });

  describe('SetRulePriorities', () => {
    it('swaps two priorities in one call', async () => {
      const a = await create(1);
      const b = await create(2, { Conditions: [path('/y')] });
      const { Rules = [] } = await setRulePriorities({ RulePriorities: [{ RuleArn: a.RuleArn!, Priority: 2 }, { RuleArn: b.RuleArn!, Priority: 1 }] }, kit.ctx());
      assert.deepEqual(Rules.map((r) => [r.RuleArn, r.Priority]), [[a.RuleArn, '2'], [b.RuleArn, '1']]);
    });

    it('refuses a priority a staying rule holds, the default rule, and a rule named twice', async () => {
      const a = await create(1);
      await create(2, { Conditions: [path('/y')] });
      await assert.rejects(setRulePriorities({ RulePriorities: [{ RuleArn: a.RuleArn!, Priority: 2 }] }, kit.ctx()), { code: 'PriorityInUse', message: "Priority '2' is currently in use" });
      const fallback = await defaultRule();
      await assert.rejects(setRulePriorities({ RulePriorities: [{ RuleArn: fallback.RuleArn!, Priority: 9 }] }, kit.ctx()), {
        code: 'OperationNotPermitted', message: `The priority of default rule '${fallback.RuleArn}' cannot be set`,
      });
      await assert.rejects(setRulePriorities({ RulePriorities: [{ RuleArn: a.RuleArn!, Priority: 7 }, { RuleArn: a.RuleArn!, Priority: 8 }] }, kit.ctx()), {
        code: 'ValidationError', message: 'A rule can be specified only once',
      });
      await assert.rejects(setRulePriorities({ RulePriorities: [{ RuleArn: MISSING.rule, Priority: 7 }] }, kit.ctx()), { code: 'RuleNotFound' });
      // Nothing moved.
      assert.deepEqual((await describeRules({ ListenerArn: listenerArn }, kit.ctx())).Rules!.map((r) => r.Priority), ['1', '2', 'default']);
    });
  });
});
