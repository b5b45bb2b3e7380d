import type { CreateTrustStoreInput, CreateTrustStoreOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { InputOf } from '../../gateway/api/schema.js';
import { sql } from 'kysely';
import type { Context } from '../../gateway/api/service.js';
import { newId, trustStoreArn } from './lib/arn.js';
import { isPgError, UNIQUE_VIOLATION } from './lib/pg-errors.js';
import { s3ObjectsFor, type S3Objects } from './lib/s3-objects.js';
import { tagList } from './lib/schemas.js';
import { checkNewTags, writeTags } from './lib/tags.js';
import { loadCaBundle } from './lib/trust-store-bundle.js';
import { duplicateTrustStoreName, tooManyTrustStores } from './lib/errors.js';
import { newLocationKey } from './lib/trust-store-locations.js';
import { s3Bucket, s3Key, s3ObjectVersion, trustStoreName } from './lib/trust-store-schemas.js';
import { ACTIVE, describeTrustStores, MAX_TRUST_STORES } from './lib/trust-stores.js';

export const input = {
  Name: trustStoreName(true),
  CaCertificatesBundleS3Bucket: s3Bucket(true),
  CaCertificatesBundleS3Key: s3Key(true),
  CaCertificatesBundleS3ObjectVersion: s3ObjectVersion(),
  Tags: tagList(),
};

/**
 * Creates a trust store from a CA bundle in S3. The bundle is read and checked before anything
 * is written (S3 is not called inside the transaction), so the store is ACTIVE when this answers.
 * A name already in use is `DuplicateTrustStoreName` (the name is unique per Region).
 */
export async function handler(req: InputOf<typeof input, CreateTrustStoreInput>, ctx: Context, objects: S3Objects = s3ObjectsFor(ctx)): Promise<CreateTrustStoreOutput> {
  const name = req.Name;
  checkNewTags(req.Tags ?? []);
  const bundle = await loadCaBundle(objects, {
    bucket: req.CaCertificatesBundleS3Bucket, key: req.CaCertificatesBundleS3Key, versionId: req.CaCertificatesBundleS3ObjectVersion,
  });
  const arn = trustStoreArn(ctx, name, newId());
  try {
    const row = await ctx.db.transaction().execute(async (trx) => {
      // One creator at a time per account+region, so the quota cannot be raced past.
      await sql`select pg_advisory_xact_lock(hashtext(${`trust_stores:${ctx.accountId}:${ctx.region}`}))`.execute(trx);
      const { count } = await trx.selectFrom('trust_stores').select((eb) => eb.fn.countAll<string>().as('count'))
        .where('account_id', '=', ctx.accountId).where('region', '=', ctx.region).executeTakeFirstOrThrow();
      if (Number(count) >= MAX_TRUST_STORES) throw tooManyTrustStores(MAX_TRUST_STORES);
      const inserted = await trx.insertInto('trust_stores').values({
        arn,
        account_id: ctx.accountId,
        region: ctx.region,
        name,
        status: ACTIVE,
        ca_certificates_bundle: bundle.pem,
        number_of_ca_certificates: bundle.certificates.length,
        location_key: newLocationKey(),
        created_at: ctx.now(),
      }).returningAll().executeTakeFirstOrThrow();
      await writeTags(trx, arn, req.Tags ?? []);
      return inserted;
    });
    return { TrustStores: await describeTrustStores(ctx.db, [row]) };
  } catch (error) {
    if (isPgError(error, UNIQUE_VIOLATION, 'trust_stores_name_key')) throw duplicateTrustStoreName(name);
    throw error;
  }
}
