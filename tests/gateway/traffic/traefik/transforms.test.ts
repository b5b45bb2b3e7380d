import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { describe, it } from 'node:test';
import type { RuleCondition, RuleTransform } from '@aws-sdk/client-elastic-load-balancing-v2';
import fc from 'fast-check';
import { RE2JS } from 're2js';
import { compileTransforms } from '../../../../gateway/traffic/dataplane/transforms.js';
import { splitTarget } from '../../../../gateway/traffic/dataplane/request-facts.js';
import { compileRouteTable } from '../../../../gateway/traffic/route-table/compile.js';
import { expand } from '../../../../gateway/traffic/route-table/rewrite.js';
import type { RoutedRule } from '../../../../gateway/traffic/route-table/route-table.js';
import { renderTraefikConfig, serializeTraefikConfig } from '../../../../gateway/traffic/traefik/configuration.js';
import { confinedToPath } from '../../../../gateway/traffic/traefik/path-confined.js';
import { transformMiddlewares } from '../../../../gateway/traffic/traefik/transforms.js';
import type { HttpMiddleware, TraefikConfig } from '../../../../gateway/traffic/traefik/types.js';
import { forward, listener, loadBalancer, routingState, rule, target, targetGroup } from './fixtures.js';
import { referenceErrors } from './references.js';
import { decodeDynamicConfiguration, validateShape } from './shape.js';

const hostRewrite = (Regex: string, Replace: string): RuleTransform => ({ Type: 'host-header-rewrite', HostHeaderRewriteConfig: { Rewrites: [{ Regex, Replace }] } });
const urlRewrite = (Regex: string, Replace: string): RuleTransform => ({ Type: 'url-rewrite', UrlRewriteConfig: { Rewrites: [{ Regex, Replace }] } });
const hostIs = (...values: string[]): RuleCondition => ({ Field: 'host-header', HostHeaderConfig: { Values: values } });
const routed = (transforms: RuleTransform[], conditions: RuleCondition[] = []): RoutedRule => ({ arn: 'r', priority: 1, conditions, actions: [], transforms });
const middlewares = (transforms: RuleTransform[], conditions: RuleCondition[] = []) => Object.fromEntries(transformMiddlewares(routed(transforms, conditions), 'k'));

/** Traefik's replacePathRegex (pkg/middlewares/replacepathregex) on a path: Go's ReplaceAllString, only when it matches and the replacement is not empty. */
function replacePathRegex(middleware: HttpMiddleware, path: string): string {
  assert.ok('replacePathRegex' in middleware);
  const { regex: source, replacement } = middleware.replacePathRegex;
  const regex = RE2JS.compile(source.trim());
  const template = replacement.trim();
  const matcher = regex.matcher(path);
  if (template === '' || !matcher.find()) return path;
  const count = regex.groupCount();
  let out = '';
  let lastMatchEnd = 0;
  let searchPos = 0;
  // regexp.ReplaceAllString's loop (Go src/regexp/regexp.go, replaceAll).
  while (searchPos <= path.length && matcher.find(searchPos)) {
    const [start, end] = [matcher.start(), matcher.end()];
    out += path.slice(lastMatchEnd, start);
    if (end > lastMatchEnd || start === 0) out += expand(template, (i) => (i <= count ? matcher.group(i) ?? undefined : undefined), regex.namedGroups());
    lastMatchEnd = end;
    const width = (path.codePointAt(searchPos) ?? 0) > 0xffff ? 2 : 1;
    searchPos = searchPos + width > end ? searchPos + width : end > searchPos ? end : searchPos + 1;
  }
  return out + path.slice(lastMatchEnd);
}

/** What the embedded data plane forwards for `target` with `Host: host`. */
function dataPlane(transforms: RuleTransform[], target: string, host = 'h') {
  const transform = compileTransforms(transforms)!;
  const { path, query } = splitTarget(target);
  const result = transform({ headers: { host } } as IncomingMessage, { host: '', path, rawQuery: query, method: 'GET', headers: {}, sourceIp: '' });
  assert.notEqual(result, 'failed');
  return { target: (result as { target?: string }).target ?? target, host: (result as { host?: string }).host ?? host };
}

