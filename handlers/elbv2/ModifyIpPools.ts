import type { ModifyIpPoolsInput, ModifyIpPoolsOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { InputOf } from '../../gateway/api/schema.js';
import { validationError } from '../../gateway/api/errors.js';
import { list, string, structure } from '../../gateway/api/schema.js';
import type { Context } from '../../gateway/api/service.js';
import { checkIpamPools, checkIpamPoolType, ipamPoolsOf } from './lib/ipam-pools.js';
import { getLoadBalancer } from './lib/load-balancers.js';
import { arn } from './lib/schemas.js';

export const input = {
  LoadBalancerArn: arn(true),
  IpamPools: structure({ Ipv4IpamPoolId: string({ max: 1000 }) }),
  RemoveIpamPools: list(string({ enum: ['ipv4'] })),
};

/**
 * Sets or removes a load balancer's IPv4 IPAM pool (API reference, ModifyIpPools) and answers
 * the pools it then has; DescribeLoadBalancers shows them as `IpamPools`. Setting and removing
 * the IPv4 pool in one call contradict each other and are refused. Addresses are not drawn from
 * the pool here (there is no IPAM), so the routing version stays.
 */
export async function handler(req: InputOf<typeof input, ModifyIpPoolsInput>, ctx: Context): Promise<ModifyIpPoolsOutput> {
  const remove = req.RemoveIpamPools?.includes('ipv4') ?? false;
  if (remove && req.IpamPools?.Ipv4IpamPoolId !== undefined) {
    throw validationError('An IPv4 IPAM pool cannot be both specified and removed');
  }
  const stored = await ctx.db.transaction().execute(async (trx) => {
    const lb = await getLoadBalancer(trx, ctx, req.LoadBalancerArn, { forUpdate: true });
    checkIpamPoolType(lb.type);
    const pools = remove ? null : checkIpamPools(lb.type, req.IpamPools) ?? lb.ipam_pools;
    await trx.updateTable('load_balancers').set({ ipam_pools: pools && JSON.stringify(pools) }).where('arn', '=', lb.arn).execute();
    return pools;
  });
  return { IpamPools: ipamPoolsOf(stored) };
}
