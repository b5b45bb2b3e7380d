import type { TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Db, TargetGroupRow } from '../../../gateway/database/tables.js';
import type { Scope } from './arn.js';
import { targetGroupNotFound } from './errors.js';
import { arnLookup } from './lookup.js';

/** Quota: target groups per Region, shared by ALB and NLB (ALB user guide, "Quotas"). */
export const MAX_TARGET_GROUPS = 3000;

/** Target groups by ARN, in the order asked; any unknown one is `TargetGroupNotFound`. */
export const { one: getTargetGroup, many: getTargetGroups } = arnLookup('target_groups', 'targetgroup', targetGroupNotFound);

function scoped(db: Db, scope: Scope) {
  return db.selectFrom('target_groups').selectAll()
    .where('account_id', '=', scope.accountId)
    .where('region', '=', scope.region);
}

/** Every target group of the scope, oldest first (the order Describe* pages in). */
export function listTargetGroups(db: Db, scope: Scope): Promise<TargetGroupRow[]> {
  return scoped(db, scope).orderBy('created_at').orderBy('arn').execute();
}

export function findTargetGroupByName(db: Db, scope: Scope, name: string): Promise<TargetGroupRow | undefined> {
  return scoped(db, scope).where('name', '=', name).executeTakeFirst();
}

/** The target groups a load balancer's listeners and rules forward to, oldest first. */
export function targetGroupsOfLoadBalancer(db: Db, loadBalancerArn: string): Promise<TargetGroupRow[]> {
  return db.selectFrom('target_groups').selectAll()
    .where('arn', 'in', (eb) => eb.selectFrom('rule_target_groups').select('target_group_arn').where('load_balancer_arn', '=', loadBalancerArn))
    .orderBy('created_at').orderBy('arn').execute();
}

/** For each target group ARN, the load balancers forwarding to it (through rule_target_groups), sorted. */
export async function loadBalancerArnsOf(db: Db, arns: readonly string[]): Promise<Map<string, string[]>> {
  const byArn = new Map<string, string[]>(arns.map((arn) => [arn, []]));
  if (arns.length === 0) return byArn;
  const rows = await db.selectFrom('rule_target_groups').select(['target_group_arn', 'load_balancer_arn']).distinct()
    .where('target_group_arn', 'in', arns).orderBy('load_balancer_arn').execute();
  for (const row of rows) byArn.get(row.target_group_arn)?.push(row.load_balancer_arn);
  return byArn;
}

/** Whether any listener or rule forwards to the target group: only then do its targets receive traffic. */
export async function isInUse(db: Db, targetGroupArn: string): Promise<boolean> {
  const row = await db.selectFrom('rule_target_groups').select('rule_arn').where('target_group_arn', '=', targetGroupArn).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** A row as the API's `TargetGroup` shape. */
export function toTargetGroup(row: TargetGroupRow, loadBalancerArns: readonly string[]): TargetGroup {
  return {
    TargetGroupArn: row.arn,
    TargetGroupName: row.name,
    Protocol: (row.protocol ?? undefined) as TargetGroup['Protocol'],
    Port: row.port ?? undefined,
    VpcId: row.vpc_id ?? undefined,
    HealthCheckProtocol: (row.health_check_protocol ?? undefined) as TargetGroup['HealthCheckProtocol'],
    HealthCheckPort: row.health_check_port ?? undefined,
    HealthCheckEnabled: row.health_check_enabled,
    HealthCheckIntervalSeconds: row.health_check_interval_seconds,
    HealthCheckTimeoutSeconds: row.health_check_timeout_seconds,
    HealthyThresholdCount: row.healthy_threshold_count,
    UnhealthyThresholdCount: row.unhealthy_threshold_count,
    HealthCheckPath: row.health_check_path ?? undefined,
    Matcher: row.matcher ?? undefined,
    LoadBalancerArns: [...loadBalancerArns],
    TargetType: row.target_type as TargetGroup['TargetType'],
    ProtocolVersion: row.protocol_version ?? undefined,
    IpAddressType: (row.ip_address_type ?? undefined) as TargetGroup['IpAddressType'],
  };
}

/** Rows as `TargetGroup`s with their load balancers, in the given order. */
export async function describeTargetGroups(db: Db, rows: readonly TargetGroupRow[]): Promise<TargetGroup[]> {
  const lbs = await loadBalancerArnsOf(db, rows.map((row) => row.arn));
  return rows.map((row) => toTargetGroup(row, lbs.get(row.arn) ?? []));
}
