import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RuleCondition } from '@aws-sdk/client-elastic-load-balancing-v2';
import fc from 'fast-check';
import { serveTable } from '../../../../gateway/traffic/dataplane/served-table.js';
import type { RequestFacts } from '../../../../gateway/traffic/dataplane/request-facts.js';
import { compilePattern } from '../../../../gateway/traffic/dataplane/patterns.js';
import { re2Expression, wildcardSource, type ValuePattern } from '../../../../gateway/traffic/route-table/condition-patterns.js';
import { compileRouteTable } from '../../../../gateway/traffic/route-table/compile.js';
import { compileRe2 } from '../../../../gateway/traffic/route-table/re2.js';
import { renderTraefikConfig } from '../../../../gateway/traffic/traefik/configuration.js';
import { ruleKey } from '../../../../gateway/traffic/traefik/names.js';
import { forward, listener, loadBalancer, routingState, rule, target, targetGroup } from './fixtures.js';
import { pickRouterFor, type TraefikFacts } from './router-match.js';
import { checkRule } from './rule-syntax.js';

// The embedded data plane and Traefik must pick the same rule for the same request. The data
// plane's matcher runs on the request as Node sees it; the Traefik rule is evaluated with RE2 on
// the request as Go's server sees it (decoded path, url.ParseQuery values).

describe('wildcard patterns mean the same on RegExp (data plane) and RE2 (Traefik)', () => {
  const alphabet = ['a', 'B', 'k', 'K', '\u212a', 'ſ', 's', 'é', 'É', '😀', '\n', '\r', '.', '-', '/', '(', '[', '{', '$', '^', '|', '+', '\\'];
  const text = fc.array(fc.constantFrom(...alphabet), { maxLength: 8 }).map((chars) => chars.join(''));
  const pattern = fc.array(fc.constantFrom(...alphabet, '*', '?', '\\*', '\\?'), { maxLength: 6 }).map((parts) => parts.join(''));

  it('for any pattern, case, escapes and input', () => {
    fc.assert(fc.property(pattern, text, fc.boolean(), fc.boolean(), (value, input, caseInsensitive, escapes) => {
      const compiled: ValuePattern = { kind: 'wildcard', source: wildcardSource(value, escapes), caseInsensitive };
      const re2 = compileRe2(re2Expression(compiled));
      assert.equal(compilePattern(compiled)(input), re2.test(input), `${JSON.stringify(value)} on ${JSON.stringify(input)}`);
    }), { numRuns: 3000, seed: 13 });
  });

  it('`*` spans a newline only with (?s), which the generated expression carries', () => {
    const path: ValuePattern = { kind: 'wildcard', source: wildcardSource('/api/*'), caseInsensitive: false };
    assert.equal(compileRe2(path.source).test('/api/a\nb'), false, 'without (?s) Go misses it');
    assert.equal(compileRe2(re2Expression(path)).test('/api/a\nb'), true);
    assert.equal(compilePattern(path)('/api/a\nb'), true);
  });
});

interface Request {
  name: string;
  method?: string;
  host?: string;
  /** The request target as sent: path and query, percent-encoded. */
  target: string;
  headers?: Record<string, string[]>;
  sourceIp?: string;
}

/** What the embedded data plane sees (request-facts.ts): the raw path and query. */
function dataPlaneFacts(request: Request): RequestFacts {
  const question = request.target.indexOf('?');
  return {
    host: (request.host ?? 'shop.test').toLowerCase(),
    path: question < 0 ? request.target : request.target.slice(0, question),
    rawQuery: question < 0 ? '' : request.target.slice(question + 1),
    method: request.method ?? 'GET',
    headers: Object.fromEntries(Object.entries(request.headers ?? {}).map(([name, lines]) => [name.toLowerCase(), lines])),
    sourceIp: request.sourceIp ?? '192.0.2.1',
  };
}

/** What Traefik's matchers see: Go's URL.Path (percent-decoded) and url.ParseQuery. */
function traefikFacts(request: Request): TraefikFacts {
  const facts = dataPlaneFacts(request);
  return {
    method: facts.method, host: facts.host, path: decodeURIComponent(facts.path), query: new URLSearchParams(facts.rawQuery),
    headers: new Map(Object.entries(facts.headers).map(([name, lines]) => [name, lines ?? []])), remoteAddress: facts.sourceIp,
  };
}

