import { BlockList, isIP } from 'node:net';
import type { HttpRequest } from '@smithy/protocol-http';
import { compileRe2, type Re2 } from '../../../../gateway/traffic/route-table/re2.js';
import type { HttpRouter, TraefikConfig } from '../../../../gateway/traffic/traefik/types.js';
import { tokenize, unquote } from './rule-syntax.js';

// Which HTTP router of an entrypoint Traefik v3 picks for a request, as its muxer does
// (pkg/muxer/http/mux.go, matcher.go): routers sorted by priority, highest first; the first whose
// rule matches wins. `&&` binds tighter than `||` (Go expression precedence), `!` negates a term.
// Regexes run on RE2 (re2js, a port of Go's regexp), searched unanchored like Go's MatchString.
// Host matchers see the Host lower-cased without its port; Path matchers the decoded path (Go's
// URL.Path); header names compare case-insensitively (Go canonicalises them); query values are
// decoded as url.ParseQuery does (`+` is a space), keys compared exactly; ClientIP looks at the
// connection's remote address.

/** What the matchers look at. */
export interface TraefikFacts {
  method: string;
  host: string;
  path: string;
  headers: Map<string, string[]>;
  query: URLSearchParams;
  remoteAddress: string;
}

const compiled = new Map<string, Re2>();
function regex(source: string): Re2 {
  let re = compiled.get(source);
  if (!re) {
    re = compileRe2(source);
    compiled.set(source, re);
  }
  return re;
}

function clientIp(address: string, cidr: string): boolean {
  const list = new BlockList();
  const [network, prefix] = cidr.split('/');
  const family = isIP(network) === 6 ? 'ipv6' : 'ipv4';
  if (prefix === undefined) list.addAddress(network, family);
  else list.addSubnet(network, Number(prefix), family);
  const own = isIP(address);
  return own !== 0 && list.check(address, own === 6 ? 'ipv6' : 'ipv4');
}

const MATCHERS: Record<string, (facts: TraefikFacts, args: string[]) => boolean> = {
  Host: (facts, [host]) => facts.host === host.toLowerCase(),
  HostRegexp: (facts, [source]) => regex(source).test(facts.host),
  PathPrefix: (facts, [prefix]) => facts.path.startsWith(prefix),
  PathRegexp: (facts, [source]) => regex(source).test(facts.path),
  Method: (facts, [method]) => facts.method === method,
  Header: (facts, [name, value]) => (facts.headers.get(name.toLowerCase()) ?? []).includes(value),
  HeaderRegexp: (facts, [name, source]) => (facts.headers.get(name.toLowerCase()) ?? []).some((value) => regex(source).test(value)),
  QueryRegexp: (facts, [key, source]) => facts.query.getAll(key).some((value) => regex(source).test(value)),
  ClientIP: (facts, [cidr]) => clientIp(facts.remoteAddress, cidr),
};

/** Evaluates one rule against a request's facts. */
export function evaluateRule(rule: string, facts: TraefikFacts): boolean {
  const tokens = tokenize(rule);
  let i = 0;
  const term = (): boolean => {
    if (tokens[i] === '!') {
      i++;
      return !term();
    }
    if (tokens[i] === '(') {
      i++;
      const value = or();
      i++; // ')'
      return value;
    }
    const name = tokens[i++];
    const matcher = MATCHERS[name];
    if (!matcher) throw new Error(`the router simulator has no matcher ${name}`);
    i++; // '('
    const args = [unquote(tokens[i++])];
    while (tokens[i] === ',') {
      i++;
      args.push(unquote(tokens[i++]));
    }
    i++; // ')'
    return matcher(facts, args);
  };
  const and = (): boolean => {
    let value = term();
    while (tokens[i] === '&&') {
      i++;
      value = term() && value;
    }
    return value;
  };
  const or = (): boolean => {
    let value = and();
    while (tokens[i] === '||') {
      i++;
      value = and() || value;
    }
    return value;
  };
  return or();
}

/** The facts Traefik sees of an SDK request: the query string is re-encoded and decoded as Go does. */
export function factsOf(request: HttpRequest): TraefikFacts {
  const headers = new Map<string, string[]>();
  for (const [name, value] of Object.entries(request.headers)) headers.set(name.toLowerCase(), [...(headers.get(name.toLowerCase()) ?? []), value]);
  const raw = new URLSearchParams();
  for (const [key, value] of Object.entries(request.query ?? {})) {
    for (const item of Array.isArray(value) ? value : [value ?? '']) raw.append(key, item);
  }
  return {
    method: request.method, host: request.hostname.toLowerCase(), path: request.path, headers,
    query: new URLSearchParams(raw.toString()), remoteAddress: '127.0.0.1',
  };
}

/** The router Traefik picks on `entryPoint`, or undefined (Traefik's 404). */
export function pickRouterFor(config: TraefikConfig, entryPoint: string, facts: TraefikFacts): string | undefined {
  const candidates = Object.entries(config.http?.routers ?? {})
    .filter(([, router]) => router.entryPoints.includes(entryPoint))
    .sort(([, a]: [string, HttpRouter], [, b]: [string, HttpRouter]) => b.priority - a.priority);
  return candidates.find(([, router]) => evaluateRule(router.rule, facts))?.[0];
}

/** The router Traefik picks on `entryPoint` for an SDK request. */
export function pickRouter(config: TraefikConfig, entryPoint: string, request: HttpRequest): string | undefined {
  return pickRouterFor(config, entryPoint, factsOf(request));
}
