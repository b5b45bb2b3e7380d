import type { DescribeTrustStoreRevocationsInput, DescribeTrustStoreRevocationsOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { InputOf } from '../../gateway/api/schema.js';
import type { Context } from '../../gateway/api/service.js';
import { paginate } from './lib/pagination.js';
import { arn, marker, pageSize } from './lib/schemas.js';
import { getRevocations, listRevocations, toRevocation } from './lib/trust-store-revocations.js';
import { revocationIdList } from './lib/trust-store-schemas.js';
import { getTrustStore } from './lib/trust-stores.js';

export const input = {
  TrustStoreArn: arn(true),
  RevocationIds: revocationIdList(),
  Marker: marker(),
  PageSize: pageSize(),
};

/**
 * The revocation lists of a trust store (all, or those asked for; an unknown id is
 * `RevocationIdNotFound`), each with its number of revoked entries, paged by Marker/PageSize.
 */
export async function handler(req: InputOf<typeof input, DescribeTrustStoreRevocationsInput>, ctx: Context): Promise<DescribeTrustStoreRevocationsOutput> {
  const { arn: storeArn } = await getTrustStore(ctx.db, ctx, req.TrustStoreArn);
  const rows = req.RevocationIds?.length ? await getRevocations(ctx.db, storeArn, req.RevocationIds) : await listRevocations(ctx.db, storeArn);
  const { page, NextMarker } = paginate(rows, req.Marker, req.PageSize);
  return { TrustStoreRevocations: page.map(toRevocation), NextMarker };
}
