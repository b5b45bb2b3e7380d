import type { DescribeTargetGroupsInput, DescribeTargetGroupsOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import { validationError } from '../../gateway/api/errors.js';
import { type InputOf, list, string } from '../../gateway/api/schema.js';
import type { Context } from '../../gateway/api/service.js';
import type { TargetGroupRow } from '../../gateway/database/tables.js';
import { targetGroupNotFound } from './lib/errors.js';
import { getLoadBalancer } from './lib/load-balancers.js';
import { paginate } from './lib/pagination.js';
import { arn, arnList, marker, pageSize } from './lib/schemas.js';
import { describeTargetGroups, getTargetGroups, listTargetGroups, targetGroupsOfLoadBalancer } from './lib/target-groups.js';

export const input = {
  LoadBalancerArn: arn(),
  TargetGroupArns: arnList(),
  Names: list(string()),
  Marker: marker(),
  PageSize: pageSize(),
};

/**
 * Lists target groups by ARN, by name, by the load balancer forwarding to them, or all of them,
 * paged by Marker/PageSize. API reference, DescribeTargetGroups: the three filters are exclusive.
 */
export async function handler(req: InputOf<typeof input, DescribeTargetGroupsInput>, ctx: Context): Promise<DescribeTargetGroupsOutput> {
  const filters = [req.LoadBalancerArn !== undefined, !!req.TargetGroupArns?.length, !!req.Names?.length].filter(Boolean).length;
  if (filters > 1) throw validationError('A load balancer ARN, target group ARNs and target group names cannot be specified at the same time');
  let rows: TargetGroupRow[];
  if (req.TargetGroupArns?.length) {
    rows = await getTargetGroups(ctx.db, ctx, req.TargetGroupArns);
  } else if (req.LoadBalancerArn !== undefined) {
    await getLoadBalancer(ctx.db, ctx, req.LoadBalancerArn);
    rows = await targetGroupsOfLoadBalancer(ctx.db, req.LoadBalancerArn);
  } else {
    rows = await listTargetGroups(ctx.db, ctx);
    if (req.Names?.length) {
      const byName = new Map(rows.map((row) => [row.name, row]));
      rows = req.Names.map((name) => {
        const row = byName.get(name);
        if (!row) throw targetGroupNotFound();
        return row;
      });
    }
  }
  const { page, NextMarker } = paginate(rows, req.Marker, req.PageSize);
  return { TargetGroups: await describeTargetGroups(ctx.db, page), NextMarker };
}
