import type { TargetHealth, TargetHealthDescription } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { ExpressionBuilder } from 'kysely';
import type { Database, Db, TargetGroupRow, TargetRow } from '../../../gateway/database/tables.js';
import type { Scope } from './arn.js';
import { invalidTarget, tooManyTargets } from './errors.js';
import { isInUse } from './target-groups.js';
import type { TargetKey } from './target-ids.js';

/** A target-health state as stored and answered (API reference, TargetHealth). */
export interface HealthState {
  state: string;
  reason: string | null;
  description: string | null;
}

export const REGISTERING: HealthState = { state: 'initial', reason: 'Elb.RegistrationInProgress', description: 'Target registration is in progress' };
export const DRAINING: HealthState = { state: 'draining', reason: 'Target.DeregistrationInProgress', description: 'Target deregistration is in progress' };
export const NOT_REGISTERED: HealthState = { state: 'unused', reason: 'Target.NotRegistered', description: 'Target is not registered to the target group' };
export const NOT_IN_USE: HealthState = { state: 'unused', reason: 'Target.NotInUse', description: 'Target group is not configured to receive traffic from the load balancer' };
export const CHECKS_DISABLED: HealthState = { state: 'unavailable', reason: 'Target.HealthCheckDisabled', description: 'Health checks are disabled' };

/**
 * Quotas (ALB user guide, "Quotas"): 1,000 targets per instance/ip target group; a Lambda
 * target group holds one function and an ALB-type target group one load balancer.
 */
export function maxTargets(tg: TargetGroupRow): number {
  return tg.target_type === 'lambda' || tg.target_type === 'alb' ? 1 : 1000;
}

/** Where a new (or re-registered) target starts: checked at once, or `unavailable` with checks off. */
function startState(tg: TargetGroupRow, now: Date): HealthState & { next_check_at: Date | null; drain_until: null } {
  return tg.health_check_enabled ? { ...REGISTERING, next_check_at: now, drain_until: null } : { ...CHECKS_DISABLED, next_check_at: null, drain_until: null };
}

/**
 * Who registered a target: `null` for the RegisterTargets API (by hand), else the controller that
 * keeps it in step with something else — `'kubernetes'` for the pod reconciler.
 */
export type TargetOwner = string | null;

/**
 * Registers targets inside the caller's transaction (which holds the target group's row lock);
 * returns how many rows changed (0 when every target was registered already). A target already
 * registered is left as it is; a draining one is registered afresh, which cancels its
 * deregistration — but only by its own owner: a controller never revives a target drained by
 * hand. A registration by hand takes a controller's targets over (`managed_by` is cleared), so
 * from then on no controller drains them; that moves no traffic, so it is not counted.
 */
export async function registerTargets(trx: Db, tg: TargetGroupRow, keys: readonly TargetKey[], now: Date, owner: TargetOwner = null): Promise<number> {
  if (keys.length === 0) return 0;
  if (owner === null) {
    await trx.updateTable('targets').set({ managed_by: null })
      .where('target_group_arn', '=', tg.arn).where('managed_by', 'is not', null).where(matching(keys)).execute();
  }
  const start = startState(tg, now);
  const result = await trx.insertInto('targets')
    .values(keys.map((key) => ({ target_group_arn: tg.arn, ...key, address: key.address ?? null, ...start, registered_at: now, managed_by: owner })))
    .onConflict((oc) => oc.columns(['target_group_arn', 'id', 'port'])
      .doUpdateSet((eb) => ({ ...start, registered_at: now, consecutive_successes: 0, consecutive_failures: 0, address: eb.ref('excluded.address') }))
      .where('targets.state', '=', DRAINING.state).where('targets.managed_by', 'is not distinct from', owner))
    .executeTakeFirst();
  const changed = Number(result.numInsertedOrUpdatedRows ?? 0n);
  if (changed === 0) return 0;
  if (await countTargets(trx, tg.arn) > maxTargets(tg)) {
    throw tooManyTargets(maxTargets(tg));
  }
  return changed;
}

/** How many targets a group holds; draining ones count toward the quota until they are gone. */
export async function countTargets(db: Db, targetGroupArn: string): Promise<number> {
  const { count } = await db.selectFrom('targets').select((eb) => eb.fn.countAll<string>().as('count'))
    .where('target_group_arn', '=', targetGroupArn).executeTakeFirstOrThrow();
  return Number(count);
}

