import type { DescribeTargetGroupAttributesInput, DescribeTargetGroupAttributesOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { InputOf } from '../../gateway/api/schema.js';
import type { Context } from '../../gateway/api/service.js';
import { attributeList } from './lib/attributes.js';
import { arn } from './lib/schemas.js';
import { getTargetGroup } from './lib/target-groups.js';

export const input = {
  TargetGroupArn: arn(true),
};

/** Every attribute of the target group's kind, defaults included, in key order. */
export async function handler(req: InputOf<typeof input, DescribeTargetGroupAttributesInput>, ctx: Context): Promise<DescribeTargetGroupAttributesOutput> {
  const tg = await getTargetGroup(ctx.db, ctx, req.TargetGroupArn);
  return { Attributes: attributeList(tg.attributes) };
}
