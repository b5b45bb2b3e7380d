import type { GetTrustStoreRevocationContentInput, GetTrustStoreRevocationContentOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { InputOf } from '../../gateway/api/schema.js';
import type { Context } from '../../gateway/api/service.js';
import { arn } from './lib/schemas.js';
import { presignedLocation, revocationPath } from './lib/trust-store-locations.js';
import { getRevocations } from './lib/trust-store-revocations.js';
import { revocationId } from './lib/trust-store-schemas.js';
import { getTrustStore } from './lib/trust-stores.js';

export const input = {
  TrustStoreArn: arn(true),
  RevocationId: revocationId(true),
};

/**
 * Where to download one revocation file of the trust store, as it was added: a presigned-style
 * location on this gateway, valid ten minutes. An unknown id is `RevocationIdNotFound`.
 */
export async function handler(req: InputOf<typeof input, GetTrustStoreRevocationContentInput>, ctx: Context): Promise<GetTrustStoreRevocationContentOutput> {
  const store = await getTrustStore(ctx.db, ctx, req.TrustStoreArn);
  const id = req.RevocationId;
  await getRevocations(ctx.db, store.arn, [id]);
  return { Location: presignedLocation(ctx.config, store.location_key, revocationPath(store.arn, id), ctx.now()) };
}
