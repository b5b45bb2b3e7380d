import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import type { RuleTransform } from '@aws-sdk/client-elastic-load-balancing-v2';
import { compileRewrite, rewritesOf, type Rewrite } from '../route-table/rewrite.js';
import type { RequestFacts } from './request-facts.js';

// Rule transforms in the embedded data plane (ALB user guide, "Transforms for listener rules").
// Conditions are matched on the request as the client sent it; the transforms of the matching
// rule then rewrite what is forwarded: "Rewriting a request does not change the routing decision
// made when evaluating the rule conditions." They apply to forward actions only ("rewrites
// inbound requests before they are routed to targets"); redirect and fixed-response answers are
// built from the original request (whether AWS's #{path} sees a rewritten path is not documented).
// "HTTP headers and Application Load Balancers" lists X-Forwarded-For, -Proto and -Port only, and
// nothing documents an X-Forwarded-Host keeping the original host after a rewrite: none is added.

/** What a matching transform changed; absent fields are forwarded as received. */
export interface Rewritten {
  /** The request target (origin form) sent to the target. */
  target?: string;
  /** The Host header sent to the target. */
  host?: string;
}

/** "If there is a pattern match but the transform fails, we return an HTTP 500 error." */
export const TRANSFORM_FAILED = 'failed';

export type RequestTransform = (req: IncomingMessage, facts: RequestFacts) => Rewritten | typeof TRANSFORM_FAILED;

/**
 * A request target a target can be sent: origin form, visible ASCII only, no fragment. A rewrite
 * producing anything else (`Replace` emptied the path, put a space in it…) is a failed transform.
 */
const ORIGIN_FORM = /^\/[\x21\x22\x24-\x7e]*$/;
/** A host (RFC 3986 reg-name or IP literal) and optional port: what a rewritten Host header may be. */
const HOST = /^[A-Za-z0-9\-._~!$&'()*+,;=%:[\]]+$/;

/** `Example.com:8080` → `Example.com`; `[::1]:80` → `[::1]`: the host name as sent, without its port. */
function hostName(header: string): string {
  if (header.startsWith('[')) {
    const close = header.indexOf(']');
    return close < 0 ? header : header.slice(0, close + 1);
  }
  const colon = header.indexOf(':');
  return colon < 0 ? header : header.slice(0, colon);
}

/**
 * The URL a url-rewrite regex sees: the path and, when there is one, `?` and the query, as sent
 * (not decoded). AWS's guide says URL rewrites modify "the path or query string", and the AWS Load
 * Balancer Controller rewrites a whole path with the regex `^([^?]*)` ("capture just the path, not
 * the query parameters": pkg/gateway/routeutils/route_rule_transform.go) — so the regex sees both.
 */
export function urlOf(facts: RequestFacts): string {
  return facts.rawQuery ? `${facts.path}?${facts.rawQuery}` : facts.path;
}

/**
 * The host a host-header-rewrite regex sees: the Host header's name without the port, lower-cased
 * as host-header conditions see it (host names are case-insensitive; AWS does not say which case
 * the regex gets). A rewritten Host is the replacement's result alone: the listener's port meant
 * nothing to the new host (AWS's example rewrites to an internal endpoint), so it is not kept.
 */
function hostOfRequest(req: IncomingMessage): string | undefined {
  const header = req.headers.host;
  return header === undefined ? undefined : hostName(header).toLowerCase();
}

function hostTransform(rewrite: Rewrite): RequestTransform {
  return (req) => {
    const host = hostOfRequest(req);
    const result = host === undefined ? undefined : rewrite(host);
    if (result === undefined) return {};
    return HOST.test(result) ? { host: result } : TRANSFORM_FAILED;
  };
}

function urlTransform(rewrite: Rewrite): RequestTransform {
  return (_req, facts) => {
    const result = rewrite(urlOf(facts));
    if (result === undefined) return {};
    return ORIGIN_FORM.test(result) ? { target: result } : TRANSFORM_FAILED;
  };
}

/**
 * Compiles a rule's transforms once per route table; undefined when it has none. Throws when RE2
 * rejects a regex (the API refuses those): the table compiler then leaves the rule out.
 */
export function compileTransforms(transforms: readonly RuleTransform[]): RequestTransform | undefined {
  const { host, url } = rewritesOf(transforms);
  const parts = [...(host ? [hostTransform(compileRewrite(host))] : []), ...(url ? [urlTransform(compileRewrite(url))] : [])];
  if (parts.length === 0) return undefined;
  return (req, facts) => {
    const rewritten: Rewritten = {};
    for (const part of parts) {
      const result = part(req, facts);
      if (result === TRANSFORM_FAILED) return result;
      Object.assign(rewritten, result);
    }
    return rewritten;
  };
}

/** The upstream headers with a rewritten Host, if any. */
export function withRewrittenHost(headers: OutgoingHttpHeaders, rewritten: Rewritten | undefined): OutgoingHttpHeaders {
  if (rewritten?.host !== undefined) headers.host = rewritten.host;
  return headers;
}
