import type { RegisterTargetsInput, RegisterTargetsOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import { changeRouting } from '../../gateway/database/routing-version.js';
import type { InputOf } from '../../gateway/api/schema.js';
import type { Context } from '../../gateway/api/service.js';
import { resolveInstanceTargets } from './lib/instance-targets.js';
import { arn } from './lib/schemas.js';
import { targetList } from './lib/target-group-schemas.js';
import { getTargetGroup } from './lib/target-groups.js';
import { checkTargetIds, targetKeys } from './lib/target-ids.js';
import { checkIpTargetRanges } from './lib/target-ranges.js';
import { registeredAlready } from './lib/registered-already.js';
import { readTargetGroupHealth } from './lib/target-health-rows.js';
import { checkAlbTargetsExist, registerTargets } from './lib/targets.js';

export const input = {
  TargetGroupArn: arn(true),
  Targets: targetList(),
};

/**
 * Registers targets. Each starts `initial` (Elb.RegistrationInProgress) and is due for a health
 * check at once; with checks disabled (Lambda) it is `unavailable`. Registering a target that is
 * already registered changes nothing (RegisterTargets API reference).
 *
 * The input is checked against the group read outside the transaction: a group's target type,
 * port and VPC never change (ModifyTargetGroup takes none of them), so the checks and the EC2
 * lookup of instance targets need not run under the group's row lock, and a network call to
 * the upstream never holds it.
 */
export async function handler(req: InputOf<typeof input, RegisterTargetsInput>, ctx: Context): Promise<RegisterTargetsOutput> {
  const { group: tg, targets } = await readTargetGroupHealth(ctx.db, ctx, req.TargetGroupArn, ctx.cache);
  checkTargetIds(tg, req.Targets);
  checkIpTargetRanges(tg, req.Targets);
  const keys = targetKeys(tg, req.Targets);
  // A re-registration of registered targets is answered from that one read, with no locking
  // write transaction (whose row lock makes Postgres flush a commit record to disk); an ALB
  // target's load balancer must still exist, so those always take the full path.
  if (tg.target_type !== 'alb' && registeredAlready(keys, targets)) return {};
  // Instance ids become their private IPs when the upstream serves EC2.
  const resolved = await resolveInstanceTargets(ctx, tg, keys);
  await changeRouting(ctx.db, async (trx) => {
    // The row lock serialises registrations per group, so the target quota holds under races;
    // a group deleted since the read above is TargetGroupNotFound here.
    const locked = await getTargetGroup(trx, ctx, req.TargetGroupArn, { forUpdate: true });
    if (locked.target_type === 'alb') await checkAlbTargetsExist(trx, ctx, resolved);
    return registerTargets(trx, locked, resolved, ctx.now());
  }, { changed: (registered) => registered > 0 }); // re-registering registered targets changes nothing
  return {};
}
