import type { DescribeListenersInput, DescribeListenersOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import { validationError } from '../../gateway/api/errors.js';
import type { InputOf } from '../../gateway/api/schema.js';
import type { Context } from '../../gateway/api/service.js';
import { describeListeners, getListeners, listListenersOf } from './lib/listeners.js';
import { getLoadBalancer } from './lib/load-balancers.js';
import { paginate } from './lib/pagination.js';
import { arn, arnList, marker, pageSize } from './lib/schemas.js';

export const input = {
  LoadBalancerArn: arn(),
  ListenerArns: arnList(),
  Marker: marker(),
  PageSize: pageSize(),
};

/** Lists the listeners of a load balancer, or the listeners with the given ARNs, paged by Marker/PageSize. */
export async function handler(req: InputOf<typeof input, DescribeListenersInput>, ctx: Context): Promise<DescribeListenersOutput> {
  const arns = req.ListenerArns?.length ? req.ListenerArns : undefined;
  if (arns && req.LoadBalancerArn) throw validationError('Listener ARNs and a load balancer ARN cannot be specified at the same time');
  let rows;
  if (arns) rows = await getListeners(ctx.db, ctx, arns);
  else if (req.LoadBalancerArn) rows = await listListenersOf(ctx.db, (await getLoadBalancer(ctx.db, ctx, req.LoadBalancerArn)).arn);
  else throw validationError('You must specify either listener ARNs or a load balancer ARN');
  const { page, NextMarker } = paginate(rows, req.Marker, req.PageSize);
  return { Listeners: await describeListeners(ctx.db, page), NextMarker };
}
