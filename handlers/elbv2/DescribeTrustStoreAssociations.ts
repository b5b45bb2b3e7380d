import type { DescribeTrustStoreAssociationsInput, DescribeTrustStoreAssociationsOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { InputOf } from '../../gateway/api/schema.js';
import type { Context } from '../../gateway/api/service.js';
import { paginate } from './lib/pagination.js';
import { arn, marker, pageSize } from './lib/schemas.js';
import { associatedLoadBalancers } from './lib/trust-store-associations.js';
import { getTrustStore } from './lib/trust-stores.js';

export const input = {
  TrustStoreArn: arn(true),
  Marker: marker(),
  PageSize: pageSize(),
};

/** The load balancers whose listeners verify clients against the trust store, paged by Marker/PageSize. */
export async function handler(req: InputOf<typeof input, DescribeTrustStoreAssociationsInput>, ctx: Context): Promise<DescribeTrustStoreAssociationsOutput> {
  const { arn: storeArn } = await getTrustStore(ctx.db, ctx, req.TrustStoreArn);
  const { page, NextMarker } = paginate(await associatedLoadBalancers(ctx.db, storeArn), req.Marker, req.PageSize);
  return { TrustStoreAssociations: page.map((ResourceArn) => ({ ResourceArn })), NextMarker };
}
