import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { DataPlaneMetrics } from '../../metrics/dataplane.js';
import type { AccessLog } from './access-log.js';
import type { Balancers } from './balancer.js';
import { chooseForward, type ForwardChoice, type ServedGroup } from './forward.js';
import { upstreamHeaders } from './forwarded-headers.js';
import type { LoopGuard } from './loop-guard.js';
import { proxyHttp } from './proxy.js';
import { parseRequestTarget } from '../../api/request-target.js';
import { redirectTo } from './redirect.js';
import { factsOf, type RequestFacts } from './request-facts.js';
import { errorResponse, rawResponse, redirectResponse, send, type GeneratedResponse } from './responses.js';
import type { ServedListener, ServedRule } from './served-table.js';
import { TRANSFORM_FAILED, withRewrittenHost, type Rewritten } from './transforms.js';
import { setMtlsHeaders } from './tls/mutual-tls-server.js';
import { proxyUpgrade } from './upgrade.js';
import type { UpstreamPool } from './upstream-pool.js';

/** `https` on a TLS-terminated connection (an HTTPS listener's port), else `http` (an HTTP port, or an ALB on the gateway port). */
function schemeOf(req: IncomingMessage): 'http' | 'https' {
  return (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
}

/** What answering a request needs besides the listener: the live table's groups and shared pools. */
export interface TrafficContext {
  /** The target groups of the table in force now (read per request: tables swap atomically). */
  groups(): Record<string, ServedGroup>;
  balancers: Balancers;
  pool: UpstreamPool;
  loops: LoopGuard;
  now(): number;
  /** Where requests are counted; absent (tests of the proxy alone), nothing is. */
  metrics?: DataPlaneMetrics;
  /** KECS_ACCESS_LOG; absent when off. */
  accessLog?: AccessLog;
}

/** What a request gets: a response of the load balancer's own, or a target; and the rule that decided, if any. */
type Outcome = { respond: GeneratedResponse; rule?: ServedRule } | { forward: ForwardChoice; rule: ServedRule; rewritten?: Rewritten };

const SLASH = 0x2f;

/** Evaluates the listener's rules in order (the default rule last) and runs the first match's action. */
function decide(ctx: TrafficContext, listener: ServedListener, req: IncomingMessage, facts: RequestFacts, nowMs: number): Outcome {
  // A target that is not a path or a valid absolute URL (`GET http://[/`, `GET *`) is refused as
  // ALB refuses malformed requests, with its own 400 page. A path (origin form, nearly every
  // request) always parses, as the URL standard's path state has no failure, so only other
  // forms are parsed: building a URL per request would be a measurable share of the hop.
  const target = req.url ?? '';
  if (target.charCodeAt(0) !== SLASH && !parseRequestTarget(target)) return { respond: errorResponse(400) };
  // A request this listener already forwarded (to itself, or round a cycle of listeners): loop-guard.ts.
  if (ctx.loops.looped(req.headers, listener.arn)) return { respond: errorResponse(508) };
  const rule = listener.rules.find((candidate) => candidate.matches(facts));
  if (!rule) return { respond: errorResponse(503) };
  const action = rule.action;
  if (action.type === 'fixed-response') return { respond: action.response, rule };
  if (action.type === 'redirect') {
    const port = req.socket.localPort ?? listener.port;
    return { respond: redirectResponse(redirectTo(action.config, { protocol: schemeOf(req), host: facts.host, port, path: facts.path, query: facts.rawQuery })), rule };
  }
  // Transforms rewrite what is forwarded, after the rule matched on the original request.
  const rewritten = rule.transform?.(req, facts);
  if (rewritten === TRANSFORM_FAILED) return { respond: errorResponse(500), rule };
  const choice = chooseForward(action.plan, { cookieHeader: req.headers.cookie, nowMs, groups: ctx.groups(), balancers: ctx.balancers });
  return choice ? { forward: choice, rule, rewritten } : { respond: errorResponse(503), rule };
}

/**
 * Counts a response the load balancer generated: RequestCount, and HTTP_Fixed_Response_Count,
 * or HTTP_Redirect_Count and HTTPCode_ELB_3XX, or HTTPCode_ELB_<code> for its error pages.
 * CloudWatch's page does not say whether a fixed response's code also counts as HTTPCode_ELB_*;
 * it is counted only as a fixed response here.
 */
function countGenerated(metrics: DataPlaneMetrics, listener: ServedListener, outcome: { respond: GeneratedResponse; rule?: ServedRule }): void {
  const meter = metrics.balancer(listener.loadBalancer.arn);
  meter.requests.value++;
  const type = outcome.rule?.action.type;
  if (type === 'fixed-response') meter.fixedResponses.value++;
  else {
    if (type === 'redirect') meter.redirects.value++;
    meter.elbCode(outcome.respond.status);
  }
}

function forwardedFacts(req: IncomingMessage, listener: ServedListener, facts: RequestFacts, nowMs: number) {
  return {
    clientIp: facts.sourceIp,
    protocol: schemeOf(req),
    port: req.socket.localPort ?? listener.port,
    nowMs,
  };
}

/** Answers one HTTP request for `listener`. */
export function answerHttp(ctx: TrafficContext, listener: ServedListener, req: IncomingMessage, res: ServerResponse): void {
  const nowMs = ctx.now();
  const facts = factsOf(req);
  const outcome = decide(ctx, listener, req, facts, nowMs);
  if ('respond' in outcome) {
    if (ctx.metrics) countGenerated(ctx.metrics, listener, outcome);
    const location = outcome.respond.headers.location;
    ctx.accessLog?.generating(listener, outcome.rule, req, res, outcome.respond.status, typeof location === 'string' ? location : undefined);
    send(res, outcome.respond);
    // The body of a request answered without reading it is drained so the connection stays usable.
    req.resume();
    return;
  }
  const { group, endpoint, setCookies, appCookie } = outcome.forward;
  const headers = withRewrittenHost(upstreamHeaders(req.headers, forwardedFacts(req, listener, facts, nowMs)), outcome.rewritten);
  if (listener.mutualAuth) setMtlsHeaders(headers, req.socket);
  ctx.loops.mark(headers, req.headers, listener.arn, endpoint);
  proxyHttp(req, res, endpoint, {
    meter: ctx.metrics?.route(listener.loadBalancer.arn, group.arn),
    accessLog: ctx.accessLog?.forwarding(listener, outcome.rule, req, group.arn, endpoint, headers),
    pool: ctx.pool,
    headers,
    target: outcome.rewritten?.target,
    idleTimeoutMs: listener.idleTimeoutMs,
    setCookies,
    appCookie,
    nowMs,
    done: ctx.balancers.get(group.arn).begin(endpoint),
  });
}

/** Answers an HTTP/1.1 Upgrade (WebSocket) request for `listener`. */
export function answerUpgrade(ctx: TrafficContext, listener: ServedListener, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  const nowMs = ctx.now();
  const facts = factsOf(req);
  const outcome = decide(ctx, listener, req, facts, nowMs);
  if ('respond' in outcome) {
    if (ctx.metrics) countGenerated(ctx.metrics, listener, outcome);
    socket.end(rawResponse(outcome.respond));
    return;
  }
  const { group, endpoint, setCookies } = outcome.forward;
  const headers = withRewrittenHost(upstreamHeaders(req.headers, forwardedFacts(req, listener, facts, nowMs), true), outcome.rewritten);
  if (listener.mutualAuth) setMtlsHeaders(headers, req.socket);
  ctx.loops.mark(headers, req.headers, listener.arn, endpoint);
  proxyUpgrade(req, socket, head, endpoint, {
    meter: ctx.metrics?.route(listener.loadBalancer.arn, group.arn),
    headers,
    target: outcome.rewritten?.target,
    idleTimeoutMs: listener.idleTimeoutMs,
    setCookies,
    done: ctx.balancers.get(group.arn).begin(endpoint),
  });
}
