import type { DescribeCapacityReservationInput, DescribeCapacityReservationOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { InputOf } from '../../gateway/api/schema.js';
import type { Context } from '../../gateway/api/service.js';
import { describeReservation, findCapacityReservation } from './lib/capacity-reservations.js';
import { getLoadBalancer } from './lib/load-balancers.js';
import { arn } from './lib/schemas.js';

export const input = {
  LoadBalancerArn: arn(true),
};

/**
 * A load balancer's LCU reservation: the minimum asked for, each zone's state and share, and the
 * decreases left today. A load balancer that never had one answers no minimum and no zones.
 */
export async function handler(req: InputOf<typeof input, DescribeCapacityReservationInput>, ctx: Context): Promise<DescribeCapacityReservationOutput> {
  const lb = await getLoadBalancer(ctx.db, ctx, req.LoadBalancerArn);
  return describeReservation(lb, await findCapacityReservation(ctx.db, lb.arn), ctx.now());
}
