import type { ScheduledContext } from '../../gateway/scheduler.js';

/**
 * A new load balancer is `provisioning` until this handler moves it to `active` — on AWS that
 * takes minutes; here one second, long enough for clients to see and wait on the transition
 * (the botocore `load_balancer_available` waiter, Terraform's `waitLoadBalancerActive`).
 */
export const PROVISIONING_MS = 1000;

export async function handler(ctx: ScheduledContext): Promise<{ activated: number }> {
  const result = await ctx.db
    .updateTable('load_balancers')
    .set({ state: 'active' })
    .where('state', '=', 'provisioning')
    .where('created_at', '<=', new Date(ctx.now().getTime() - PROVISIONING_MS))
    .executeTakeFirst();
  const activated = Number(result.numUpdatedRows);
  // Routing does not read the state, so no routing version tells the console: this does.
  if (activated > 0) ctx.changed?.();
  return { activated };
}
