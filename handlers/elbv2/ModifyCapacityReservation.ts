import type { ModifyCapacityReservationInput, ModifyCapacityReservationOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { InputOf } from '../../gateway/api/schema.js';
import { validationError } from '../../gateway/api/errors.js';
import { boolean, integer, structure } from '../../gateway/api/schema.js';
import type { Context } from '../../gateway/api/service.js';
import { changeReservation, describeReservation, findCapacityReservation } from './lib/capacity-reservations.js';
import { getLoadBalancer } from './lib/load-balancers.js';
import { arn } from './lib/schemas.js';

export const input = {
  LoadBalancerArn: arn(true),
  MinimumLoadBalancerCapacity: structure({ CapacityUnits: integer({ min: 1 }) }),
  ResetCapacityReservation: boolean(),
};

/**
 * Sets or resets a load balancer's LCU reservation (API reference, ModifyCapacityReservation:
 * "you must include at least one MinimumLoadBalancerCapacity or ResetCapacityReservation"; both
 * at once ask for two things and are refused too). The load balancer row is locked, so two
 * requests are settled one after the other: the second finds the first pending. Nothing routes
 * by it, so the routing version stays.
 */
export async function handler(req: InputOf<typeof input, ModifyCapacityReservationInput>, ctx: Context): Promise<ModifyCapacityReservationOutput> {
  const reset = req.ResetCapacityReservation === true;
  const units = req.MinimumLoadBalancerCapacity?.CapacityUnits;
  if (reset === (req.MinimumLoadBalancerCapacity !== undefined)) {
    throw validationError('Either MinimumLoadBalancerCapacity or ResetCapacityReservation must be specified, but not both');
  }
  if (!reset && units === undefined) throw validationError('MinimumLoadBalancerCapacity must specify CapacityUnits');
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const lb = await getLoadBalancer(trx, ctx, req.LoadBalancerArn, { forUpdate: true });
    const current = await findCapacityReservation(trx, lb.arn);
    const tls = await trx.selectFrom('listeners').select('arn').where('load_balancer_arn', '=', lb.arn).where('protocol', '=', 'TLS').executeTakeFirst();
    const change = changeReservation(lb, current, reset ? undefined : units, lb.type === 'network' && !!tls, now);
    const row = await trx.insertInto('capacity_reservations').values({ load_balancer_arn: lb.arn, ...change })
      .onConflict((oc) => oc.column('load_balancer_arn').doUpdateSet(change)).returningAll().executeTakeFirstOrThrow();
    return describeReservation(lb, row, now);
  });
}
