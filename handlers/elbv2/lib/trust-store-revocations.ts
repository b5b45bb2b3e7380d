import type { DescribeTrustStoreRevocation } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Kysely, Transaction } from 'kysely';
import type { Database, TrustStoreRevocationRow } from '../../../gateway/database/tables.js';
import { revocationIdNotFound } from './trust-store-errors.js';

type Db = Kysely<Database> | Transaction<Database>;

// Quotas for Application Load Balancers, "Certificates": revocation entries per trust store
// 500,000; revocation lists per trust store 30.
export const MAX_REVOCATION_ENTRIES = 500_000;
export const MAX_REVOCATION_LISTS = 30;

/** The columns a Describe needs: everything but the content, which can be 50 MB. */
const SUMMARY = ['trust_store_arn', 'revocation_id', 'revocation_type', 'revoked_serials'] as const;
type RevocationSummary = Pick<TrustStoreRevocationRow, (typeof SUMMARY)[number]>;

/** The revocation lists of a trust store, by id. */
export function listRevocations(db: Db, trustStoreArn: string): Promise<RevocationSummary[]> {
  return db.selectFrom('trust_store_revocations').select(SUMMARY).where('trust_store_arn', '=', trustStoreArn).orderBy('revocation_id').execute();
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
    NumberOfRevokedEntries: row.revoked_serials.length,
  };
}
