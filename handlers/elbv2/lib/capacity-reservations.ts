import type { DescribeCapacityReservationOutput, ZonalCapacityReservationState } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Kysely, Transaction } from 'kysely';
import type { CapacityReservationRow, Database, LoadBalancerRow } from '../../../gateway/database/tables.js';
import { zoneOf } from './network.js';
import {
  capacityDecreaseRequestsLimitExceeded, capacityReservationNotPermitted, capacityReservationPending, capacityUnitsLimitExceeded,
} from './errors.js';

type Db = Kysely<Database> | Transaction<Database>;

// LCU reservations, as the ALB and NLB user guides describe them ("Capacity reservations for
// your Application/Network Load Balancer", "Request Load balancer Capacity Unit reservation"):
// capacity is reserved for the Region and spread evenly over the load balancer's zones; a request
// is pending until it is provisioned, and a new one waits for that; increases are unlimited,
// decreases (a reset included) two per day.

/** How long a request stays `pending` here before it is `provisioned` (AWS: minutes to hours). */
export const PROVISIONING_MS = 1000;

/** "You can only decrease the reserved capacity two times per day." */
export const DECREASES_PER_DAY = 2;

/**
 * The most LCUs one load balancer may reserve. The quota pages list this as a quota; its default
 * could not be confirmed here, so these are stand-ins (README, "Differences from AWS").
 */
export const MAX_CAPACITY_UNITS: Readonly<Record<'application' | 'network', number>> = { application: 15000, network: 45000 };

export function findCapacityReservation(db: Db, loadBalancerArn: string): Promise<CapacityReservationRow | undefined> {
  return db.selectFrom('capacity_reservations').selectAll().where('load_balancer_arn', '=', loadBalancerArn).executeTakeFirst();
}

/** The UTC day of `now`, as `decrease_day` holds it. */
export const utcDay = (now: Date) => now.toISOString().slice(0, 10);

/** Decreases already made today. */
export function decreasesToday(row: CapacityReservationRow | undefined, now: Date): number {
  return row && row.decrease_day === utcDay(now) ? row.decreases : 0;
}

export function isPending(row: CapacityReservationRow | undefined, now: Date): boolean {
  return !!row && now.getTime() - row.requested_at.getTime() < PROVISIONING_MS;
}

/**
 * DescribeCapacityReservation's answer. With no reservation there is neither a minimum nor a zone
 * state; with one, each zone holds its even share once provisioned.
 */
export function describeReservation(lb: LoadBalancerRow, row: CapacityReservationRow | undefined, now: Date): DescribeCapacityReservationOutput {
  const remaining = DECREASES_PER_DAY - decreasesToday(row, now);
  if (!row) return { DecreaseRequestsRemaining: remaining, CapacityReservationState: [] };
  const units = row.capacity_units;
  const pending = isPending(row, now);
  const states: ZonalCapacityReservationState[] = units === null ? [] : lb.subnets.map((_, index) => ({
    State: { Code: pending ? 'pending' : 'provisioned' },
    AvailabilityZone: zoneOf(lb.region, index),
    EffectiveCapacityUnits: pending ? 0 : units / lb.subnets.length,
  }));
  return {
    LastModifiedTime: row.requested_at,
    DecreaseRequestsRemaining: remaining,
    MinimumLoadBalancerCapacity: units === null ? undefined : { CapacityUnits: units },
    CapacityReservationState: states,
  };
}

/** What ModifyCapacityReservation writes. */
export interface ReservationChange {
  capacity_units: number | null;
  requested_at: Date;
  decrease_day: string | null;
  decreases: number;
}

/**
 * Checks a ModifyCapacityReservation request against the load balancer and its reservation, in
 * the order the guides state the rules, and returns the row to write. `units` undefined means
 * a reset. `hasTlsListener`: "LCU reservation is not supported on Network Load Balancers using
 * TLS listeners".
 */
export function changeReservation(lb: LoadBalancerRow, row: CapacityReservationRow | undefined, units: number | undefined, hasTlsListener: boolean, now: Date): ReservationChange {
  if (lb.type === 'gateway') throw capacityReservationNotPermitted('Capacity reservations are not supported for Gateway Load Balancers');
  if (hasTlsListener) throw capacityReservationNotPermitted('Capacity reservations are not supported for Network Load Balancers with TLS listeners');
  if (isPending(row, now)) throw capacityReservationPending();
  if (units !== undefined && units > MAX_CAPACITY_UNITS[lb.type as 'application' | 'network']) throw capacityUnitsLimitExceeded();
  const current = row?.capacity_units ?? null;
  const decrease = current !== null && (units === undefined || units < current);
  const used = decreasesToday(row, now);
  if (decrease && used >= DECREASES_PER_DAY) throw capacityDecreaseRequestsLimitExceeded();
  return {
    capacity_units: units ?? null,
    requested_at: now,
    decrease_day: decrease || used > 0 ? utcDay(now) : null,
    decreases: used + (decrease ? 1 : 0),
  };
}
