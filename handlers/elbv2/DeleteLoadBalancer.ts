import type { DeleteLoadBalancerInput, DeleteLoadBalancerOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import { changeRouting } from '../../gateway/database/routing-version.js';
import type { InputOf } from '../../gateway/api/schema.js';
import type { Context } from '../../gateway/api/service.js';
import { checkArn } from './lib/arn.js';
import { operationNotPermitted } from './lib/errors.js';
import { arn } from './lib/schemas.js';
import { dropTags } from './lib/tags.js';

export const input = {
  LoadBalancerArn: arn(true),
};

/**
 * Deletes a load balancer with its listeners and rules (foreign-key cascades) and their tags.
 * API reference, DeleteLoadBalancer: "If the load balancer does not exist or has already been
 * deleted, the call succeeds" — a malformed ARN is still a `ValidationError`. Target groups and
 * their targets stay.
 */
export async function handler(req: InputOf<typeof input, DeleteLoadBalancerInput>, ctx: Context): Promise<DeleteLoadBalancerOutput> {
  const lbArn = req.LoadBalancerArn;
  if (!checkArn(lbArn, 'loadbalancer', ctx)) return {};
  await changeRouting(ctx.db, async (trx) => {
    // Locking the load balancer and its listeners keeps new listeners and rules (whose foreign
    // keys need a share lock on their parent) out until this commits, so the ARNs read here are
    // every child whose tags must go.
    const row = await trx.selectFrom('load_balancers').select('attributes').where('arn', '=', lbArn).forUpdate().executeTakeFirst();
    if (!row) return false;
    if (row.attributes['deletion_protection.enabled'] === 'true') {
      throw operationNotPermitted(`Load balancer '${lbArn}' cannot be deleted because deletion protection is enabled`);
    }
    const listeners = (await trx.selectFrom('listeners').select('arn').where('load_balancer_arn', '=', lbArn).forUpdate().execute()).map((l) => l.arn);
    const rules = listeners.length === 0 ? [] : (await trx.selectFrom('rules').select('arn').where('listener_arn', 'in', listeners).execute()).map((r) => r.arn);
    await trx.deleteFrom('load_balancers').where('arn', '=', lbArn).execute();
    // After the delete: it waited for any AddTags holding a child row, so those tags are visible now.
    await dropTags(trx, [lbArn, ...listeners, ...rules]);
    return true;
  }, { changed: (deleted) => deleted });
  return {};
}
