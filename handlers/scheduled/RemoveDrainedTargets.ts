import { bumpRoutingVersion } from '../../gateway/database/routing-version.js';
import type { ScheduledContext } from '../../gateway/scheduler.js';

/**
 * A deregistered target drains for the group's deregistration_delay.timeout_seconds, then is
 * gone (unused/Target.NotRegistered to DescribeTargetHealth, which lets the botocore
 * `target_deregistered` waiter finish). This handler removes targets whose drain has ended.
 */
export async function handler(ctx: ScheduledContext): Promise<{ removed: number }> {
  return ctx.db.transaction().execute(async (trx) => {
    const result = await trx.deleteFrom('targets')
      .where('state', '=', 'draining')
      .where('drain_until', '<=', ctx.now())
      .executeTakeFirst();
    const removed = Number(result.numDeletedRows);
    if (removed > 0) await bumpRoutingVersion(trx);
    return { removed };
  });
}
