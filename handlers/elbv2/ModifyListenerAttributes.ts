import type { ModifyListenerAttributesInput, ModifyListenerAttributesOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import { changeRouting } from '../../gateway/database/routing-version.js';
import type { InputOf } from '../../gateway/api/schema.js';
import type { Context } from '../../gateway/api/service.js';
import { applyAttributes, attributeList } from './lib/attributes.js';
import { listenerAttributeSpecs, reconcileListenerAttributes } from './lib/listener-attributes.js';
import { getListener } from './lib/listeners.js';
import { getLoadBalancer } from './lib/load-balancers.js';
import { arn, attributeList as attributeListSchema } from './lib/schemas.js';

export const input = {
  ListenerArn: arn(true),
  Attributes: attributeListSchema(),
};

/**
 * Sets listener attributes and answers with all of them. An unknown key is rejected with
 * "The attribute key 'x' is not recognized", which Terraform drops and retries without.
 */
export async function handler(req: InputOf<typeof input, ModifyListenerAttributesInput>, ctx: Context): Promise<ModifyListenerAttributesOutput> {
  // Idle timeouts and response headers are applied by the data plane.
  const attributes = await changeRouting(ctx.db, async (trx) => {
    const listener = await getListener(trx, ctx, req.ListenerArn, { forUpdate: true });
    const lb = await getLoadBalancer(trx, ctx, listener.load_balancer_arn);
    const specs = listenerAttributeSpecs(lb.type, listener.protocol);
    const next = applyAttributes(specs, reconcileListenerAttributes(specs, listener.attributes), req.Attributes);
    await trx.updateTable('listeners').set({ attributes: JSON.stringify(next) }).where('arn', '=', listener.arn).execute();
    return next;
  });
  return { Attributes: attributeList(attributes) };
}
