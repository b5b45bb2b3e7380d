import type { DescribeLoadBalancerAttributesInput, DescribeLoadBalancerAttributesOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { InputOf } from '../../gateway/api/schema.js';
import type { Context } from '../../gateway/api/service.js';
import type { LoadBalancerType } from './lib/arn.js';
import { attributeList } from './lib/attributes.js';
import { currentAttributes } from './lib/load-balancer-attributes.js';
import { getLoadBalancer } from './lib/load-balancers.js';
import { arn } from './lib/schemas.js';

export const input = {
  LoadBalancerArn: arn(true),
};

/** Every attribute of the load balancer's type, at its value or default (Terraform reads them all). */
export async function handler(req: InputOf<typeof input, DescribeLoadBalancerAttributesInput>, ctx: Context): Promise<DescribeLoadBalancerAttributesOutput> {
  const row = await getLoadBalancer(ctx.db, ctx, req.LoadBalancerArn);
  return { Attributes: attributeList(currentAttributes(row.type as LoadBalancerType, row.attributes)) };
}