/** The registered targets of a group, oldest registration first. */
export function listTargets(db: Db, targetGroupArn: string): Promise<TargetRow[]> {
  return db.selectFrom('targets').selectAll().where('target_group_arn', '=', targetGroupArn)
    .orderBy('registered_at').orderBy('id').orderBy('port').execute();
}

/**
 * A target's entry in DescribeTargetHealth. `HealthCheckPort` is the port the checks really go
 * to: the target's own when the group checks the `traffic-port`. Lambda targets have no port.
 */
export function toTargetHealthDescription(tg: TargetGroupRow, target: TargetKey, health: HealthState): TargetHealthDescription {
  const lambda = tg.target_type === 'lambda';
  const checkPort = tg.health_check_port === 'traffic-port' ? String(target.port) : tg.health_check_port;
  return {
    Target: {
      Id: target.id,
      Port: lambda ? undefined : target.port,
      AvailabilityZone: target.availability_zone ?? undefined,
    },
    HealthCheckPort: lambda ? undefined : checkPort ?? undefined,
    TargetHealth: {
      State: health.state as TargetHealth['State'],
      Reason: (health.reason ?? undefined) as TargetHealth['Reason'],
      Description: health.description ?? undefined,
    },
  };
}

/** Starts every target that is not draining over, after the group's checks were turned on or off. */
export async function restartTargets(trx: Db, tg: TargetGroupRow, now: Date): Promise<void> {
  await trx.updateTable('targets').set({ ...startState(tg, now), consecutive_successes: 0, consecutive_failures: 0 })
    .where('target_group_arn', '=', tg.arn).where('state', '!=', DRAINING.state).execute();
}

/** Rows matching any of these targets' (id, port). */
function matching(keys: readonly TargetKey[]) {
  return (eb: ExpressionBuilder<Database, 'targets'>) => eb.or(keys.map((key) => eb.and([eb('id', '=', key.id), eb('port', '=', key.port)])));
}

/**
 * How long this group's deregistered targets drain, in seconds: deregistration_delay.timeout_seconds
 * while a listener or rule forwards to the group; an unused group has no connections to drain,
 * and Lambda target groups have no deregistration delay attribute, hence no draining.
 */
export async function drainSeconds(db: Db, tg: TargetGroupRow): Promise<number> {
  const delay = Number(tg.attributes['deregistration_delay.timeout_seconds'] ?? 0);
  return delay > 0 && (await isInUse(db, tg.arn)) ? delay : 0;
}

/**
 * Deregisters targets; returns how many changed. With `drainFor` (seconds), they drain first:
 * `draining` until then, unprobed, and a target already draining keeps its deadline. Without,
 * they go at once. Targets that are not registered are skipped (DeregisterTargets succeeds).
 */
export async function deregisterTargets(trx: Db, tg: TargetGroupRow, keys: readonly TargetKey[], now: Date, drainFor: number): Promise<number> {
  if (keys.length === 0) return 0;
  const result = drainFor > 0
    ? await trx.updateTable('targets').set({ ...DRAINING, drain_until: new Date(now.getTime() + drainFor * 1000), next_check_at: null })
      .where('target_group_arn', '=', tg.arn).where('state', '!=', DRAINING.state).where(matching(keys)).executeTakeFirst()
    : await trx.deleteFrom('targets').where('target_group_arn', '=', tg.arn).where(matching(keys)).executeTakeFirst();
  return Number('numUpdatedRows' in result ? result.numUpdatedRows : result.numDeletedRows);
}

/** An ALB target must be an Application Load Balancer of the caller's account and Region. */
export async function checkAlbTargetsExist(db: Db, scope: Scope, keys: readonly TargetKey[]): Promise<void> {
  const ids = keys.map((key) => key.id);
  const found = await db.selectFrom('load_balancers').select('arn').where('arn', 'in', ids).where('type', '=', 'application')
    .where('account_id', '=', scope.accountId).where('region', '=', scope.region).execute();
  const missing = ids.filter((id) => !found.some((row) => row.arn === id));
  if (missing.length > 0) {
    throw invalidTarget('Application Load Balancers', missing);
  }
}
