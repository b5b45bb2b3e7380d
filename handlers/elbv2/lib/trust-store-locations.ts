import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Config } from '../../../gateway/config.js';

/**
 * GetTrustStoreCaCertificatesBundle and GetTrustStoreRevocationContent answer a presigned S3 URL
 * "active for ten minutes" (API reference). Here the gateway serves the stored bytes itself, at a
 * location under `/_kecs/trust-stores/` signed like a presigned URL: `X-Amz-Date`, `X-Amz-Expires`
 * and `X-Amz-Signature`, an HMAC-SHA256 with the trust store's own key over the path and both.
 */
export const LOCATION_EXPIRES_SECONDS = 600;
export const TRUST_STORE_DOWNLOADS = '/_kecs/trust-stores/';

const BUNDLE_FILE = 'ca-certificates-bundle.pem';

/** A new trust store's signing key. */
export function newLocationKey(): string {
  return randomBytes(32).toString('hex');
}

/** `arn:…:truststore/name/id` → `<region>/<account>/<name>/<id>`, the location's folder. */
function folderOf(trustStoreArn: string): string {
  const [, , , region, account, resource] = trustStoreArn.split(':');
  return `${region}/${account}/${resource.slice('truststore/'.length)}`;
}

export function bundlePath(trustStoreArn: string): string {
  return `${TRUST_STORE_DOWNLOADS}${folderOf(trustStoreArn)}/${BUNDLE_FILE}`;
}

export function revocationPath(trustStoreArn: string, revocationId: number): string {
  return `${TRUST_STORE_DOWNLOADS}${folderOf(trustStoreArn)}/revocations/${revocationId}.crl`;
}

/** What a download path names: a trust store's bundle, or one of its revocation lists. */
export type DownloadTarget = { trustStoreArn: string; revocationId?: number };

const DOWNLOAD = /^\/_kecs\/trust-stores\/([a-z0-9-]+)\/(\d{12})\/([A-Za-z0-9-]{1,32})\/([0-9a-f]{16})\/(?:ca-certificates-bundle\.pem|revocations\/(\d{1,15})\.crl)$/;

export function downloadTarget(path: string): DownloadTarget | undefined {
  const match = DOWNLOAD.exec(path);
  if (!match) return undefined;
  const [, region, account, name, id, revocation] = match;
  const trustStoreArn = `arn:aws:elasticloadbalancing:${region}:${account}:truststore/${name}/${id}`;
  return revocation === undefined ? { trustStoreArn } : { trustStoreArn, revocationId: Number(revocation) };
}

/** `20260101T000000Z`, the X-Amz-Date format. */
function amzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function signature(key: string, path: string, date: string, expires: string): string {
  return createHmac('sha256', Buffer.from(key, 'hex')).update(`${path}\n${date}\n${expires}`).digest('hex');
}

/**
 * The gateway's own base URL: its host (a wildcard bind address is reached as `localhost`) and
 * port, as clients on this machine reach the API.
 */
function baseUrl(config: Pick<Config, 'host' | 'port'>): string {
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`;
}

export function presignedLocation(config: Pick<Config, 'host' | 'port'>, key: string, path: string, now: Date): string {
  const date = amzDate(now);
  const expires = String(LOCATION_EXPIRES_SECONDS);
  const query = new URLSearchParams({ 'X-Amz-Date': date, 'X-Amz-Expires': expires, 'X-Amz-Signature': signature(key, path, date, expires) });
  return `${baseUrl(config)}${path}?${query}`;
}

export type PresignCheck = 'valid' | 'expired' | 'bad-signature';

/** Checks a download request's signature with the trust store's key, then its expiry at `now`. */
export function checkPresigned(key: string, path: string, query: Record<string, string | undefined>, now: Date): PresignCheck {
  const date = query['X-Amz-Date'] ?? '';
  const expires = query['X-Amz-Expires'] ?? '';
  const given = Buffer.from(query['X-Amz-Signature'] ?? '', 'hex');
  const wanted = Buffer.from(signature(key, path, date, expires), 'hex');
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) return 'bad-signature';
  const signedAt = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(date);
  if (!signedAt) return 'bad-signature';
  const [, y, mo, d, h, mi, s] = signedAt.map(Number);
  const expiresAt = Date.UTC(y, mo - 1, d, h, mi, s) + Number(expires) * 1000;
  return now.getTime() > expiresAt ? 'expired' : 'valid';
}
