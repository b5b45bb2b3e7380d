import type { Db } from '../../../gateway/database/tables.js';
import { DRAINING, type TargetOwner } from './targets.js';
import type { TargetKey } from './target-ids.js';

/**
 * The registrations (`id:port`) of these target ids in a group that registering them again by
 * `owner` would leave as they are: not draining, and held by that owner (`registerTargets` would
 * otherwise revive them or take them over). Read without the group's row, so it can go out in
 * the same round trip as the group's lookup.
 */
export async function heldRegistrations(db: Db, targetGroupArn: string, ids: readonly string[], owner: TargetOwner = null): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('targets').select(['id', 'port'])
    .where('target_group_arn', '=', targetGroupArn)
    .where('id', 'in', [...new Set(ids)])
    .where('state', '!=', DRAINING.state)
    .where('managed_by', 'is not distinct from', owner)
    .execute();
  return new Set(rows.map((row) => `${row.id}:${row.port}`));
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
