import type { TrustStore } from '@aws-sdk/client-elastic-load-balancing-v2';
import { sql } from 'kysely';
import type { Db, TrustStoreRow } from '../../../gateway/database/tables.js';
import { trustStoreNotFound } from './errors.js';
import { arnLookup } from './lookup.js';
import type { Scope } from './arn.js';

/** Quotas for Application Load Balancers, "Trust stores": trust stores per account, 20 (per Region, as every quota unless noted). */
export const MAX_TRUST_STORES = 20;

/**
 * A trust store is ACTIVE as soon as CreateTrustStore answers: the bundle is fetched and checked
 * within the call, so the CREATING state AWS shows while it does that asynchronously never lasts
 * beyond the call here.
 */
export const ACTIVE = 'ACTIVE';

/** The trust stores by ARN; any unknown one is `TrustStoreNotFound`. */
export const { one: getTrustStore, many: getTrustStores } = arnLookup('trust_stores', 'truststore', trustStoreNotFound);

/** Every trust store of the scope, oldest first (the order DescribeTrustStores pages in). */
export function listTrustStores(db: Db, scope: Scope): Promise<TrustStoreRow[]> {
  return db.selectFrom('trust_stores').selectAll().where('account_id', '=', scope.accountId).where('region', '=', scope.region)
    .orderBy('created_at').orderBy('arn').execute();
}

/** Revoked entries of each trust store, over all its revocation lists. */
export async function totalRevokedEntries(db: Db, arns: readonly string[]): Promise<Map<string, number>> {
  if (arns.length === 0) return new Map();
  const rows = await db.selectFrom('trust_store_revocations')
    .select(['trust_store_arn', sql<string>`sum(cardinality(revoked_serials))`.as('total')])
    .where('trust_store_arn', 'in', arns).groupBy('trust_store_arn').execute();
  return new Map(rows.map((row) => [row.trust_store_arn, Number(row.total)]));
}

/** Rows as the API's `TrustStore`, members in the order AWS sends them. */
export async function describeTrustStores(db: Db, rows: readonly TrustStoreRow[]): Promise<TrustStore[]> {
  const totals = await totalRevokedEntries(db, rows.map((row) => row.arn));
  return rows.map((row) => ({
    Name: row.name,
    TrustStoreArn: row.arn,
    Status: row.status as TrustStore['Status'],
    NumberOfCaCertificates: row.number_of_ca_certificates,
    TotalRevokedEntries: totals.get(row.arn) ?? 0,
  }));
}
