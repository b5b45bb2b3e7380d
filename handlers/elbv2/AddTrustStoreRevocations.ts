import type { AddTrustStoreRevocationsInput, AddTrustStoreRevocationsOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { InputOf } from '../../gateway/api/schema.js';
import { validationError } from '../../gateway/api/errors.js';
import type { Context } from '../../gateway/api/service.js';
import { changeRouting } from '../../gateway/database/routing-version.js';
import { s3ObjectsFor, type S3ObjectRef, type S3Objects } from './lib/s3-objects.js';
import { arn } from './lib/schemas.js';
import { trustStoreInUse } from './lib/trust-store-associations.js';
import { parseCrl, readRevocationFile, type RevocationList } from './lib/trust-store-crl.js';
import { tooManyRevocationEntries } from './lib/errors.js';
import { listRevocations, MAX_REVOCATION_ENTRIES, MAX_REVOCATION_LISTS, toRevocation } from './lib/trust-store-revocations.js';
import { revocationContents } from './lib/trust-store-schemas.js';
import { getTrustStore } from './lib/trust-stores.js';

export const input = {
  TrustStoreArn: arn(true),
  RevocationContents: revocationContents(),
};

/**
 * Adds certificate revocation lists from S3 to a trust store, all or nothing. Each CRL must be
 * issued and signed by one of the store's CA certificates (`InvalidRevocationContent`); the
 * files are read before the transaction and checked inside it, against the bundle the locked
 * store holds then. Each list gets the store's next revocation id. Quotas: 30 lists and 500,000
 * revoked entries per trust store, both `TooManyTrustStoreRevocationEntries` — the only quota
 * error the operation documents. Listeners verifying against the store refuse the revoked
 * certificates from then on.
 */
export async function handler(req: InputOf<typeof input, AddTrustStoreRevocationsInput>, ctx: Context, objects: S3Objects = s3ObjectsFor(ctx)): Promise<AddTrustStoreRevocationsOutput> {
  const { arn: storeArn } = await getTrustStore(ctx.db, ctx, req.TrustStoreArn);
  const refs: S3ObjectRef[] = (req.RevocationContents ?? []).map((content, index) => {
    if (!content.S3Bucket || !content.S3Key) throw validationError(`An S3 bucket and an S3 key must be specified for revocation content ${index + 1}`);
    return { bucket: content.S3Bucket, key: content.S3Key, versionId: content.S3ObjectVersion };
  });
  if (refs.length === 0) throw validationError('At least one revocation content must be specified');
  const files: Buffer[] = [];
  for (const ref of refs) files.push(await readRevocationFile(objects, ref));
  const { revocations } = await changeRouting(ctx.db, async (trx) => {
    const store = await getTrustStore(trx, ctx, storeArn, { forUpdate: true });
    const existing = await listRevocations(trx, storeArn);
    if (existing.length + refs.length > MAX_REVOCATION_LISTS) {
      throw tooManyRevocationEntries(`A trust store can have at most ${MAX_REVOCATION_LISTS} revocation lists; it has ${existing.length}`);
    }
    const lists: RevocationList[] = [];
    for (const content of files) lists.push(await parseCrl(content, store.ca_certificates_bundle));
    const total = [...existing.map((row) => row.entries), ...lists.map((list) => list.serials.length)].reduce((sum, entries) => sum + entries, 0);
    if (total > MAX_REVOCATION_ENTRIES) {
      throw tooManyRevocationEntries(`A trust store can have at most ${MAX_REVOCATION_ENTRIES} revoked entries; these lists would bring it to ${total}`);
    }
    const first = Number(store.next_revocation_id);
    await trx.updateTable('trust_stores').set({ next_revocation_id: first + files.length }).where('arn', '=', storeArn).execute();
    const inserted = await trx.insertInto('trust_store_revocations').values(files.map((content, index) => ({
      trust_store_arn: storeArn,
      revocation_id: first + index,
      revocation_type: 'CRL',
      content,
      revoked_serials: lists[index].serials,
      issuer: lists[index].issuer,
      created_at: ctx.now(),
    }))).returning(['trust_store_arn', 'revocation_id', 'revocation_type']).execute();
    return {
      revocations: inserted.map((row, index) => ({ ...row, entries: lists[index].serials.length })),
      inUse: await trustStoreInUse(trx, storeArn),
    };
  }, { changed: ({ inUse }) => inUse });
  return { TrustStoreRevocations: revocations.map(toRevocation) };
}
