import type { TargetHealthRow } from './target-health-rows.js';
import { DRAINING, type TargetOwner } from './targets.js';
import type { TargetKey } from './target-ids.js';

/**
 * Whether registering `keys` by `owner` would change nothing, given the group's `targets` read
 * in one consistent snapshot: each is registered already, not draining, and held by that owner
 * (`registerTargets` would otherwise revive it or take it over). Such a call needs no
 * transaction, no row lock and no commit to wait for: answering success is the same as a
 * registration that changed nothing (RegisterTargets API reference: registering a registered
 * target is allowed and does nothing). Only committed rows are read, and Postgres makes a
 * commit visible only once it is flushed, so nothing undurable is vouched for; a cached read
 * (read-cache.ts) is never older than this process's last acknowledged write, and the embedded
 * Postgres has no other writer.
 */
export function registeredAlready(keys: readonly TargetKey[], targets: readonly TargetHealthRow[], owner: TargetOwner = null): boolean {
  const held = new Set<string>();
  for (const target of targets) {
    if (target.state !== DRAINING.state && target.managed_by === owner) held.add(`${target.id}:${target.port}`);
  }
  return keys.every((key) => held.has(`${key.id}:${key.port}`));
}
