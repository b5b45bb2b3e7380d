import { HttpResponse, type HttpRequest } from '@smithy/protocol-http';
import type { Kysely } from 'kysely';
import { checkPresigned, downloadTarget, TRUST_STORE_DOWNLOADS } from '../../handlers/elbv2/lib/trust-store-locations.js';
import type { Database } from '../database/tables.js';

/** An error as S3 answers a presigned GET: XML `<Error>` with S3's codes. */
function s3Error(statusCode: number, code: string, message: string): HttpResponse {
  return new HttpResponse({
    statusCode,
    headers: { 'content-type': 'application/xml' },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`,
  });
}

function single(value: string | string[] | null | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * `GET /_kecs/trust-stores/…`: the locations GetTrustStoreCaCertificatesBundle and
 * GetTrustStoreRevocationContent answer (handlers/elbv2/lib/trust-store-locations.ts). Serves the
 * bundle or revocation file as it was fetched, once the signature checks out and before it
 * expires, as a presigned S3 URL would. Undefined for other paths.
 */
export function createTrustStoreDownloads(db: Kysely<Database>, now: () => Date = () => new Date()) {
  return async function trustStoreDownloads(request: HttpRequest): Promise<HttpResponse | undefined> {
    if (!request.path.startsWith(TRUST_STORE_DOWNLOADS)) return undefined;
    if (request.method !== 'GET') return s3Error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
    const target = downloadTarget(request.path);
    const store = target && await db.selectFrom('trust_stores').select(['location_key', 'ca_certificates_bundle'])
      .where('arn', '=', target.trustStoreArn).executeTakeFirst();
    if (!target || !store) return s3Error(404, 'NoSuchKey', 'The specified key does not exist.');
    const query = request.query ?? {};
    const check = checkPresigned(store.location_key, request.path, {
      'X-Amz-Date': single(query['X-Amz-Date']),
      'X-Amz-Expires': single(query['X-Amz-Expires']),
      'X-Amz-Signature': single(query['X-Amz-Signature']),
    }, now());
    if (check === 'bad-signature') return s3Error(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
    if (check === 'expired') return s3Error(403, 'AccessDenied', 'Request has expired');
    if (target.revocationId === undefined) {
      return new HttpResponse({ statusCode: 200, headers: { 'content-type': 'application/x-pem-file' }, body: store.ca_certificates_bundle });
    }
    const revocation = await db.selectFrom('trust_store_revocations').select('content')
      .where('trust_store_arn', '=', target.trustStoreArn).where('revocation_id', '=', String(target.revocationId)).executeTakeFirst();
    if (!revocation) return s3Error(404, 'NoSuchKey', 'The specified key does not exist.');
    return new HttpResponse({ statusCode: 200, headers: { 'content-type': 'application/pkix-crl' }, body: revocation.content });
  };
}
