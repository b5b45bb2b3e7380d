import type { DescribeListenersInput, DescribeListenersOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import { validationError } from '../../gateway/api/errors.js';
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
export async function handler(req: DescribeListenersInput, ctx: Context): Promise<DescribeListenersOutput> {
  const byArn = req.ListenerArns !== undefined && req.ListenerArns.length > 0;
  if (byArn && req.LoadBalancerArn) throw validationError('Listener ARNs and a load balancer ARN cannot be specified at the same time');
  if (!byArn && !req.LoadBalancerArn) throw validationError('You must specify either listener ARNs or a load balancer ARN');
  const rows = byArn
    ? await getListeners(ctx.db, ctx, req.ListenerArns!)
    : await listListenersOf(ctx.db, (await getLoadBalancer(ctx.db, ctx, req.LoadBalancerArn!)).arn);
  const { page, NextMarker } = paginate(rows, req.Marker, req.PageSize);
  return { Listeners: await describeListeners(ctx.db, page), NextMarker };
}
