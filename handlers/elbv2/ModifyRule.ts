import type { Action, ModifyRuleInput, ModifyRuleOutput, RuleCondition } from '@aws-sdk/client-elastic-load-balancing-v2';
import { changeRouting } from '../../gateway/database/routing-version.js';
import { validationError } from '../../gateway/api/errors.js';
import { boolean, type InputOf } from '../../gateway/api/schema.js';
import type { Context } from '../../gateway/api/service.js';
import { checkActionTargetGroups } from './lib/action-target-groups.js';
import { normalizeActions } from './lib/actions.js';
import type { LoadBalancerType } from './lib/arn.js';
import { normalizeConditions } from './lib/conditions.js';
import { operationNotPermitted } from './lib/errors.js';
import { getListener, lockLoadBalancerOf } from './lib/listeners.js';
import { getLoadBalancer } from './lib/load-balancers.js';
import { getRule, normalizeTransforms, replaceRuleTargetGroups, toRule } from './lib/rules.js';
import { actionList, conditionList, transformList } from './lib/rule-schemas.js';
import { arn } from './lib/schemas.js';

export const input = {
  RuleArn: arn(true),
  Conditions: conditionList(false),
  Actions: actionList(false),
  Transforms: transformList(),
  ResetTransforms: boolean(),
};

/**
 * Replaces a rule's conditions, actions and/or transforms. The default rule's actions are the
 * listener's default actions and may change here; its conditions may not (it has none), and it
 * takes no transforms (ALB guide, "Transforms for listener rules"). ModifyRule API reference:
 * Transforms and ResetTransforms exclude each other.
 */
export async function handler(req: InputOf<typeof input, ModifyRuleInput>, ctx: Context): Promise<ModifyRuleOutput> {
  if (req.Transforms !== undefined && req.ResetTransforms) throw validationError('Transforms and ResetTransforms cannot be specified together');
  const transforms = req.Transforms ? normalizeTransforms(req.Transforms) : req.ResetTransforms ? null : undefined;
  const { arn: ruleArn } = await getRule(ctx.db, ctx, req.RuleArn);
  const rule = await changeRouting(ctx.db, async (trx) => {
    await lockLoadBalancerOf(trx, ruleArn);
    const row = await getRule(trx, ctx, ruleArn, { forUpdate: true });
    if (row.is_default && req.Conditions !== undefined) throw operationNotPermitted(`The conditions of default rule '${row.arn}' cannot be modified`);
    if (row.is_default && transforms) throw operationNotPermitted(`Default rule '${row.arn}' cannot have transforms`);
    const listener = await getListener(trx, ctx, row.listener_arn);
    const lb = await getLoadBalancer(trx, ctx, listener.load_balancer_arn);
    const conditions = req.Conditions ? normalizeConditions(req.Conditions) : row.conditions as RuleCondition[];
    let actions = row.actions as Action[];
    if (req.Actions) {
      actions = normalizeActions(req.Actions, { lbType: lb.type as LoadBalancerType, protocol: listener.protocol, previous: actions });
      const targetGroups = await checkActionTargetGroups(trx, ctx, lb, listener.protocol, actions);
      await replaceRuleTargetGroups(trx, row.arn, lb.arn, targetGroups);
    }
    // Transforms stay as they are unless Transforms or ResetTransforms was given.
    const changedTransforms = transforms === undefined ? {} : { transforms: transforms && JSON.stringify(transforms) };
    const updated = await trx.updateTable('rules')
      .set({ conditions: JSON.stringify(conditions), actions: JSON.stringify(actions), ...changedTransforms })
      .where('arn', '=', row.arn).returningAll().executeTakeFirstOrThrow();
    return updated;
  });
  return { Rules: [toRule(rule)] };
}
