import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RuleCondition } from '@aws-sdk/client-elastic-load-balancing-v2';
import { compileConditions } from '../../../../gateway/traffic/dataplane/conditions.js';
import type { RequestFacts } from '../../../../gateway/traffic/dataplane/request-facts.js';

function facts(overrides: Partial<RequestFacts> = {}): RequestFacts {
  return { host: 'www.example.com', path: '/', rawQuery: '', method: 'GET', headers: {}, sourceIp: '127.0.0.1', ...overrides };
}

const matches = (conditions: RuleCondition[], request: Partial<RequestFacts>) => compileConditions(conditions)(facts(request));

describe('host-header', () => {
  const host = (...values: string[]): RuleCondition[] => [{ Field: 'host-header', HostHeaderConfig: { Values: values } }];

  it('compares case-insensitively (the request host arrives lower-cased, the value may not be)', () => {
    assert.equal(matches(host('WWW.Example.COM'), { host: 'www.example.com' }), true);
    assert.equal(matches(host('www.example.com'), { host: 'api.example.com' }), false);
  });

  it('`*` matches zero or more characters, `?` exactly one', () => {
    assert.equal(matches(host('*.example.com'), { host: 'a.b.example.com' }), true);
    assert.equal(matches(host('*.example.com'), { host: '.example.com' }), true);
    assert.equal(matches(host('*.example.com'), { host: 'example.com' }), false);
    assert.equal(matches(host('api?.example.com'), { host: 'api1.example.com' }), true);
    assert.equal(matches(host('api?.example.com'), { host: 'api.example.com' }), false);
    assert.equal(matches(host('api?.example.com'), { host: 'api12.example.com' }), false);
  });

  it('treats regex metacharacters in values literally', () => {
    assert.equal(matches(host('www.example.com'), { host: 'wwwxexample.com' }), false);
  });

  it('honours the legacy Values form and ORs values', () => {
    assert.equal(matches([{ Field: 'host-header', Values: ['a.example.com', 'b.example.com'] }], { host: 'b.example.com' }), true);
    assert.equal(matches([{ Field: 'host-header', Values: ['a.example.com'], HostHeaderConfig: { Values: ['c.example.com'] } }], { host: 'c.example.com' }), true);
  });

  it('supports RegexValues, case-insensitively', () => {
    assert.equal(matches([{ Field: 'host-header', HostHeaderConfig: { RegexValues: ['^api-[0-9]+\\.example\\.com$'] } }], { host: 'api-42.example.com' }), true);
  });
});

describe('path-pattern', () => {
  const path = (...values: string[]): RuleCondition[] => [{ Field: 'path-pattern', PathPatternConfig: { Values: values } }];

  it('is case-sensitive', () => {
    assert.equal(matches(path('/img/*'), { path: '/img/a.png' }), true);
    assert.equal(matches(path('/img/*'), { path: '/IMG/a.png' }), false);
  });

  it('matches the whole path with wildcards', () => {
    assert.equal(matches(path('/img/*/pics'), { path: '/img/2024/01/pics' }), true);
    assert.equal(matches(path('/img/*/pics'), { path: '/img/2024/pics/x' }), false);
    assert.equal(matches(path('/v?/users'), { path: '/v2/users' }), true);
    assert.equal(matches(path('/v?/users'), { path: '/v10/users' }), false);
    assert.equal(matches(path('/api'), { path: '/api/' }), false);
  });

  it('never sees the query string', () => {
    assert.equal(matches(path('/search'), { path: '/search', rawQuery: 'q=1' }), true);
    assert.equal(matches(path('*q=1*'), { path: '/search', rawQuery: 'q=1' }), false);
  });

  it('honours legacy Values', () => {
    assert.equal(matches([{ Field: 'path-pattern', Values: ['/a*'] }], { path: '/abc' }), true);
  });
});

