import { HttpResponse, type HttpRequest } from '@smithy/protocol-http';
import { sql, type Kysely } from 'kysely';
import type { Config } from '../config.js';
import { changeRouting } from '../database/routing-version.js';
import { wipeResources } from '../database/wipe.js';
import type { Database } from '../database/tables.js';
import type { PodWatcherStatus } from '../traffic/kubernetes/pod-watcher-status.js';
import { LocalCa } from '../traffic/dataplane/tls/local-ca.js';
import { createTraefikRoutes } from '../traffic/traefik/provider-endpoint.js';
import { createTrustStoreDownloads } from './trust-store-downloads.js';

function json(statusCode: number, value: unknown): HttpResponse {
  return new HttpResponse({ statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) });
}

/** What the internal routes report besides the database. */
export interface InternalRoutesOptions {
  /**
   * The pod watcher's status, shown as `kubernetes` in `/_kecs/health`. It never makes health
   * 503: without the API server the gateway still serves the API and its targets.
   */
  kubernetesStatus?: () => PodWatcherStatus;
}

/**
 * Routes under `/_kecs/`: `GET /_kecs/health` (is the database reachable; the pod watcher's state when given) and
 * `POST /_kecs/reset` (wipe every resource of every account and region, for users' test suites;
 * refused unless `KECS_ALLOW_RESET=1`), and under `/_kecs/traefik/` Traefik's dynamic
 * configuration and the fixed-response endpoint it forwards to (traffic/traefik/provider-endpoint.ts),
 * and under `/_kecs/trust-stores/` the presigned-style locations of trust store bundles and
 * revocation files (trust-store-downloads.ts), and `GET /_kecs/ca.pem`: the certificate of the
 * local CA that issues HTTPS and TLS listener certificates, for clients to trust (curl --cacert).
 */
export function createInternalRoutes(db: Kysely<Database>, config: Config, { kubernetesStatus }: InternalRoutesOptions = {}) {
  const traefik = createTraefikRoutes(db, config);
  const trustStoreDownloads = createTrustStoreDownloads(db);
  const localCa = new LocalCa(db);
  return async function internal(request: HttpRequest): Promise<HttpResponse | undefined> {
    if (request.path.startsWith('/_kecs/traefik/')) return traefik(request);
    const download = await trustStoreDownloads(request);
    if (download) return download;
    if (request.path === '/_kecs/ca.pem' && request.method === 'GET') {
      return new HttpResponse({ statusCode: 200, headers: { 'content-type': 'application/x-pem-file' }, body: await localCa.certificatePem() });
    }
    if (request.path === '/_kecs/health' && request.method === 'GET') {
      const kubernetes = kubernetesStatus ? { kubernetes: kubernetesStatus() } : {};
      try {
        await sql`select 1`.execute(db);
        return json(200, { status: 'ok', database: 'ok', ...kubernetes });
      } catch (error) {
        return json(503, { status: 'degraded', database: (error as Error).message, ...kubernetes });
      }
    }
    if (request.path === '/_kecs/reset' && request.method === 'POST') {
      if (!config.allowReset) {
        return json(403, { error: 'ResetDisabled', message: 'POST /_kecs/reset is refused unless the gateway runs with KECS_ALLOW_RESET=1' });
      }
      await changeRouting(db, (trx) => wipeResources(trx));
      return json(200, { status: 'reset' });
    }
    return undefined;
  };
}
