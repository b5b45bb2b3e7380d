import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './tables.js';

/**
 * Deletes every resource of every account and region (POST /_kecs/reset, and tests between
 * cases). One list of tables, so a new resource table cannot be forgotten in one of the two.
 */
export async function wipeResources(db: Kysely<Database> | Transaction<Database>): Promise<void> {
  await sql`truncate load_balancers, listeners, listener_certificates, rules, rule_target_groups, target_groups, targets, tags, trust_stores, trust_store_revocations, trust_store_associations`.execute(db);
}
