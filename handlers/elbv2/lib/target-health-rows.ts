import { sql } from 'kysely';
import { cachedRead, type ReadCache } from '../../../gateway/database/read-cache.js';
import type { Db, TargetGroupRow, TargetRow } from '../../../gateway/database/tables.js';
import { arnsInScope, type Scope } from './arn.js';
import { targetGroupNotFound } from './errors.js';

/** What DescribeTargetHealth and RegisterTargets read of a registered target. */
export type TargetHealthRow = Pick<TargetRow, 'id' | 'port' | 'availability_zone' | 'state' | 'reason' | 'description' | 'managed_by'>;

/** A target group with what DescribeTargetHealth answers of it. Shared by cached reads: read-only. */
export interface TargetGroupHealth {
  group: TargetGroupRow;
  /** Its targets, oldest registration first. */
  targets: TargetHealthRow[];
  /** Whether a listener or rule forwards to the group: only then do its targets receive traffic. */
  inUse: boolean;
}

/**
 * A target group, its targets and whether it is in use, through the read cache when there is one
 * (gateway/database/read-cache.ts). An unknown ARN, or one of another account or region, is
 * `TargetGroupNotFound`; a malformed one a `ValidationError`. The ARN is checked against the
 * caller's scope before the cache is asked, so a cached group is never shown to another scope.
 */
export function readTargetGroupHealth(db: Db, scope: Scope, arn: string, cache: ReadCache | undefined): Promise<TargetGroupHealth> {
  if (arnsInScope([arn], 'targetgroup', scope).length === 0) throw targetGroupNotFound();
  return cachedRead(cache, `target-group-health ${arn}`, () => queryTargetGroupHealth(db, arn));
}

/**
 * The group, its targets and the in-use flag in one query, so one round trip to Postgres: the
 * targets come as one JSON array (ordered inside the aggregate), which also spares parsing the
 * timestamps the answers do not show.
 */
async function queryTargetGroupHealth(db: Db, arn: string): Promise<TargetGroupHealth> {
  const row = await db.selectFrom('target_groups').selectAll()
    .select(sql<TargetHealthRow[]>`(
      select coalesce(json_agg(json_build_object(
        'id', t.id, 'port', t.port, 'availability_zone', t.availability_zone,
        'state', t.state, 'reason', t.reason, 'description', t.description, 'managed_by', t.managed_by
      ) order by t.registered_at, t.id, t.port), '[]')
      from targets t where t.target_group_arn = target_groups.arn)`.as('health_targets'))
    .select(sql<boolean>`exists (select 1 from rule_target_groups r where r.target_group_arn = target_groups.arn)`.as('in_use'))
    .where('arn', '=', arn)
    .executeTakeFirst();
  if (!row) throw targetGroupNotFound();
  const { health_targets: targets, in_use: inUse, ...group } = row;
  return { group, targets, inUse };
}