describe('confinedToPath: url-rewrite regexes Traefik can run on the path alone', () => {
  const confined = ['^/api/', '^/v[0-9]+/(\\w+)', '^/old(/[a-z0-9/-]*)', '^/([^?/]+)/x', '^/(?:a|b)/(?P<id>\\d+)', '^(?i)/API', '^[[:alpha:]]+', '^/a\\.b\\b', '^/\\[x\\]'];
  const not = [
    '/api/', // unanchored: could match in the query
    '^/a|/b', // a top-level alternative is unanchored
    '^/dp/([A-Za-z0-9]+)/?$', // `$` is the end of the query when there is one
    '^\\/api\\/(.+)$', // `.` matches `?`
    '^/[^/]*', // matches `?`
    '^/[!-~]+', // a range holding `?`
    '^/\\S+', '^/\\W', '^/[[:punct:]]', '^/a\\?', '^/a\\z', '^(?m)/a', '^/\\x41', '^/\\Qa\\E',
  ];
  for (const source of confined) it(`${source}: confined`, () => assert.equal(confinedToPath(source), true));
  for (const source of not) it(`${source}: not confined`, () => assert.equal(confinedToPath(source), false));
});

describe('transform middlewares', () => {
  it("host-header-rewrite with AWS's example: a fixed Host when the condition names one host", () => {
    const example = hostRewrite('^mywebsite-(.+).com$', 'internal.dev.$1.myweb.com');
    assert.deepEqual(middlewares([example], [hostIs('MyWebsite-Example.com')]), {
      'k-host-rewrite': { headers: { customRequestHeaders: { Host: 'internal.dev.example.myweb.com' } } },
    });
    assert.deepEqual(middlewares([example], [hostIs('mywebsite-*.com')]), {}, 'a wildcard: the result varies with the request');
    assert.deepEqual(middlewares([example], [hostIs('a.com', 'b.com')]), {}, 'several hosts');
    assert.deepEqual(middlewares([example], [hostIs('other.com')]), {}, 'no match for the one host: Host stays, nothing to do');
    assert.deepEqual(middlewares([example]), {}, 'any host');
  });

  it('host-header-rewrite of the whole host to a constant', () => {
    for (const regex of ['.*', '^.*$', '^(.*)$']) {
      assert.deepEqual(middlewares([hostRewrite(regex, 'backend.internal')]), { 'k-host-rewrite': { headers: { customRequestHeaders: { Host: 'backend.internal' } } } }, regex);
    }
    assert.deepEqual(middlewares([hostRewrite('^(.*)$', '$1.internal')]), {}, 'uses the host');
    assert.deepEqual(middlewares([hostRewrite('.*', 'a b')]), {}, 'the data plane answers 500 for it');
  });

  it('url-rewrite: replacePathRegex when exact', () => {
    assert.deepEqual(middlewares([urlRewrite('^/api/v1/', '/v2/')]), { 'k-url-rewrite': { replacePathRegex: { regex: '^/api/v1/', replacement: '/v2/' } } });
    assert.deepEqual(middlewares([urlRewrite('^/dp/([A-Za-z0-9]+)/?$', '/product.php?id=$1')]), {}, 'writes a query and tests the end');
    assert.deepEqual(middlewares([urlRewrite('^/old/(\\w+)', '/new?$1')]), {}, 'a `?` in the replacement');
    assert.deepEqual(middlewares([urlRewrite('^/old/(\\w+)', '$1')]), {}, 'not a path');
    assert.deepEqual(middlewares([urlRewrite('^/old/', '')]), {}, 'empty: Traefik would do nothing');
    assert.deepEqual(middlewares([urlRewrite(' ^/old/', '/new/')]), {}, 'Traefik trims the regex');
  });

  it('both, host first', () => {
    assert.deepEqual(transformMiddlewares(routed([urlRewrite('^/a/', '/b/'), hostRewrite('.*', 'x.internal')]), 'k').map(([name]) => name), ['k-host-rewrite', 'k-url-rewrite']);
  });
});

