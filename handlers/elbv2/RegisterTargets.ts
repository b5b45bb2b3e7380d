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
import { heldRegistrations, registeredAlready } from './lib/registered-already.js';
import { checkAlbTargetsExist, registerTargets } from './lib/targets.js';

export const input = {
  TargetGroupArn: arn(true),
  Targets: targetList(),
};

/**
 * Registers targets. Each starts `initial` (Elb.RegistrationInProgress) and is due for a health
 * check at once; with checks disabled (Lambda) it is `unavailable`. Registering a target that is
 * already registered changes nothing (RegisterTargets API reference).
 */
export async function handler(req: InputOf<typeof input, RegisterTargetsInput>, ctx: Context): Promise<RegisterTargetsOutput> {
  if (await changesNothing(req, ctx)) return {};
  await changeRouting(ctx.db, async (trx) => {
    // The row lock serialises registrations per group, so the target quota holds under races.
    const tg = await getTargetGroup(trx, ctx, req.TargetGroupArn, { forUpdate: true });
    checkTargetIds(tg, req.Targets);
    checkIpTargetRanges(tg, req.Targets);
    // Instance ids become their private IPs when the upstream serves EC2.
    const keys = await resolveInstanceTargets(ctx, tg, targetKeys(tg, req.Targets));
    if (tg.target_type === 'alb') await checkAlbTargetsExist(trx, ctx, keys);
    return registerTargets(trx, tg, keys, ctx.now());
  }, { changed: (registered) => registered > 0 }); // re-registering registered targets changes nothing
  return {};
}

/**
 * A re-registration of registered targets, found with two reads in one round trip instead of a
 * locking write transaction (whose row lock makes Postgres flush a commit record to disk). It
 * checks the input as the transaction below would, in the same order, so its errors are the
 * same; anything it cannot vouch for (an ALB target, whose load balancer must still exist) takes
 * the full path.
 */
async function changesNothing(req: InputOf<typeof input, RegisterTargetsInput>, ctx: Context): Promise<boolean> {
  const [tg, held] = await Promise.all([
    getTargetGroup(ctx.db, ctx, req.TargetGroupArn),
    heldRegistrations(ctx.db, req.TargetGroupArn, req.Targets.map((target) => target.Id)),
  ]);
  if (tg.target_type === 'alb') return false;
  checkTargetIds(tg, req.Targets);
  checkIpTargetRanges(tg, req.Targets);
  return registeredAlready(targetKeys(tg, req.Targets), held);
}
