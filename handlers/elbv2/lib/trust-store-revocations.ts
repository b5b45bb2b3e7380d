import type { DescribeTrustStoreRevocation } from '@aws-sdk/client-elastic-load-balancing-v2';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, TrustStoreRevocationRow } from '../../../gateway/database/tables.js';
import { revocationIdNotFound } from './errors.js';

type Db = Kysely<Database> | Transaction<Database>;

// Quotas for Application Load Balancers, "Certificates": revocation entries per trust store
// 500,000; revocation lists per trust store 30.
export const MAX_REVOCATION_ENTRIES = 500_000;
export const MAX_REVOCATION_LISTS = 30;

/**
 * What a Describe needs of a revocation list: neither its content (up to 50 MB) nor its serials
 * (up to 500,000), only how many there are.
 */
type RevocationSummary = Pick<TrustStoreRevocationRow, 'trust_store_arn' | 'revocation_id' | 'revocation_type'> & { entries: number };

/** The revocation lists of a trust store, by id. */
export function listRevocations(db: Db, trustStoreArn: string): Promise<RevocationSummary[]> {
  return db.selectFrom('trust_store_revocations')
    .select(['trust_store_arn', 'revocation_id', 'revocation_type', sql<number>`cardinality(revoked_serials)`.as('entries')])
    .where('trust_store_arn', '=', trustStoreArn).orderBy('revocation_id').execute();
}

/** The revocation lists with these ids, in the order asked; an unknown id is `RevocationIdNotFound`. */
export async function getRevocations(db: Db, trustStoreArn: string, ids: readonly number[]): Promise<RevocationSummary[]> {
  const byId = new Map((await listRevocations(db, trustStoreArn)).map((row) => [Number(row.revocation_id), row]));
  return ids.map((id) => {
    const row = byId.get(id);
    if (!row) throw revocationIdNotFound(id);
    return row;
  });
}

/** A revocation list as DescribeTrustStoreRevocations and AddTrustStoreRevocations show it. */
export function toRevocation(row: RevocationSummary): DescribeTrustStoreRevocation {
  return {
    TrustStoreArn: row.trust_store_arn,
    RevocationId: Number(row.revocation_id),
    RevocationType: row.revocation_type as DescribeTrustStoreRevocation['RevocationType'],
    NumberOfRevokedEntries: row.entries,
  };
}