describe('http-header', () => {
  const header = (name: string, ...values: string[]): RuleCondition[] => [{ Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: name, Values: values } }];

  it('compares names and values case-insensitively, with wildcards', () => {
    assert.equal(matches(header('User-Agent', '*MOBILE*'), { headers: { 'user-agent': ['Mozilla/5.0 (iPhone) Mobile Safari'] } }), true);
    assert.equal(matches(header('X-Env', 'prod'), { headers: { 'x-env': ['PROD'] } }), true);
    assert.equal(matches(header('X-Env', 'prod'), { headers: { 'x-env': ['production'] } }), false);
    assert.equal(matches(header('X-Env', 'prod'), { headers: {} }), false);
  });

  it('searches a repeated header line by line', () => {
    assert.equal(matches(header('X-Tag', 'b'), { headers: { 'x-tag': ['a', 'b'] } }), true);
  });
});

describe('http-request-method', () => {
  const method = (...values: string[]): RuleCondition[] => [{ Field: 'http-request-method', HttpRequestMethodConfig: { Values: values } }];

  it('matches exactly and case-sensitively', () => {
    assert.equal(matches(method('GET', 'HEAD'), { method: 'HEAD' }), true);
    assert.equal(matches(method('GET'), { method: 'get' }), false);
    assert.equal(matches(method('POST'), { method: 'GET' }), false);
  });
});

describe('source-ip', () => {
  const source = (...values: string[]): RuleCondition[] => [{ Field: 'source-ip', SourceIpConfig: { Values: values } }];

  it('matches IPv4 and IPv6 CIDRs', () => {
    assert.equal(matches(source('127.0.0.0/8'), { sourceIp: '127.0.0.1' }), true);
    assert.equal(matches(source('10.0.0.0/8'), { sourceIp: '127.0.0.1' }), false);
    assert.equal(matches(source('::1/128'), { sourceIp: '::1' }), true);
    assert.equal(matches(source('2001:db8::/32'), { sourceIp: '2001:db8:1::5' }), true);
    assert.equal(matches(source('2001:db8::/32'), { sourceIp: '127.0.0.1' }), false);
    assert.equal(matches(source('10.0.0.0/8', '127.0.0.1/32'), { sourceIp: '127.0.0.1' }), true);
  });
});

describe('combining conditions', () => {
  it('ANDs conditions; no conditions always match', () => {
    const rule: RuleCondition[] = [
      { Field: 'host-header', HostHeaderConfig: { Values: ['*.example.com'] } },
      { Field: 'path-pattern', PathPatternConfig: { Values: ['/api/*'] } },
    ];
    assert.equal(matches(rule, { host: 'a.example.com', path: '/api/x' }), true);
    assert.equal(matches(rule, { host: 'a.example.com', path: '/web/x' }), false);
    assert.equal(matches([], {}), true);
  });

  it('refuses to compile what it cannot honour', () => {
    assert.throws(() => compileConditions([{ Field: 'bogus' }]), /unknown condition field/);
    assert.throws(() => compileConditions([{ Field: 'source-ip', SourceIpConfig: { Values: ['not-an-ip/8'] } }]));
  });
});

describe('RegexValues run with RE2 semantics, as in Traefik', () => {
  const pathRegex = (regex: string): RuleCondition[] => [{ Field: 'path-pattern', PathPatternConfig: { RegexValues: [regex] } }];

  it('takes RE2 syntax JavaScript lacks, and searches unanchored like Go', () => {
    assert.equal(matches(pathRegex('^/(?P<version>v[0-9]+)/'), { path: '/v2/x' }), true);
    assert.equal(matches(pathRegex('[[:digit:]]{3}'), { path: '/a/123' }), true);
    assert.equal(matches(pathRegex('x\\z'), { path: '/x' }), true);
    assert.equal(matches(pathRegex('x\\z'), { path: '/x\n' }), false);
  });

  it('`.` does not match a newline unless the regex says (?s), and `$` is only the end of the input', () => {
    assert.equal(matches(pathRegex('^/a.b$'), { path: '/a\nb' }), false);
    assert.equal(matches(pathRegex('(?s)^/a.b$'), { path: '/a\nb' }), true);
    assert.equal(matches(pathRegex('^/a$'), { path: '/a\n' }), false);
  });

  it('refuses what Go refuses, though JavaScript would compile it', () => {
    for (const regex of ['(?=x)', '\\u00e9', '[^]', '(a)\\1']) assert.throws(() => compileConditions(pathRegex(regex)), /error parsing regexp/, regex);
  });
});
