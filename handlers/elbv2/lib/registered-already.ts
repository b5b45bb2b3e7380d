import type { Db, TargetGroupRow } from '../../../gateway/database/tables.js';
import { DRAINING, type TargetOwner } from './targets.js';
import type { TargetKey } from './target-ids.js';

/**
 * Whether registering `keys` by `owner` would change nothing: every one is registered already,
 * not draining, and held by that owner (`registerTargets` would otherwise revive it or take it
 * over). Such a call needs no transaction, no row lock and no commit to wait for: the read is
 * one consistent snapshot in which the registration already holds, so answering success then is
 * the same as a registration that changed nothing (RegisterTargets API reference: registering a
 * registered target is allowed and does nothing). Only committed rows are read, and Postgres
 * makes a commit visible only after it is flushed, so nothing undurable is vouched for.
 */
export async function registeredAlready(db: Db, tg: TargetGroupRow, keys: readonly TargetKey[], owner: TargetOwner = null): Promise<boolean> {
  if (keys.length === 0) return true;
  const rows = await db.selectFrom('targets').select(['id', 'port'])
    .where('target_group_arn', '=', tg.arn)
    .where('id', 'in', [...new Set(keys.map((key) => key.id))])
    .where('state', '!=', DRAINING.state)
    .where('managed_by', 'is not distinct from', owner)
    .execute();
  const held = new Set(rows.map((row) => `${row.id}:${row.port}`));
  return keys.every((key) => held.has(`${key.id}:${key.port}`));
}
