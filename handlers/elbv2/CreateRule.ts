import type { CreateRuleInput, CreateRuleOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import { changeRouting } from '../../gateway/database/routing-version.js';
import { validationError } from '../../gateway/api/errors.js';
import { type InputOf, integer } from '../../gateway/api/schema.js';
import type { Context } from '../../gateway/api/service.js';
import { checkActionTargetGroups } from './lib/action-target-groups.js';
import { normalizeActions } from './lib/actions.js';
import { newId, ruleArn } from './lib/arn.js';
import { normalizeConditions } from './lib/conditions.js';
import { priorityInUse, tooManyRules } from './lib/errors.js';
import { getListener } from './lib/listeners.js';
import { getLoadBalancer } from './lib/load-balancers.js';
import { isPgError, UNIQUE_VIOLATION } from './lib/pg-errors.js';
import { countRulesOf, MAX_RULES_PER_LOAD_BALANCER, normalizeTransforms, replaceRuleTargetGroups, toRule } from './lib/rules.js';
import { actionList, conditionList, transformList } from './lib/rule-schemas.js';
import { arn, tagList } from './lib/schemas.js';
import { putTags } from './lib/tags.js';

export const input = {
  ListenerArn: arn(true),
  Conditions: conditionList(),
  Priority: integer({ required: true, min: 1, max: 50000 }),
  Actions: actionList(),
  Tags: tagList(),
  Transforms: transformList(),
};

/**
 * Adds a rule to an ALB listener. Two creates of one priority are settled by the unique
 * (listener, priority) constraint: the loser gets `PriorityInUse`, which Terraform retries on
 * with the next free priority.
 */
export async function handler(req: InputOf<typeof input, CreateRuleInput>, ctx: Context): Promise<CreateRuleOutput> {
  const listener = await getListener(ctx.db, ctx, req.ListenerArn);
  const lbArn = listener.load_balancer_arn;
  if ((await getLoadBalancer(ctx.db, ctx, lbArn)).type !== 'application') {
    // AWS's exact wording for rules on an NLB/GWLB listener is not documented; this says what fails.
    throw validationError('Listener rules are supported on Application Load Balancer listeners only');
  }
  const conditions = normalizeConditions(req.Conditions);
  const actions = normalizeActions(req.Actions, { lbType: 'application', protocol: listener.protocol });
  const transforms = normalizeTransforms(req.Transforms ?? []);
  try {
    const rule = await changeRouting(ctx.db, async (trx) => {
      // Locking the load balancer serialises rule creates on it, so the quota cannot be raced past.
      const lb = await getLoadBalancer(trx, ctx, lbArn, { forUpdate: true });
      await getListener(trx, ctx, listener.arn);
      if (await countRulesOf(trx, lbArn) >= MAX_RULES_PER_LOAD_BALANCER) throw tooManyRules(MAX_RULES_PER_LOAD_BALANCER);
      const targetGroups = await checkActionTargetGroups(trx, ctx, lb, listener.protocol, actions);
      const row = await trx.insertInto('rules').values({
        arn: ruleArn(listener.arn, newId()),
        listener_arn: listener.arn,
        priority: req.Priority,
        is_default: false,
        conditions: JSON.stringify(conditions),
        actions: JSON.stringify(actions),
        transforms: transforms && JSON.stringify(transforms),
        created_at: ctx.now(),
      }).returningAll().executeTakeFirstOrThrow();
      await replaceRuleTargetGroups(trx, row.arn, lbArn, targetGroups);
      await putTags(trx, row.arn, req.Tags ?? []);
      return row;
    });
    return { Rules: [toRule(rule)] };
  } catch (error) {
    if (isPgError(error, UNIQUE_VIOLATION, 'rules_priority_key')) throw priorityInUse(req.Priority);
    throw error;
  }
}
