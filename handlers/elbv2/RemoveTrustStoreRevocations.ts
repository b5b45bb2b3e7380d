import type { RemoveTrustStoreRevocationsInput, RemoveTrustStoreRevocationsOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { InputOf } from '../../gateway/api/schema.js';
import type { Context } from '../../gateway/api/service.js';
import { changeRouting } from '../../gateway/database/routing-version.js';
import { arn } from './lib/schemas.js';
import { trustStoreInUse } from './lib/trust-store-associations.js';
import { getRevocations } from './lib/trust-store-revocations.js';
import { revocationIdList } from './lib/trust-store-schemas.js';
import { getTrustStore } from './lib/trust-stores.js';

export const input = {
  TrustStoreArn: arn(true),
  RevocationIds: revocationIdList(true),
};

/**
 * Removes revocation lists from a trust store, all or nothing: an unknown id is `RevocationIdNotFound`.
 * Listeners verifying against the store accept the certificates those lists revoked again.
 */
export async function handler(req: InputOf<typeof input, RemoveTrustStoreRevocationsInput>, ctx: Context): Promise<RemoveTrustStoreRevocationsOutput> {
  await changeRouting(ctx.db, async (trx) => {
    const { arn: storeArn } = await getTrustStore(trx, ctx, req.TrustStoreArn, { forUpdate: true });
    const ids = req.RevocationIds;
    await getRevocations(trx, storeArn, ids);
    if (ids.length > 0) {
      await trx.deleteFrom('trust_store_revocations').where('trust_store_arn', '=', storeArn).where('revocation_id', 'in', ids.map(String)).execute();
    }
    return trustStoreInUse(trx, storeArn);
  }, { changed: (inUse) => inUse });
  return {};
}
