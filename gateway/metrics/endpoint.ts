import { HttpResponse, type HttpRequest } from '@smithy/protocol-http';
import { refuseCrossSiteBrowser } from '../api/browser-guard.js';
import { header } from '../api/detect.js';
import type { Handle } from '../api/handle.js';
import type { Metrics } from './metrics.js';

export const METRICS_PATH = '/metrics';

/**
 * A Prometheus scrape: `GET /metrics` that is no AWS call. AWS clients sign (an Authorization
 * header, or X-Amz-Credential in a presigned query) and name their action (X-Amz-Target or
 * `Action`), so a request with any of these is left to the API even on this path.
 */
function isScrape(request: HttpRequest): boolean {
  if (request.method !== 'GET' || request.path !== METRICS_PATH) return false;
  if (header(request, 'authorization') !== undefined || header(request, 'x-amz-target') !== undefined) return false;
  return !['Action', 'X-Amz-Credential', 'X-Amz-Signature'].some((name) => name in request.query);
}

function json(statusCode: number, value: unknown): HttpResponse {
  return new HttpResponse({ statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) });
}

/**
 * Serves the Prometheus exposition (text format 0.0.4) on the gateway port at `/metrics`, in
 * front of `handle`. Browsers are refused as for the internal routes (browser-guard.ts). The
 * target-health gauges are read from the database first; when it cannot be reached the scrape
 * answers 503, so Prometheus marks it failed rather than storing stale counts.
 */
export function withMetricsEndpoint(handle: Handle, metrics: Metrics, allowedHosts: readonly string[]): Handle {
  return async (request) => {
    if (!isScrape(request)) return handle(request);
    const refusal = refuseCrossSiteBrowser(request, allowedHosts);
    if (refusal) return json(refusal.status, { error: refusal.code, message: refusal.message });
    try {
      await metrics.targets.refresh();
    } catch (error) {
      return json(503, { error: 'ServiceUnavailable', message: `target health could not be read: ${(error as Error).message}` });
    }
    return new HttpResponse({ statusCode: 200, headers: { 'content-type': metrics.registry.contentType }, body: await metrics.registry.metrics() });
  };
}