describe('the embedded data plane and the Traefik rules pick the same rule', () => {
  const lb = loadBalancer('shop', '00000000000000c1', { createdAt: '2025-12-01T00:00:00Z' });
  const http = listener(lb, 'l1', 80);
  const tg = targetGroup('web', '00000000000000d1');
  const conditions: Array<[number | 'default', RuleCondition[]]> = [
    [10, [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/api/*'] } }, { Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X-Env', Values: ['prod*'] } }]],
    [20, [{ Field: 'path-pattern', PathPatternConfig: { RegexValues: ['^/v[0-9]+/items/[0-9]+$'] } }]],
    [30, [{ Field: 'host-header', HostHeaderConfig: { Values: ['*.Example.com'] } }]],
    [40, [{ Field: 'host-header', HostHeaderConfig: { RegexValues: ['^(www|api)\\.shop\\.test$'] } }]],
    [50, [{ Field: 'query-string', QueryStringConfig: { Values: [{ Key: 'version', Value: 'v?' }, { Key: 'flag', Value: '\\*' }] } }]],
    [60, [{ Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'User-Agent', RegexValues: ['Mobile|Android'] } }]],
    [70, [{ Field: 'source-ip', SourceIpConfig: { Values: ['10.0.0.0/8', '2001:db8::/32'] } }]],
    [80, [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/api/*', '/a?c'] } }]],
    [90, [{ Field: 'http-request-method', HttpRequestMethodConfig: { Values: ['POST'] } }, { Field: 'path-pattern', Values: ['/upload/*'] }]],
    ['default', []],
  ];
  const rules = conditions.map(([priority, list], i) => rule(http, `r${i}`, priority, list, [forward(tg)]));
  const table = compileRouteTable(routingState({ loadBalancers: [lb], listeners: [http], rules, targetGroups: [tg], targets: [target(tg, '10.0.0.1', 80, 'healthy')] }));
  const config = renderTraefikConfig(table, { actionsUrl: 'http://kecs-lb:4566' });
  const served = serveTable(table);
  const routed = table.loadBalancers[0].listeners[0];
  const arnOfRouter = new Map(routed.rules.map((r) => [ruleKey(table.loadBalancers[0], routed, r), r.arn]));
  const priorityOf = new Map(routed.rules.map((r) => [r.arn, r.priority]));

  const requests: Array<[Request, number | 'default']> = [
    [{ name: 'wildcard path and header', target: '/api/orders', headers: { 'X-Env': ['PRODUCTION'] } }, 10],
    [{ name: 'an encoded newline under a wildcard path', target: '/api/a%0Ab', headers: { 'X-Env': ['prod'] } }, 10],
    [{ name: 'an encoded newline, no header', target: '/api/a%0Ab' }, 80],
    [{ name: 'header on its second line', target: '/api/x', headers: { 'x-env': ['dev', 'prod-2'] } }, 10],
    [{ name: 'path regex', target: '/v2/items/42' }, 20],
    [{ name: 'path regex, no match after a newline', target: '/v2/items/42%0A' }, 'default'],
    [{ name: 'host wildcard, case-insensitive', host: 'A.B.EXAMPLE.com', target: '/' }, 30],
    [{ name: 'host regex', host: 'API.shop.test', target: '/' }, 40],
    [{ name: 'query value wildcard', target: '/?version=V2' }, 50],
    [{ name: 'query value with an encoded newline', target: '/?version=v%0A' }, 50],
    [{ name: 'query escaped star', target: '/?flag=%2A' }, 50],
    [{ name: 'query escaped star is literal', target: '/?flag=x' }, 'default'],
    [{ name: 'user-agent regex searched unanchored', target: '/', headers: { 'user-agent': ['Mozilla/5.0 (Linux; Android 14)'] } }, 60],
    [{ name: 'source ip v4', target: '/', sourceIp: '10.1.2.3' }, 70],
    [{ name: 'source ip v6', target: '/', sourceIp: '2001:db8::1' }, 70],
    [{ name: 'path ? is one character', target: '/abc' }, 80],
    [{ name: 'method and path', method: 'POST', target: '/upload/file' }, 90],
    [{ name: 'method is case-sensitive', method: 'post', target: '/upload/file' }, 'default'],
    [{ name: 'nothing matches', target: '/else' }, 'default'],
  ];

  it('every generated rule compiles (regexes with RE2)', () => {
    for (const router of Object.values(config.http?.routers ?? {})) checkRule(router.rule);
  });

  for (const [request, expected] of requests) {
    it(request.name, () => {
      const embedded = served.listeners[0].rules.find((candidate) => candidate.matches(dataPlaneFacts(request)))?.arn;
      const router = pickRouterFor(config, 'elb-80', traefikFacts(request));
      const traefik = router === undefined ? undefined : arnOfRouter.get(router);
      assert.equal(priorityOf.get(embedded!), expected, 'embedded data plane');
      assert.equal(traefik, embedded, 'Traefik picks the same rule');
    });
  }

  it('except where Traefik decodes the path (README, Traefik table: path-pattern on the raw path)', () => {
    const request: Request = { name: 'an encoded é', target: '/a%C3%A9c' };
    assert.equal(served.listeners[0].rules.find((candidate) => candidate.matches(dataPlaneFacts(request)))?.arn, routed.rules.at(-1)!.arn);
    assert.equal(priorityOf.get(arnOfRouter.get(pickRouterFor(config, 'elb-80', traefikFacts(request))!)!), 80, '`?` meets the decoded é');
  });
});
