import type { DeleteTrustStoreInput, DeleteTrustStoreOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { InputOf } from '../../gateway/api/schema.js';
import type { Context } from '../../gateway/api/service.js';
import { FOREIGN_KEY_VIOLATION, isPgError } from './lib/pg-errors.js';
import { arn } from './lib/schemas.js';
import { dropTags } from './lib/tags.js';
import { associatedLoadBalancers } from './lib/trust-store-associations.js';
import { trustStoreInUse } from './lib/errors.js';
import { getTrustStore } from './lib/trust-stores.js';

export const input = {
  TrustStoreArn: arn(true),
};

/**
 * Deletes a trust store with its revocation lists and tags. Unlike DeleteLoadBalancer, an unknown
 * store is `TrustStoreNotFound` (the operation's documented errors); one a listener verifies
 * clients against is `TrustStoreInUse`.
 */
export async function handler(req: InputOf<typeof input, DeleteTrustStoreInput>, ctx: Context): Promise<DeleteTrustStoreOutput> {
  const storeArn = req.TrustStoreArn;
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await getTrustStore(trx, ctx, storeArn, { forUpdate: true });
      if ((await associatedLoadBalancers(trx, storeArn)).length > 0) throw trustStoreInUse(storeArn);
      await trx.deleteFrom('trust_stores').where('arn', '=', storeArn).execute();
      await dropTags(trx, [storeArn]);
    });
  } catch (error) {
    // The RESTRICT foreign key of trust_store_associations settles a listener changed concurrently.
    if (isPgError(error, FOREIGN_KEY_VIOLATION)) throw trustStoreInUse(storeArn);
    throw error;
  }
  return {};
}
