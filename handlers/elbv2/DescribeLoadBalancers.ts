import type { DescribeLoadBalancersInput, DescribeLoadBalancersOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import { validationError } from '../../gateway/api/errors.js';
import { type InputOf, list, string } from '../../gateway/api/schema.js';
import type { Context } from '../../gateway/api/service.js';
import { loadBalancerNotFound } from './lib/errors.js';
import { getLoadBalancers, listLoadBalancers, toLoadBalancer } from './lib/load-balancers.js';
import { paginate } from './lib/pagination.js';
import { arnList, marker, pageSize } from './lib/schemas.js';

export const input = {
  LoadBalancerArns: arnList(20),
  Names: list(string({ max: 32 }), { max: 20 }),
  Marker: marker(),
  PageSize: pageSize(),
};

/** Lists load balancers by ARN, by name, or all of them, paged by Marker/PageSize. */
export async function handler(req: InputOf<typeof input, DescribeLoadBalancersInput>, ctx: Context): Promise<DescribeLoadBalancersOutput> {
  if (req.LoadBalancerArns?.length && req.Names?.length) {
    throw validationError('Load balancer names and load balancer ARNs cannot be specified at the same time');
  }
  let rows;
  if (req.LoadBalancerArns?.length) {
    rows = await getLoadBalancers(ctx.db, ctx, req.LoadBalancerArns);
  } else {
    rows = await listLoadBalancers(ctx.db, ctx, ctx.cache);
    if (req.Names?.length) {
      const byName = new Map(rows.map((row) => [row.name, row]));
      rows = req.Names.map((name) => byName.get(name) ?? (() => { throw loadBalancerNotFound(); })());
    }
  }
  const { page, NextMarker } = paginate(rows, req.Marker, req.PageSize);
  return { LoadBalancers: page.map(toLoadBalancer), NextMarker };
}
