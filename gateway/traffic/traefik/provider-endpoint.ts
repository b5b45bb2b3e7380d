import { HttpResponse, type HttpRequest } from '@smithy/protocol-http';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { Database } from '../../database/tables.js';
import { compileRouteTable } from '../route-table/compile.js';
import { FIXED_RESPONSE_PATH, fixedResponseFor } from '../route-table/fixed-response.js';
import { loadRoutingState } from '../route-table/load-state.js';
import type { RouteTable } from '../route-table/route-table.js';
import { renderTraefikConfig, serializeTraefikConfig } from './configuration.js';

export const TRAEFIK_CONFIG_PATH = '/_kecs/traefik/dynamic.json';

function jsonError(statusCode: number, error: string, message: string): HttpResponse {
  return new HttpResponse({ statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error, message }) });
}

/**
 * Where Traefik reaches the gateway: the `actionsUrl` query parameter when given, else the Host
 * Traefik's HTTP provider used to fetch this document — the same Traefik process then sends the
 * fixed-response requests there.
 */
function actionsUrl(request: HttpRequest): string | undefined {
  const given = request.query?.actionsUrl;
  if (typeof given === 'string') {
    return URL.canParse(given) && /^https?:$/.test(new URL(given).protocol) ? given.replace(/\/+$/, '') : undefined;
  }
  if (!request.hostname || !/^[A-Za-z0-9.-]+$/.test(request.hostname)) return undefined;
  return `http://${request.hostname}${request.port ? `:${request.port}` : ''}`;
}

/**
 * How long a poll waits for the database before answering with the last good table. Below the
 * HTTP provider's `pollTimeout` (5 s by default), so a slow read never becomes a failed fetch.
 */
export const READ_BUDGET_MS = 2000;

/** A route table to serve, or why there is none. */
type Snapshot = { table: RouteTable; stale?: string } | { unavailable: string };

/**
 * The route table behind the configuration, read at most once at a time. A failed or slow read
 * answers with the last table read successfully and says why (`stale`): Traefik's HTTP provider
 * treats any non-200 answer as a failure and then backs off up to 60 s between fetches
 * (reference/traefik.md §12), so an error here would freeze Traefik's view long after the
 * database is back. A read still running when the budget ends goes on and refreshes the table.
 */
function routeTableSource(db: Kysely<Database>, budgetMs: number) {
  let lastGood: RouteTable | undefined;
  let inFlight: Promise<RouteTable> | undefined;
  const read = () => {
    inFlight ??= loadRoutingState(db)
      .then((state) => {
        lastGood = compileRouteTable(state);
        return lastGood;
      })
      .finally(() => { inFlight = undefined; });
    return inFlight;
  };
  return async function snapshot(): Promise<Snapshot> {
    let timer: NodeJS.Timeout | undefined;
    const budget = new Promise<undefined>((resolve) => { timer = setTimeout(resolve, budgetMs, undefined); });
    let reason: string;
    try {
      const table = await Promise.race([read(), budget]);
      if (table) return { table };
      reason = `the database did not answer within ${budgetMs} ms`;
    } catch (error) {
      reason = `reading the routing state failed: ${(error as Error).message}`;
    } finally {
      clearTimeout(timer);
    }
    // A header value: one line of visible ASCII.
    reason = reason.replace(/[^\x20-\x7e]+/g, ' ').slice(0, 200);
    return lastGood ? { table: lastGood, stale: reason } : { unavailable: reason };
  };
}

/** Traefik entrypoint names as its static configuration accepts them in flags. */
const ENTRY_POINT = /^[A-Za-z0-9-]{1,64}$/;

/**
 * `GET /_kecs/traefik/dynamic.json`: Traefik's dynamic configuration for its HTTP provider,
 * compiled from one consistent snapshot of the state; and `FIXED_RESPONSE_PATH…`, the endpoint
 * fixed-response rules are forwarded to (any method). Undefined for other paths.
 *
 * The configuration covers every account's load balancers, unfiltered: one Traefik serves them
 * all, and its HTTP provider sends no AWS credential. That exposes nothing the AWS API does not:
 * the gateway verifies no signatures, so whoever can reach it can already describe any account's
 * listeners, rules and targets by naming the account in a credential. The protection for both is
 * the same — the gateway's port reachable only from the cluster and the developer's machine
 * (manifests/30-kecs-lb.yaml) — so the endpoint is not restricted further.
 *
 * When the database read fails or takes longer than `readBudgetMs`, the answer is the last
 * configuration read successfully, still 200, with `x-kecs-stale` saying why; only before any
 * successful read is it 503 (Traefik then keeps what it has).
 *
 * `?awsEntryPoint=<name>` adds the routers of Traefik's AWS API entrypoint (aws-endpoint.ts)
 * towards KECS_ECS_URL, this gateway and KECS_UPSTREAM_URL. It is a query parameter, not a
 * setting of the gateway, because only the Traefik that declares that entrypoint asks for it
 * (its provider URL sits beside the entrypoint flag); a gateway with KECS_UPSTREAM_URL set on a
 * laptop keeps serving the load balancers' routers alone.
 */
export function createTraefikRoutes(db: Kysely<Database>, config: Pick<Config, 'upstreamUrl' | 'ecsUrl'>, readBudgetMs = READ_BUDGET_MS) {
  const snapshot = routeTableSource(db, readBudgetMs);
  return async function traefik(request: HttpRequest): Promise<HttpResponse | undefined> {
    if (request.path.startsWith(FIXED_RESPONSE_PATH)) {
      return fixedResponseFor(request.path, request.method)
        ?? jsonError(400, 'InvalidFixedResponse', 'The fixed-response path does not encode a valid action');
    }
    if (request.path !== TRAEFIK_CONFIG_PATH || request.method !== 'GET') return undefined;
    const url = actionsUrl(request);
    if (!url) return jsonError(400, 'InvalidActionsUrl', 'Cannot tell where Traefik reaches the gateway: send a plain Host header or an http(s) actionsUrl query parameter');
    const entryPoint = request.query?.awsEntryPoint;
    if (entryPoint !== undefined && (typeof entryPoint !== 'string' || !ENTRY_POINT.test(entryPoint))) {
      return jsonError(400, 'InvalidAwsEntryPoint', 'awsEntryPoint must be one Traefik entrypoint name: letters, digits and hyphens');
    }
    const aws = entryPoint === undefined ? undefined : { entryPoint, upstreamUrl: config.upstreamUrl, ecsUrl: config.ecsUrl };
    const current = await snapshot();
    if ('unavailable' in current) return jsonError(503, 'RoutingStateUnavailable', `No configuration to serve yet: ${current.unavailable}`);
    const { table, stale } = current;
    return new HttpResponse({
      statusCode: 200,
      headers: { 'content-type': 'application/json', 'x-kecs-routing-version': table.version, ...(stale ? { 'x-kecs-stale': stale } : {}) },
      body: serializeTraefikConfig(renderTraefikConfig(table, { actionsUrl: url, aws })),
    });
  };
}
