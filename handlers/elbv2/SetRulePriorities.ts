import type { SetRulePrioritiesInput, SetRulePrioritiesOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Transaction } from 'kysely';
import { changeRouting } from '../../gateway/database/routing-version.js';
import type { Database, RuleRow } from '../../gateway/database/tables.js';
import { validationError } from '../../gateway/api/errors.js';
import { type InputOf, integer, list, structure } from '../../gateway/api/schema.js';
import type { Context } from '../../gateway/api/service.js';
import { loadBalancerArnOf } from './lib/arn.js';
import { operationNotPermitted, priorityInUse } from './lib/errors.js';
import { lockLoadBalancerOf } from './lib/listeners.js';
import { getRules, listRulesOf, toRule } from './lib/rules.js';
import { arn } from './lib/schemas.js';

export const input = {
  RulePriorities: list(structure({
    RuleArn: arn(true),
    Priority: integer({ required: true, min: 1, max: 50000 }),
  }), { required: true, min: 1 }),
};

const MAX_PRIORITY = 50000;

/**
 * Moves the rules of one listener to their new priorities. Postgres checks the unique
 * (listener, priority) constraint row by row, so a swap done in place would collide with
 * itself: the moving rules are first parked on free priorities, then set to the wanted ones.
 */
async function move(trx: Transaction<Database>, listenerArn: string, moving: readonly RuleRow[], wanted: ReadonlyMap<string, number>): Promise<void> {
  const all = await listRulesOf(trx, listenerArn, { forUpdate: true });
  const staying = new Set(all.filter((r) => !r.is_default && !wanted.has(r.arn)).map((r) => r.priority));
  const targets = new Set<number>();
  for (const rule of moving) {
    const priority = wanted.get(rule.arn)!;
    if (staying.has(priority) || targets.has(priority)) throw priorityInUse(priority);
    targets.add(priority);
  }
  const taken = new Set<number | null>([...all.map((r) => r.priority), ...targets]);
  let spare = MAX_PRIORITY;
  for (const rule of moving) {
    while (taken.has(spare)) spare--;
    taken.add(spare);
    await trx.updateTable('rules').set({ priority: spare }).where('arn', '=', rule.arn).execute();
  }
  for (const rule of moving) {
    await trx.updateTable('rules').set({ priority: wanted.get(rule.arn)! }).where('arn', '=', rule.arn).execute();
  }
}

/** Sets the priorities of non-default rules in one transaction; swaps are allowed. */
export async function handler(req: InputOf<typeof input, SetRulePrioritiesInput>, ctx: Context): Promise<SetRulePrioritiesOutput> {
  const wanted = new Map(req.RulePriorities.map((pair) => [pair.RuleArn, pair.Priority]));
  if (wanted.size !== req.RulePriorities.length) throw validationError('A rule can be specified only once');
  const arns = [...wanted.keys()];
  const rules = await changeRouting(ctx.db, async (trx) => {
    const found = await getRules(trx, ctx, arns);
    const defaultRule = found.find((rule) => rule.is_default);
    if (defaultRule) throw operationNotPermitted(`The priority of default rule '${defaultRule.arn}' cannot be set`);
    // Load balancers first (in one order, so two calls cannot deadlock), then the rules.
    const byLoadBalancer = new Map(found.map((rule) => [loadBalancerArnOf(rule.arn), rule.arn]));
    for (const lbArn of [...byLoadBalancer.keys()].sort()) await lockLoadBalancerOf(trx, byLoadBalancer.get(lbArn)!);
    for (const listenerArn of new Set(found.map((rule) => rule.listener_arn))) {
      await move(trx, listenerArn, found.filter((rule) => rule.listener_arn === listenerArn), wanted);
    }
    return getRules(trx, ctx, arns);
  });
  return { Rules: rules.map(toRule) };
}
