import type { ModifyTrustStoreInput, ModifyTrustStoreOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { InputOf } from '../../gateway/api/schema.js';
import type { Context } from '../../gateway/api/service.js';
import { changeRouting } from '../../gateway/database/routing-version.js';
import { s3ObjectsFor, type S3Objects } from './lib/s3-objects.js';
import { arn } from './lib/schemas.js';
import { trustStoreInUse } from './lib/trust-store-associations.js';
import { loadCaBundle } from './lib/trust-store-bundle.js';
import { s3Bucket, s3Key, s3ObjectVersion } from './lib/trust-store-schemas.js';
import { describeTrustStores, getTrustStore } from './lib/trust-stores.js';

export const input = {
  TrustStoreArn: arn(true),
  CaCertificatesBundleS3Bucket: s3Bucket(true),
  CaCertificatesBundleS3Key: s3Key(true),
  CaCertificatesBundleS3ObjectVersion: s3ObjectVersion(),
};

/**
 * Replaces a trust store's CA bundle with another from S3 (API reference, ModifyTrustStore).
 * The store is looked up first, so an unknown one is `TrustStoreNotFound` whatever the bundle;
 * its revocation lists stay. Listeners verifying against it take the new bundle.
 */
export async function handler(req: InputOf<typeof input, ModifyTrustStoreInput>, ctx: Context, objects: S3Objects = s3ObjectsFor(ctx)): Promise<ModifyTrustStoreOutput> {
  const { arn: storeArn } = await getTrustStore(ctx.db, ctx, req.TrustStoreArn);
  const bundle = await loadCaBundle(objects, {
    bucket: req.CaCertificatesBundleS3Bucket, key: req.CaCertificatesBundleS3Key, versionId: req.CaCertificatesBundleS3ObjectVersion,
  });
  const { row } = await changeRouting(ctx.db, async (trx) => {
    await getTrustStore(trx, ctx, storeArn, { forUpdate: true });
    const updated = await trx.updateTable('trust_stores')
      .set({ ca_certificates_bundle: bundle.pem, number_of_ca_certificates: bundle.certificates.length })
      .where('arn', '=', storeArn).returningAll().executeTakeFirstOrThrow();
    return { row: updated, inUse: await trustStoreInUse(trx, storeArn) };
  }, { changed: ({ inUse }) => inUse });
  return { TrustStores: await describeTrustStores(ctx.db, [row]) };
}
