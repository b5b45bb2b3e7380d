import { isIP } from 'node:net';
import type { HttpRequest } from '@smithy/protocol-http';
import { header } from './detect.js';
import { ServiceError } from './errors.js';
import { hostOf } from '../traffic/dataplane/request-facts.js';
import { FIXED_RESPONSE_PATH } from '../traffic/route-table/fixed-response.js';

/** Names that resolve to loopback in the browser itself (RFC 6761) or in public DNS, for LocalStack users. */
function isLoopbackName(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost')
    || host === 'localhost.localstack.cloud' || host.endsWith('.localhost.localstack.cloud');
}

/**
 * Host names no web page can point at another machine's address, so a browser that sends one of
 * them as Host really is talking to this gateway: IP literals (an attacker's page is served from
 * a name, and DNS rebinding needs a name), loopback names, single-label names (`kecs-lb`,
 * `localstack`: container and compose names, never public DNS) and cluster names (`*.svc`,
 * `*.cluster.local`).
 */
function isBuiltInHost(host: string): boolean {
  return isIP(host) !== 0 || isLoopbackName(host) || !host.includes('.')
    || host.endsWith('.svc') || host.endsWith('.cluster.local');
}

/** `KECS_ALLOWED_HOSTS` entries: `*` (any), `*.example.com` (that suffix), or an exact name. */
function isConfiguredHost(host: string, allowed: readonly string[]): boolean {
  return allowed.some((entry) => entry === '*' || entry === host || (entry.startsWith('*.') && host.endsWith(entry.slice(1))));
}

function isLoopbackIp(host: string): boolean {
  return host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
}

function refused(reason: string): ServiceError {
  // AWS has no error for this (its endpoints are not on a user's loopback); 403 AccessDenied is
  // the shape AWS uses for requests it will not act on.
  return new ServiceError('AccessDenied', reason, 403);
}

/**
 * Refuses what only a web browser sends on behalf of another site, before anything else runs:
 * - DNS rebinding: a page on `evil.example` whose name now resolves to 127.0.0.1 sends
 *   `Host: evil.example`; the Host must be a built-in or configured name (KECS_ALLOWED_HOSTS).
 * - Cross-site requests (a form POST or `fetch` from any page): browsers send `Origin` and
 *   `Sec-Fetch-Site`; the origin must be a loopback address or name (a developer's own page on
 *   localhost), a configured name, or the request's own Host.
 * The AWS CLI and SDKs send neither header, so they are unaffected.
 * Fixed responses Traefik forwards here carry the browser's headers of a request to a load
 * balancer; they neither read nor change state (and are sandboxed), so they are not checked.
 */
export function refuseCrossSiteBrowser(request: HttpRequest, allowedHosts: readonly string[]): ServiceError | undefined {
  if (request.path.startsWith(FIXED_RESPONSE_PATH)) return undefined;
  const hostHeader = header(request, 'host');
  const host = hostOf(hostHeader);
  const allowedName = (name: string) => isBuiltInHost(name) || isConfiguredHost(name, allowedHosts);
  if (host && !allowedName(host)) {
    return refused(`The Host '${host.slice(0, 255)}' is not a name this endpoint answers to; add it to KECS_ALLOWED_HOSTS to allow it`);
  }
  if (header(request, 'sec-fetch-site') === 'cross-site') {
    return refused('Cross-site requests from web pages are refused');
  }
  const origin = header(request, 'origin');
  if (origin === undefined) return undefined;
  const originUrl = URL.canParse(origin) ? new URL(origin) : undefined;
  const originHost = originUrl ? hostOf(originUrl.host) : '';
  const sameOrigin = originUrl !== undefined && originUrl.host.toLowerCase() === (hostHeader ?? '').toLowerCase();
  const trusted = isLoopbackIp(originHost) || isLoopbackName(originHost) || isConfiguredHost(originHost, allowedHosts);
  if (!sameOrigin && !trusted) {
    return refused(`Requests from the web origin '${origin.slice(0, 255)}' are refused`);
  }
  return undefined;
}
