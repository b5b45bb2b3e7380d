import { sql, type Kysely } from 'kysely';
import { changeRouting } from '../../../gateway/database/routing-version.js';
import type { Database } from '../../../gateway/database/tables.js';
import type { TargetHealth } from './target-health.js';

/** One probe's outcome for one target: the health it was claimed with and the health it moves to. */
export interface HealthUpdate {
  targetGroupArn: string;
  id: string;
  port: number;
  before: TargetHealth;
  after: TargetHealth;
  checkedAt: Date;
  /** How long the probe took, in milliseconds. */
  checkMs: number;
}

// Rows per statement: 14 array parameters whatever the size, so a batch costs one round trip.
const BATCH = 2000;

/**
 * Writes probe results, one `UPDATE … FROM unnest(…)` statement per batch, in one transaction.
 * A row is written only if it still holds the health it was claimed with: a target deregistered
 * (now draining), re-registered, or switched to `unavailable` while its probe ran keeps its new
 * state instead of a stale result. If any state changed, the routing version is bumped in the
 * same transaction (DESIGN §3), so every replica's data plane follows. Returns that count.
 */
export async function writeHealth(db: Kysely<Database>, updates: readonly HealthUpdate[]): Promise<number> {
  // A target probed twice before a write (a timeout longer than its interval) keeps its latest result.
  const latest = [...new Map(updates.map((u) => [`${u.targetGroupArn}\n${u.id}\n${u.port}`, u])).values()];
  if (latest.length === 0) return 0;
  return changeRouting(db, async (trx) => {
    let changed = 0;
    for (let start = 0; start < latest.length; start += BATCH) {
      const batch = latest.slice(start, start + BATCH);
      const column = <K>(pick: (u: HealthUpdate) => K) => batch.map(pick);
      const { rows } = await sql<{ changed: boolean }>`
        update targets t set state = v.state, reason = v.reason, description = v.description,
          consecutive_successes = v.successes, consecutive_failures = v.failures, last_checked_at = v.checked_at,
          last_check_ms = v.check_ms
        from unnest(
          ${column((u) => u.targetGroupArn)}::text[], ${column((u) => u.id)}::text[], ${column((u) => u.port)}::int[],
          ${column((u) => u.before.state)}::text[], ${column((u) => u.before.consecutiveSuccesses)}::int[], ${column((u) => u.before.consecutiveFailures)}::int[],
          ${column((u) => u.after.state)}::text[], ${column((u) => u.after.reason)}::text[], ${column((u) => u.after.description)}::text[],
          ${column((u) => u.after.consecutiveSuccesses)}::int[], ${column((u) => u.after.consecutiveFailures)}::int[], ${column((u) => u.checkedAt)}::timestamptz[],
          ${column((u) => Math.round(u.checkMs))}::int[]
        ) as v(arn, id, port, prev_state, prev_successes, prev_failures, state, reason, description, successes, failures, checked_at, check_ms)
        where t.target_group_arn = v.arn and t.id = v.id and t.port = v.port
          and t.state = v.prev_state and t.consecutive_successes = v.prev_successes and t.consecutive_failures = v.prev_failures
        returning v.state <> v.prev_state as changed`.execute(trx);
      changed += rows.filter((row) => row.changed).length;
    }
    return changed;
  }, { changed: (changed) => changed > 0 });
}
