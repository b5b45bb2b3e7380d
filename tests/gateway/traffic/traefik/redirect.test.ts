import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RedirectActionConfig } from '@aws-sdk/client-elastic-load-balancing-v2';
import { redirectMiddlewares } from '../../../../gateway/traffic/traefik/redirect.js';
import type { HttpMiddleware } from '../../../../gateway/traffic/traefik/types.js';

/** Go's regexp.Expand for the template forms Traefik users write: `$$` and `${n}`. */
function expand(template: string, groups: string[]): string {
  return template.replace(/\$\$|\$\{(\d+)\}/g, (_token, n: string | undefined) => (n === undefined ? '$' : groups[Number(n)] ?? ''));
}

/**
 * What a chain of redirectRegex middlewares answers for a request (Traefik redirect_regex.go):
 * the first whose regex matches `scheme://host/request-uri` redirects; none matching passes on.
 */
function location(chain: HttpMiddleware[], rawUrl: string): string | undefined {
  for (const middleware of chain) {
    assert.ok('redirectRegex' in middleware);
    const match = new RegExp(middleware.redirectRegex.regex).exec(rawUrl);
    if (match) return expand(middleware.redirectRegex.replacement, [...match].map((g) => g ?? ''));
  }
  return undefined;
}

const http80 = { protocol: 'HTTP', port: 80 };

describe('redirectMiddlewares', () => {
  // [case, config, request URL as Traefik sees it, expected Location]
  const cases: Array<[string, RedirectActionConfig, string, string]> = [
    ['to HTTPS keeping the rest, with a query', { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' }, 'http://example.com/a/b?x=1&y=2', 'https://example.com:443/a/b?x=1&y=2'],
    ['to HTTPS keeping the rest, no query: no dangling ?', { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' }, 'http://example.com:80/a', 'https://example.com:443/a'],
    ['a bare ? counts as no query', { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' }, 'http://example.com/a?', 'https://example.com:443/a'],
    ['#{protocol} and #{port} are the listener\'s', { Host: 'new.example.com', StatusCode: 'HTTP_302' }, 'http://old.example.com/p', 'http://new.example.com:80/p'],
    ['path template with #{host} and #{path}', { Path: '/#{host}/x/#{path}', Port: '8080', StatusCode: 'HTTP_302' }, 'http://h.example.com/a/b', 'http://h.example.com:8080/h.example.com/x/a/b'],
    ['a literal query replaces the original', { Path: '/new', Query: 'v=2', StatusCode: 'HTTP_302' }, 'http://h.com/old?v=1', 'http://h.com:80/new?v=2'],
    ['a literal $ stays literal', { Path: '/price$1', Query: 'a=$$', StatusCode: 'HTTP_302' }, 'http://h.com/x', 'http://h.com:80/price$1?a=$$'],
    ['query template mixing text and #{query}', { Path: '/n', Query: 'src=old&#{query}', StatusCode: 'HTTP_302' }, 'http://h.com/o?q=1', 'http://h.com:80/n?src=old&q=1'],
    ['IPv6 host', { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' }, 'http://[::1]:80/a?b', 'https://[::1]:443/a?b'],
    ['root path', { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' }, 'http://h.com/', 'https://h.com:443/'],
  ];
  for (const [name, config, rawUrl, expected] of cases) {
    it(name, () => {
      assert.equal(location(redirectMiddlewares(config, http80), rawUrl), expected);
    });
  }

  it('uses one middleware when no component keeps the query', () => {
    assert.equal(redirectMiddlewares({ Path: '/x', Query: 'a=1', StatusCode: 'HTTP_302' }, http80).length, 1);
    assert.equal(redirectMiddlewares({ Path: '/x', StatusCode: 'HTTP_302' }, http80).length, 2);
  });

  it('is permanent for HTTP_301 only', () => {
    const permanent = (code: 'HTTP_301' | 'HTTP_302') => redirectMiddlewares({ Path: '/x', Query: '', StatusCode: code }, http80)
      .map((m) => 'redirectRegex' in m && m.redirectRegex.permanent);
    assert.deepEqual(permanent('HTTP_301'), [true]);
    assert.deepEqual(permanent('HTTP_302'), [false]);
  });

  it('takes #{protocol} from an HTTPS listener', () => {
    assert.equal(location(redirectMiddlewares({ Port: '8443', StatusCode: 'HTTP_302' }, { protocol: 'HTTPS', port: 443 }), 'https://h.com/a'), 'https://h.com:8443/a');
  });
});
