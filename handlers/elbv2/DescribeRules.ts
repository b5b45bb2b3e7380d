import type { DescribeRulesInput, DescribeRulesOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import { validationError } from '../../gateway/api/errors.js';
import type { InputOf } from '../../gateway/api/schema.js';
import type { Context } from '../../gateway/api/service.js';
import { getListener } from './lib/listeners.js';
import { paginate } from './lib/pagination.js';
import { byPriority, getRules, listRulesOf, toRule } from './lib/rules.js';
import { arn, arnList, marker, pageSize } from './lib/schemas.js';

export const input = {
  ListenerArn: arn(),
  RuleArns: arnList(),
  Marker: marker(),
  PageSize: pageSize(),
};

/**
 * The rules of a listener, or the rules with the given ARNs, in evaluation order (priority
 * ascending, the default rule last), paged by Marker/PageSize. Terraform pages through a
 * listener's rules to pick the next free priority.
 */
export async function handler(req: InputOf<typeof input, DescribeRulesInput>, ctx: Context): Promise<DescribeRulesOutput> {
  const arns = req.RuleArns?.length ? req.RuleArns : undefined;
  if (arns && req.ListenerArn) throw validationError('A listener ARN and rule ARNs cannot be specified at the same time');
  let rows;
  if (arns) rows = (await getRules(ctx.db, ctx, arns)).sort(byPriority);
  else if (req.ListenerArn) rows = await listRulesOf(ctx.db, (await getListener(ctx.db, ctx, req.ListenerArn)).arn);
  else throw validationError('You must specify either a listener ARN or rule ARNs');
  const { page, NextMarker } = paginate(rows, req.Marker, req.PageSize);
  return { Rules: page.map(toRule), NextMarker };
}
