import type { DeregisterTargetsInput, DeregisterTargetsOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import { changeRouting } from '../../gateway/database/routing-version.js';
import type { InputOf } from '../../gateway/api/schema.js';
import type { Context } from '../../gateway/api/service.js';
import { arn } from './lib/schemas.js';
import { targetList } from './lib/target-group-schemas.js';
import { getTargetGroup } from './lib/target-groups.js';
import { targetKeys } from './lib/target-ids.js';
import { deregisterTargets, drainSeconds } from './lib/targets.js';

export const input = {
  TargetGroupArn: arn(true),
  Targets: targetList(),
};

/**
 * Deregisters targets; ones not registered are ignored (DeregisterTargets succeeds for them).
 * While a listener or rule forwards to the group, targets drain for
 * deregistration_delay.timeout_seconds (`draining`, Target.DeregistrationInProgress) and
 * RemoveDrainedTargets removes them afterwards; an unused group has no connections to drain.
 */
export async function handler(req: InputOf<typeof input, DeregisterTargetsInput>, ctx: Context): Promise<DeregisterTargetsOutput> {
  await changeRouting(ctx.db, async (trx) => {
    const tg = await getTargetGroup(trx, ctx, req.TargetGroupArn, { forUpdate: true });
    return deregisterTargets(trx, tg, targetKeys(tg, req.Targets), ctx.now(), await drainSeconds(trx, tg));
  }, { changed: (deregistered) => deregistered > 0 });
  return {};
}
