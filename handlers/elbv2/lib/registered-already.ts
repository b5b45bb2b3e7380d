import { sql } from 'kysely';
import type { Db, TargetGroupRow } from '../../../gateway/database/tables.js';
import { arnsInScope, type Scope } from './arn.js';
import { targetGroupNotFound } from './errors.js';
import { DRAINING, type TargetOwner } from './targets.js';
import type { TargetKey } from './target-ids.js';

/**
 * A target group with the registrations (`id:port`) of these target ids that registering them
 * again by `owner` would leave as they are: not draining, and held by that owner
 * (`registerTargets` would otherwise revive them or take them over). One query, so one round
 * trip; read without locking the group's row. An unknown ARN, or one of another account or
 * region, is `TargetGroupNotFound`; a malformed one a `ValidationError`.
 */
export async function groupWithHeldRegistrations(
  db: Db, scope: Scope, arn: string, ids: readonly string[], owner: TargetOwner = null,
): Promise<{ group: TargetGroupRow; held: Set<string> }> {
  if (arnsInScope([arn], 'targetgroup', scope).length === 0) throw targetGroupNotFound();
  const row = await db.selectFrom('target_groups').selectAll()
    .select(sql<string[] | null>`(
      select array_agg(t.id || ':' || t.port) from targets t
      where t.target_group_arn = target_groups.arn and t.id = any(${[...new Set(ids)]}::text[])
        and t.state <> ${DRAINING.state} and t.managed_by is not distinct from ${owner}::text)`.as('held'))
    .where('arn', '=', arn)
    .executeTakeFirst();
  if (!row) throw targetGroupNotFound();
  const { held, ...group } = row;
  return { group, held: new Set(held) };
}

/**
 * Whether registering `keys` would change nothing, given the `held` registrations. Such a call
 * needs no transaction, no row lock and no commit to wait for: the read was one consistent
 * snapshot in which the registration already held, so answering success is the same as a
 * registration that changed nothing (RegisterTargets API reference: registering a registered
 * target is allowed and does nothing). Only committed rows are read, and Postgres makes a
 * commit visible only once it is flushed, so nothing undurable is vouched for.
 */
export function registeredAlready(keys: readonly TargetKey[], held: ReadonlySet<string>): boolean {
  return keys.every((key) => held.has(`${key.id}:${key.port}`));
}
