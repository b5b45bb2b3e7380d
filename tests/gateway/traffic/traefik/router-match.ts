import type { HttpRequest } from '@smithy/protocol-http';
import { RE2 } from 're2-wasm';
import type { HttpRouter, TraefikConfig } from '../../../../gateway/traffic/traefik/types.js';
import { tokenize, unquote } from './rule-syntax.js';

// Which HTTP router of an entrypoint Traefik v3 picks for a request, as its muxer does
// (pkg/muxer/http/mux.go, matcher.go): routers sorted by priority, highest first; the first whose
// rule matches wins. `&&` binds tighter than `||` (Go expression precedence), `!` negates a term.
// Regexes run on RE2 (re2-wasm, Google's RE2 — the syntax Go's regexp implements; it comes with
// @kubernetes-models/validate), searched unanchored like Go's MatchString. Header names compare
// case-insensitively (Go canonicalises them); query values are decoded, keys compared exactly.

/** What the matchers look at. */
interface Facts {
  method: string;
  path: string;
  headers: Map<string, string[]>;
  query: URLSearchParams;
}

const compiled = new Map<string, RE2>();
function regex(source: string): RE2 {
  let re = compiled.get(source);
  if (!re) {
    re = new RE2(source, 'u');
    compiled.set(source, re);
  }
  return re;
}

const MATCHERS: Record<string, (facts: Facts, args: string[]) => boolean> = {
  PathPrefix: (facts, [prefix]) => facts.path.startsWith(prefix),
  Method: (facts, [method]) => facts.method === method,
  Header: (facts, [name, value]) => (facts.headers.get(name.toLowerCase()) ?? []).includes(value),
  HeaderRegexp: (facts, [name, source]) => (facts.headers.get(name.toLowerCase()) ?? []).some((value) => regex(source).test(value)),
  QueryRegexp: (facts, [key, source]) => facts.query.getAll(key).some((value) => regex(source).test(value)),
};

/** Evaluates one rule against a request's facts. */
function evaluate(rule: string, facts: Facts): boolean {
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
export function factsOf(request: HttpRequest): Facts {
  const headers = new Map<string, string[]>();
  for (const [name, value] of Object.entries(request.headers)) headers.set(name.toLowerCase(), [...(headers.get(name.toLowerCase()) ?? []), value]);
  const raw = new URLSearchParams();
  for (const [key, value] of Object.entries(request.query ?? {})) {
    for (const item of Array.isArray(value) ? value : [value ?? '']) raw.append(key, item);
  }
  return { method: request.method, path: request.path, headers, query: new URLSearchParams(raw.toString()) };
}

/** The router Traefik picks on `entryPoint` for `request`, or undefined (Traefik's 404). */
export function pickRouter(config: TraefikConfig, entryPoint: string, request: HttpRequest): string | undefined {
  const facts = factsOf(request);
  const candidates = Object.entries(config.http?.routers ?? {})
    .filter(([, router]) => router.entryPoints.includes(entryPoint))
    .sort(([, a]: [string, HttpRouter], [, b]: [string, HttpRouter]) => b.priority - a.priority);
  return candidates.find(([, router]) => evaluate(router.rule, facts))?.[0];
}
