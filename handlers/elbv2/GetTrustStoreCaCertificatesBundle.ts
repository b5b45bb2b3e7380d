import type { GetTrustStoreCaCertificatesBundleInput, GetTrustStoreCaCertificatesBundleOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { InputOf } from '../../gateway/api/schema.js';
import type { Context } from '../../gateway/api/service.js';
import { arn } from './lib/schemas.js';
import { bundlePath, presignedLocation } from './lib/trust-store-locations.js';
import { getTrustStore } from './lib/trust-stores.js';

export const input = {
  TrustStoreArn: arn(true),
};

/** Where to download the trust store's CA bundle: a presigned-style location on this gateway, valid ten minutes. */
export async function handler(req: InputOf<typeof input, GetTrustStoreCaCertificatesBundleInput>, ctx: Context): Promise<GetTrustStoreCaCertificatesBundleOutput> {
  const store = await getTrustStore(ctx.db, ctx, req.TrustStoreArn);
  return { Location: presignedLocation(ctx.config, store.location_key, bundlePath(store.arn), ctx.now()) };
}
