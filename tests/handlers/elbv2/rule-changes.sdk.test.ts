import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import {
  CreateRuleCommand,
  DeleteLoadBalancerCommand,
  DeleteRuleCommand,
  DeleteTargetGroupCommand,
  DescribeListenersCommand,
  DescribeRulesCommand,
  ModifyRuleCommand,
  SetRulePrioritiesCommand,
  type Rule,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { useTestGateway } from '../../support/gateway.js';
import { albWithListener, forward, forwardDescribed } from './listener-fixtures.js';
import { createTargetGroup } from './target-group-fixtures.js';

describe('listener rule changes through the SDK', () => {
  const { gw, elb } = useTestGateway();
  let lbArn: string;
  let listenerArn: string;
  let tgArn: string;
  const create = async (priority: number, path = `/p${priority}`, target = tgArn): Promise<Rule> => (await elb.send(new CreateRuleCommand({
    ListenerArn: listenerArn, Priority: priority, Conditions: [{ Field: 'path-pattern', Values: [path] }], Actions: [forward(target)],
  }))).Rules![0];
  const rules = async () => (await elb.send(new DescribeRulesCommand({ ListenerArn: listenerArn }))).Rules!;
  beforeEach(async () => {
    let listener;
    ({ lbArn, tgArn, listener } = await albWithListener(gw, 'changes'));
    listenerArn = listener.ListenerArn!;
  });

  it('modifies conditions and actions, moving target group links in the same transaction', async () => {
    const other = await createTargetGroup(gw, 'other');
    const rule = await create(1, '/a', other);
    const { Rules: [changed] = [] } = await elb.send(new ModifyRuleCommand({
      RuleArn: rule.RuleArn, Conditions: [{ Field: 'http-request-method', HttpRequestMethodConfig: { Values: ['POST'] } }], Actions: [forward(tgArn)],
    }));
    assert.deepEqual([changed.Priority, changed.Conditions, changed.Actions], ['1', [{ Field: 'http-request-method', HttpRequestMethodConfig: { Values: ['POST'] } }], [forwardDescribed(tgArn)]]);
    await elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: other }));
    const { Rules: [actionsOnly] = [] } = await elb.send(new ModifyRuleCommand({ RuleArn: rule.RuleArn, Actions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '418' } }] }));
    assert.deepEqual(actionsOnly.Conditions, changed.Conditions);
  });

  it('changes the default actions through the default rule but never its conditions', async () => {
    const [defaultRule] = await rules();
    const teapot = [{ Type: 'fixed-response' as const, FixedResponseConfig: { StatusCode: '418' } }];
    await elb.send(new ModifyRuleCommand({ RuleArn: defaultRule.RuleArn, Actions: teapot }));
    assert.deepEqual((await elb.send(new DescribeListenersCommand({ ListenerArns: [listenerArn] }))).Listeners?.[0].DefaultActions, teapot);
    await assert.rejects(elb.send(new ModifyRuleCommand({ RuleArn: defaultRule.RuleArn, Conditions: [{ Field: 'path-pattern', Values: ['/'] }] })), { name: 'OperationNotPermittedException' });
    await assert.rejects(elb.send(new DeleteRuleCommand({ RuleArn: defaultRule.RuleArn })), { name: 'OperationNotPermittedException', message: `Default rule '${defaultRule.RuleArn}' cannot be deleted` });
    await assert.rejects(elb.send(new SetRulePrioritiesCommand({ RulePriorities: [{ RuleArn: defaultRule.RuleArn, Priority: 5 }] })), { name: 'OperationNotPermittedException' });
  });

  it('deletes rules; unknown ones are RuleNotFound', async () => {
    const rule = await create(3);
    await elb.send(new DeleteRuleCommand({ RuleArn: rule.RuleArn }));
    assert.deepEqual((await rules()).map((r) => r.Priority), ['default']);
    await assert.rejects(elb.send(new DeleteRuleCommand({ RuleArn: rule.RuleArn })), { name: 'RuleNotFoundException' });
    await assert.rejects(elb.send(new ModifyRuleCommand({ RuleArn: rule.RuleArn, Actions: [forward(tgArn)] })), { name: 'RuleNotFoundException' });
  });

  it('swaps priorities in one call and refuses priorities in use', async () => {
    const [a, b, c] = [await create(1), await create(2), await create(3)];
    const { Rules: swapped = [] } = await elb.send(new SetRulePrioritiesCommand({ RulePriorities: [{ RuleArn: a.RuleArn, Priority: 2 }, { RuleArn: b.RuleArn, Priority: 1 }] }));
    assert.deepEqual(swapped.map((r) => [r.RuleArn, r.Priority]), [[a.RuleArn, '2'], [b.RuleArn, '1']]);
    assert.deepEqual((await rules()).slice(0, 3).map((r) => r.RuleArn), [b.RuleArn, a.RuleArn, c.RuleArn]);
    await assert.rejects(elb.send(new SetRulePrioritiesCommand({ RulePriorities: [{ RuleArn: a.RuleArn, Priority: 3 }] })), { name: 'PriorityInUseException', message: "Priority '3' is currently in use" });
    await assert.rejects(elb.send(new SetRulePrioritiesCommand({ RulePriorities: [{ RuleArn: a.RuleArn, Priority: 9 }, { RuleArn: b.RuleArn, Priority: 9 }] })), { name: 'PriorityInUseException' });
    const rotated = await elb.send(new SetRulePrioritiesCommand({ RulePriorities: [
      { RuleArn: a.RuleArn, Priority: 3 }, { RuleArn: b.RuleArn, Priority: 2 }, { RuleArn: c.RuleArn, Priority: 50000 },
    ] }));
    assert.deepEqual(rotated.Rules?.map((r) => r.Priority), ['3', '2', '50000']);
  });

  it('keeps a target group in use until its last rule lets go, and goes with the load balancer', async () => {
    const only = await createTargetGroup(gw, 'only');
    const rule = await create(1, '/only', only);
    await assert.rejects(elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: only })), { name: 'ResourceInUseException' });
    await elb.send(new DeleteRuleCommand({ RuleArn: rule.RuleArn }));
    await elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: only }));
    await create(2);
    await elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: lbArn }));
    await assert.rejects(elb.send(new DescribeRulesCommand({ ListenerArn: listenerArn })), { name: 'ListenerNotFoundException' });
    assert.equal((await gw.database.db.selectFrom('rule_target_groups').selectAll().execute()).length, 0);
    await elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: tgArn }));
  });
});
