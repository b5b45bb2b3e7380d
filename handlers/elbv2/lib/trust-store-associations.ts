import type { MutualAuthenticationAttributes } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../../gateway/database/tables.js';
import { checkArn, type Scope } from './arn.js';
import { trustStoreNotFound } from './errors.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Records which trust store a listener verifies client certificates against, inside the
 * CreateListener/ModifyListener transaction: mutual authentication in `verify` mode naming a
 * trust store that does not exist (or is another account's or Region's) is `TrustStoreNotFound`.
 * The trust store row is share-locked, so a concurrent DeleteTrustStore waits and then sees the
 * listener (TrustStoreInUse) rather than deleting a store a listener is about to use.
 */
export async function associateTrustStore(
  trx: Transaction<Database>,
  scope: Scope,
  listener: { arn: string; load_balancer_arn: string },
  mutual: MutualAuthenticationAttributes | null,
): Promise<void> {
  await trx.deleteFrom('trust_store_associations').where('listener_arn', '=', listener.arn).execute();
  if (mutual?.Mode !== 'verify' || !mutual.TrustStoreArn) return;
  const trustStoreArn = mutual.TrustStoreArn;
  if (!checkArn(trustStoreArn, 'truststore', scope)) throw trustStoreNotFound();
  const store = await trx.selectFrom('trust_stores').select('arn').where('arn', '=', trustStoreArn).forKeyShare().executeTakeFirst();
  if (!store) throw trustStoreNotFound();
  await trx.insertInto('trust_store_associations')
    .values({ listener_arn: listener.arn, trust_store_arn: trustStoreArn, load_balancer_arn: listener.load_balancer_arn })
    .execute();
}

/**
 * The resources a trust store is associated with, as DescribeTrustStoreAssociations lists them:
 * the load balancers whose listeners use it, each once.
 */
export async function associatedLoadBalancers(db: Db, trustStoreArn: string): Promise<string[]> {
  const rows = await db.selectFrom('trust_store_associations').select('load_balancer_arn').distinct()
    .where('trust_store_arn', '=', trustStoreArn).orderBy('load_balancer_arn').execute();
  return rows.map((row) => row.load_balancer_arn);
}

/**
 * Whether a listener verifies client certificates against the trust store: if one does, changing
 * the store's CA bundle or revocation lists changes what the data plane serves, so the change
 * goes through `changeRouting` and counts (its `changed` option) only then.
 */
export async function trustStoreInUse(db: Db, trustStoreArn: string): Promise<boolean> {
  const row = await db.selectFrom('trust_store_associations').select('listener_arn')
    .where('trust_store_arn', '=', trustStoreArn).limit(1).executeTakeFirst();
  return row !== undefined;
}