describe('Traefik and the data plane forward the same rewritten request', () => {
  const piece = fc.constantFrom('/', 'api', 'v[0-9]+', '([a-z]+)', '(\\d*)', '([^?/]*)', '(?:x|y)', '\\w+', '-', '/?', '(/[a-z0-9/]*)', '\\b');
  // A group name may appear once (RE2).
  const regex = fc.tuple(fc.array(piece, { minLength: 1, maxLength: 5 }), fc.boolean()).map(([parts, named]) => `^/${parts.join('')}${named ? '(?P<id>[0-9]*)' : ''}`);
  const replacement = fc.array(fc.constantFrom('new', '$1', '${2}', '${id}', '/', '-', '$$', '$1x'), { maxLength: 4 }).map((parts) => `/${parts.join('')}`);
  const path = fc.array(fc.constantFrom('/', 'api', 'v1', 'x', 'y', '7', '-', 'A', '%2F'), { maxLength: 6 }).map((parts) => `/${parts.join('')}`);
  const query = fc.constantFrom('', 'a=1', 'q=/api/v1', 'x?y', 'api');

  it('url-rewrite: for confined regexes, with and without a query', () => {
    fc.assert(fc.property(regex, replacement, path, query, (source, replace, requestPath, requestQuery) => {
      const transform = urlRewrite(source, replace);
      const [[, middleware] = []] = transformMiddlewares(routed([transform]), 'k');
      assert.ok(middleware, `${source} → ${replace} should be expressible`);
      const traefik = replacePathRegex(middleware, requestPath) + (requestQuery ? `?${requestQuery}` : '');
      const target = requestQuery ? `${requestPath}?${requestQuery}` : requestPath;
      assert.equal(dataPlane([transform], target).target, traefik, `${source} → ${replace} on ${target}`);
    }), { numRuns: 2000, seed: 11 });
  });

  it('host-header-rewrite: for every letter case and port the pinned host arrives with', () => {
    const transform = hostRewrite('^mywebsite-(.+).com$', 'internal.dev.$1.myweb.com');
    const { 'k-host-rewrite': middleware } = middlewares([transform], [hostIs('mywebsite-example.com')]);
    assert.ok(middleware && 'headers' in middleware);
    const variant = fc.tuple(fc.array(fc.boolean(), { minLength: 21, maxLength: 21 }), fc.option(fc.integer({ min: 1, max: 65535 })));
    fc.assert(fc.property(variant, ([upper, port]) => {
      const host = [...'mywebsite-example.com'].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join('') + (port === null ? '' : `:${port}`);
      assert.equal(dataPlane([transform], '/', host).host, middleware.headers.customRequestHeaders.Host);
    }), { numRuns: 200, seed: 5 });
  });
});

describe('Traefik configuration with transforms (golden)', () => {
  const web = loadBalancer('web', '50dc6c495c0c9188');
  const http = listener(web, 'aaaaaaaaaaaaaa01', 80);
  const app = targetGroup('app', '11111111111111a1');
  const state = routingState({
    loadBalancers: [web],
    listeners: [http],
    targetGroups: [app],
    targets: [target(app, '10.0.1.10', 8080, 'healthy')],
    rules: [
      rule(http, 'r10', 10, [hostIs('mywebsite-example.com')], [forward(app)], [hostRewrite('^mywebsite-(.+).com$', 'internal.dev.$1.myweb.com')]),
      rule(http, 'r20', 20, [{ Field: 'path-pattern', Values: ['/api/v1/*'] }], [forward(app)], [urlRewrite('^/api/v1/', '/v2/'), hostRewrite('.*', 'backend.internal')]),
      // A URL rewrite writing a query cannot be expressed: forwarded unrewritten.
      rule(http, 'r30', 30, [{ Field: 'path-pattern', Values: ['/dp/*'] }], [forward(app)], [urlRewrite('^/dp/([A-Za-z0-9]+)/?$', '/product.php?id=$1')]),
      // Transforms never touch redirects and fixed responses.
      rule(http, 'r40', 40, [{ Field: 'path-pattern', Values: ['/go'] }], [{ Type: 'redirect', RedirectConfig: { Path: '/gone', StatusCode: 'HTTP_301' } }], [urlRewrite('^/go', '/went')]),
      rule(http, 'r50', 50, [{ Field: 'path-pattern', Values: ['/fixed'] }], [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } }], [hostRewrite('.*', 'x.internal')]),
      rule(http, 'default', 'default', [], [forward(app)]),
    ],
  });
  const rendered = serializeTraefikConfig(renderTraefikConfig(compileRouteTable(state), { actionsUrl: 'http://kecs-lb.kecs.svc:4566' }));

  it('matches golden/transforms.json', async () => {
    assert.equal(rendered, await readFile(new URL('golden/transforms.json', import.meta.url), 'utf8'));
  });

  it("decodes cleanly, has Traefik's shape, and its references resolve", () => {
    const config = JSON.parse(rendered) as TraefikConfig;
    assert.deepEqual(decodeDynamicConfiguration(config), { rejected: [], objects: [], loose: [] });
    assert.deepEqual(validateShape(config), []);
    assert.deepEqual(referenceErrors(config), []);
  });
});
