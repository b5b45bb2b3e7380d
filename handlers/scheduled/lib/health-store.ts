import { sql } from 'kysely';
import type { Db } from '../../../gateway/database/tables.js';
import type { TargetHealth } from './target-health.js';

/** A target claimed for probing, with its group's health-check settings. */
export interface ClaimedTarget {
  targetGroupArn: string;
  id: string;
  port: number;
  /** What is probed: the address an instance id resolved to at registration, else the id itself. */
  host: string;
  /** When the check was due; a claim looks ahead, so this may be a little in the future. */
  dueAt: Date;
  health: TargetHealth;
  check: {
    protocol: string;
    port: string | null;
    path: string | null;
    timeoutSeconds: number;
    healthyThreshold: number;
    unhealthyThreshold: number;
    matcher: { HttpCode?: string; GrpcCode?: string } | null;
    protocolVersion: string | null;
  };
}

interface ClaimRow {
  target_group_arn: string; id: string; port: number; host: string; due_at: Date;
  state: string; reason: string | null; description: string | null; consecutive_successes: number; consecutive_failures: number;
  protocol: string; check_port: string | null; path: string | null; timeout_seconds: number;
  healthy_threshold: number; unhealthy_threshold: number; matcher: ClaimedTarget['check']['matcher']; protocol_version: string | null;
}

/**
 * Claims up to `limit` targets due by `horizon` in one statement (so one short transaction):
 * rows locked by another replica's claim are skipped (`FOR UPDATE SKIP LOCKED`), and each claimed
 * row's next check moves one interval on before the lock is released, so no other claim sees it
 * due again within the interval. Only targets that are probed on AWS qualify: not draining, in a
 * group with health checks enabled (targets of other groups are `unavailable`, set so by
 * RegisterTargets and ModifyTargetGroup) that a listener or rule uses (else `Target.NotInUse`;
 * probing starts when one does).
 * The cadence is kept (next = due + interval) unless the claim is late by more than `slackMs`;
 * then it restarts from now, which also spreads a burst of targets registered together.
 */
export async function claimDueTargets(db: Db, now: Date, horizon: Date, slackMs: number, limit: number): Promise<ClaimedTarget[]> {
  if (limit <= 0) return [];
  const { rows } = await sql<ClaimRow>`
    with due as (
      select t.target_group_arn, t.id, t.port, t.next_check_at
      from targets t join target_groups g on g.arn = t.target_group_arn
      where t.next_check_at <= ${horizon} and t.state <> 'draining' and g.health_check_enabled
        and exists (select from rule_target_groups r where r.target_group_arn = t.target_group_arn)
      order by t.next_check_at
      limit ${limit}
      for update of t skip locked
    )
    update targets t
    set next_check_at = greatest(due.next_check_at, ${now}::timestamptz - make_interval(secs => ${slackMs / 1000}::float8))
      + make_interval(secs => g.health_check_interval_seconds)
    from due, target_groups g
    where t.target_group_arn = due.target_group_arn and t.id = due.id and t.port = due.port and g.arn = t.target_group_arn
    returning t.target_group_arn, t.id, t.port, coalesce(t.address, t.id) as host, due.next_check_at as due_at,
      t.state, t.reason, t.description, t.consecutive_successes, t.consecutive_failures,
      coalesce(g.health_check_protocol, g.protocol, 'TCP') as protocol, g.health_check_port as check_port,
      g.health_check_path as path, g.health_check_timeout_seconds as timeout_seconds,
      g.healthy_threshold_count as healthy_threshold, g.unhealthy_threshold_count as unhealthy_threshold,
      g.matcher, g.protocol_version`.execute(db);
  return rows.map((row) => ({
    targetGroupArn: row.target_group_arn,
    id: row.id,
    port: row.port,
    host: row.host,
    dueAt: row.due_at,
    health: { state: row.state, reason: row.reason, description: row.description, consecutiveSuccesses: row.consecutive_successes, consecutiveFailures: row.consecutive_failures },
    check: {
      protocol: row.protocol, port: row.check_port, path: row.path, timeoutSeconds: row.timeout_seconds,
      healthyThreshold: row.healthy_threshold, unhealthyThreshold: row.unhealthy_threshold, matcher: row.matcher, protocolVersion: row.protocol_version,
    },
  }));
}
