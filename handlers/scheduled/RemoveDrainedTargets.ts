import { changeRouting } from '../../gateway/database/routing-version.js';
import type { ScheduledContext } from '../../gateway/scheduler.js';

/**
 * A deregistered target drains for the group's deregistration_delay.timeout_seconds, then is
 * gone (unused/Target.NotRegistered to DescribeTargetHealth, which lets the botocore
 * `target_deregistered` waiter finish). This handler removes targets whose drain has ended.
 */
export async function handler(ctx: ScheduledContext): Promise<{ removed: number }> {
  return changeRouting(ctx.db, async (trx) => {
    const result = await trx.deleteFrom('targets')
      .where('state', '=', 'draining')
      .where('drain_until', '<=', ctx.now())
      .executeTakeFirst();
    return { removed: Number(result.numDeletedRows) };
  }, { changed: ({ removed }) => removed > 0 });
}
