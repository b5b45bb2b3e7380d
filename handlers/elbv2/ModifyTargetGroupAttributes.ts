import type { ModifyTargetGroupAttributesInput, ModifyTargetGroupAttributesOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import { validationError } from '../../gateway/api/errors.js';
import { changeRouting } from '../../gateway/database/routing-version.js';
import type { InputOf } from '../../gateway/api/schema.js';
import type { Context } from '../../gateway/api/service.js';
import { applyAttributes, attributeList } from './lib/attributes.js';
import { arn, attributeList as attributeListSchema } from './lib/schemas.js';
import { targetGroupAttributeSpecs } from './lib/target-group-attributes.js';
import { checkStickiness } from './lib/target-group-stickiness.js';
import { getTargetGroup } from './lib/target-groups.js';

export const input = {
  TargetGroupArn: arn(true),
  Attributes: attributeListSchema(),
};

/**
 * Changes target group attributes. A key the group's kind does not have is "Target group
 * attribute key 'x' is not recognized", the wording Terraform drops keys on; stickiness is
 * checked as AWS checks it (lib/target-group-stickiness.ts). Answers the full set, as AWS does.
 */
export async function handler(req: InputOf<typeof input, ModifyTargetGroupAttributesInput>, ctx: Context): Promise<ModifyTargetGroupAttributesOutput> {
  // Algorithm, stickiness and slow start change how traffic is spread.
  const attributes = await changeRouting(ctx.db, async (trx) => {
    const tg = await getTargetGroup(trx, ctx, req.TargetGroupArn, { forUpdate: true });
    const specs = targetGroupAttributeSpecs(tg);
    checkStickiness(tg, specs, tg.attributes, req.Attributes);
    const next = applyAttributes(specs, tg.attributes, req.Attributes, 'Target group');
    // GWLB user guide, "Target failover": the two settings must be set alike.
    const failover = ['target_failover.on_deregistration', 'target_failover.on_unhealthy'];
    if (failover.every((key) => key in next) && next[failover[0]] !== next[failover[1]]) {
      throw validationError(`The attributes '${failover[0]}' and '${failover[1]}' must have the same value`);
    }
    await trx.updateTable('target_groups').set({ attributes: JSON.stringify(next) }).where('arn', '=', tg.arn).execute();
    return next;
  });
  return { Attributes: attributeList(attributes) };
}
