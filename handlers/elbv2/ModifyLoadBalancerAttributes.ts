import type { ModifyLoadBalancerAttributesInput, ModifyLoadBalancerAttributesOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import { changeRouting } from '../../gateway/database/routing-version.js';
import type { InputOf } from '../../gateway/api/schema.js';
import type { Context } from '../../gateway/api/service.js';
import type { LoadBalancerType } from './lib/arn.js';
import { applyAttributes, attributeList } from './lib/attributes.js';
import { checkKeysOfType, checkLogBuckets, currentAttributes, LOAD_BALANCER_ATTRIBUTES } from './lib/load-balancer-attributes.js';
import { getLoadBalancer } from './lib/load-balancers.js';
import { arn, attributeList as attributeListSchema } from './lib/schemas.js';

export const input = {
  LoadBalancerArn: arn(true),
  Attributes: attributeListSchema(),
};

/**
 * Changes some attributes and answers with all of them, as AWS does. "If any of the specified
 * attributes can't be modified as requested, the call fails" (API reference), so nothing is
 * written unless every change is valid.
 */
export async function handler(req: InputOf<typeof input, ModifyLoadBalancerAttributesInput>, ctx: Context): Promise<ModifyLoadBalancerAttributesOutput> {
  const changes = req.Attributes ?? [];
  // Idle timeout, HTTP/2, header handling and the like shape how the data plane serves; the
  // route table compiler picks what it uses, and a needless refresh costs little.
  const { updated } = await changeRouting(ctx.db, async (trx) => {
    const row = await getLoadBalancer(trx, ctx, req.LoadBalancerArn, { forUpdate: true });
    const type = row.type as LoadBalancerType;
    checkKeysOfType(type, changes);
    const current = currentAttributes(type, row.attributes);
    const updated = applyAttributes(LOAD_BALANCER_ATTRIBUTES[type], current, changes, 'Load balancer');
    checkLogBuckets(updated);
    const changed = Object.keys(updated).some((key) => updated[key] !== current[key]);
    if (changed) await trx.updateTable('load_balancers').set({ attributes: JSON.stringify(updated) }).where('arn', '=', row.arn).execute();
    return { updated, changed };
  }, { changed: (result) => result.changed });
  return { Attributes: attributeList(updated) };
}
