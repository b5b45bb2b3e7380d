import type { ModifyTargetGroupInput, ModifyTargetGroupOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import { changeRouting } from '../../gateway/database/routing-version.js';
import type { InputOf } from '../../gateway/api/schema.js';
import type { Context } from '../../gateway/api/service.js';
import { resolveHealthCheck } from './lib/resolve-health-check.js';
import { arn } from './lib/schemas.js';
import { healthCheckMembers } from './lib/target-group-schemas.js';
import { describeTargetGroups, getTargetGroup } from './lib/target-groups.js';
import { restartTargets } from './lib/targets.js';

export const input = {
  TargetGroupArn: arn(true),
  ...healthCheckMembers(),
};

/**
 * Changes a target group's health check, checked as CreateTargetGroup checks it. Turning checks
 * on or off (Lambda target groups only) starts the targets over: `initial` and probed at once,
 * or `unavailable` with Target.HealthCheckDisabled.
 */
export async function handler(req: InputOf<typeof input, ModifyTargetGroupInput>, ctx: Context): Promise<ModifyTargetGroupOutput> {
  // Health-check settings decide which targets are routable.
  const row = await changeRouting(ctx.db, async (trx) => {
    const tg = await getTargetGroup(trx, ctx, req.TargetGroupArn, { forUpdate: true });
    const hc = resolveHealthCheck(tg, req, tg);
    const updated = await trx.updateTable('target_groups')
      .set({ ...hc, matcher: hc.matcher ? JSON.stringify(hc.matcher) : null })
      .where('arn', '=', tg.arn).returningAll().executeTakeFirstOrThrow();
    if (updated.health_check_enabled !== tg.health_check_enabled) await restartTargets(trx, updated, ctx.now());
    return updated;
  });
  return { TargetGroups: await describeTargetGroups(ctx.db, [row]) };
}
