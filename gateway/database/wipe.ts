import { sql } from 'kysely';
import type { Db } from './tables.js';

/**
 * Deletes every resource of every account and region (POST /_kecs/reset, and tests between
 * cases). One list of tables, so a new resource table cannot be forgotten in one of the two.
 */
export async function wipeResources(db: Db): Promise<void> {
  await sql`truncate load_balancers, capacity_reservations, listeners, listener_certificates, rules, rule_target_groups, target_groups, targets, tags, trust_stores, trust_store_revocations, trust_store_associations`.execute(db);
}
