import type { DescribeListenerAttributesInput, DescribeListenerAttributesOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { InputOf } from '../../gateway/api/schema.js';
import type { Context } from '../../gateway/api/service.js';
import { attributeList } from './lib/attributes.js';
import { listenerAttributeSpecs, reconcileListenerAttributes } from './lib/listener-attributes.js';
import { getListener } from './lib/listeners.js';
import { getLoadBalancer } from './lib/load-balancers.js';
import { arn } from './lib/schemas.js';

export const input = {
  ListenerArn: arn(true),
};

/**
 * The listener's attributes, every key its protocol has. terraform-provider-aws reads this for
 * every non-TLS listener since late 2024; a missing operation broke Terraform in LocalStack,
 * moto and KECS alike.
 */
export async function handler(req: InputOf<typeof input, DescribeListenerAttributesInput>, ctx: Context): Promise<DescribeListenerAttributesOutput> {
  const listener = await getListener(ctx.db, ctx, req.ListenerArn);
  const lb = await getLoadBalancer(ctx.db, ctx, listener.load_balancer_arn);
  const attributes = reconcileListenerAttributes(listenerAttributeSpecs(lb.type, listener.protocol), listener.attributes);
  return { Attributes: attributeList(attributes) };
}
