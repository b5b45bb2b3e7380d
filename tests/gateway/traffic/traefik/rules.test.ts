import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RuleCondition } from '@aws-sdk/client-elastic-load-balancing-v2';
import { wildcardSource } from '../../../../gateway/traffic/route-table/condition-patterns.js';
import { compileRe2 } from '../../../../gateway/traffic/route-table/re2.js';
import { conditionMatchers, conditionParts, literal } from '../../../../gateway/traffic/traefik/rules.js';
import { checkRule } from './rule-syntax.js';

describe('wildcardSource', () => {
  // [pattern, query-string escapes?, regex, strings it must match, strings it must not]
  const cases: Array<[string, boolean, string, string[], string[]]> = [
    ['*.example.com', false, '^.*\\.example\\.com$', ['a.example.com', 'a.b.example.com', '.example.com'], ['example.com', 'aexample.com']],
    ['api?.example.com', false, '^api.\\.example\\.com$', ['api1.example.com'], ['api.example.com', 'api12.example.com']],
    ['/api/*', false, '^/api/.*$', ['/api/', '/api/v1/x'], ['/api', '/apix']],
    ['/a+b(c)[d]{e}^$|\\', false, '^/a\\+b\\(c\\)\\[d\\]\\{e\\}\\^\\$\\|\\\\$', ['/a+b(c)[d]{e}^$|\\'], ['/aab(c)[d]{e}^$|\\']],
    ['a\\*b', true, '^a\\*b$', ['a*b'], ['axb', 'a\\xb']],
    ['a\\?b*', true, '^a\\?b.*$', ['a?b', 'a?bcd'], ['axb']],
    ['a\\*b', false, '^a\\\\.*b$', ['a\\xyzb'], ['a*b']],
  ];
  for (const [pattern, escapes, regex, matching, other] of cases) {
    it(`${pattern}${escapes ? ' (escapes)' : ''}`, () => {
      assert.equal(wildcardSource(pattern, escapes), regex);
      const re2 = compileRe2(`(?s)${regex}`);
      for (const text of matching) assert.ok(re2.test(text), text);
      for (const text of other) assert.ok(!re2.test(text), text);
    });
  }
});

describe('literal', () => {
  it('uses backticks unless the text has one', () => {
    assert.equal(literal('a"b\\c'), '`a"b\\c`');
    assert.equal(literal('a`b"c\\'), '"a`b\\"c\\\\"');
  });
});

describe('conditionMatchers', () => {
  // [case, condition, matchers]
  const cases: Array<[string, RuleCondition, string[]]> = [
    ['host-header, legacy Values', { Field: 'host-header', Values: ['*.Example.com'] }, ['HostRegexp(`(?is)^.*\\.Example\\.com$`)']],
    ['host-header, config form wins', { Field: 'host-header', Values: ['x.com'], HostHeaderConfig: { Values: ['a.com', 'b?.com'] } },
      ['HostRegexp(`(?is)^a\\.com$`)', 'HostRegexp(`(?is)^b.\\.com$`)']],
    ['host-header regex values', { Field: 'host-header', HostHeaderConfig: { RegexValues: ['^(www|api)\\.example\\.com$'] } }, ['HostRegexp(`(?i)^(www|api)\\.example\\.com$`)']],
    ['host-header regex values with non-ASCII text: left out, Traefik would drop the router', { Field: 'host-header', HostHeaderConfig: { RegexValues: ['^café\\.test$', '^caf\\x{e9}\\.test$'] } },
      ['HostRegexp(`(?i)^caf\\x{e9}\\.test$`)']],
    ['path-pattern regex values as written', { Field: 'path-pattern', PathPatternConfig: { RegexValues: ['^/api/v[0-9]+/.*'] } }, ['PathRegexp(`^/api/v[0-9]+/.*`)']],
    ['http-header regex values as written', { Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'User-Agent', RegexValues: ['Mobile|Android'] } },
      ['HeaderRegexp(`User-Agent`, `Mobile|Android`)']],
    ['path-pattern is case-sensitive', { Field: 'path-pattern', PathPatternConfig: { Values: ['/API/*'] } }, ['PathRegexp(`(?s)^/API/.*$`)']],
    ['path-pattern with a backtick', { Field: 'path-pattern', Values: ['/a`b'] }, ['PathRegexp("(?s)^/a`b$")']],
    ['http-header', { Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X-Env', Values: ['prod*', 'stag?'] } },
      ['HeaderRegexp(`X-Env`, `(?is)^prod.*$`)', 'HeaderRegexp(`X-Env`, `(?is)^stag.$`)']],
    ['http-header without a name', { Field: 'http-header', HttpHeaderConfig: { Values: ['x'] } }, []],
    ['http-request-method', { Field: 'http-request-method', HttpRequestMethodConfig: { Values: ['GET', 'CUSTOM_METHOD'] } }, ['Method(`GET`)', 'Method(`CUSTOM_METHOD`)']],
    ['query-string with keys', { Field: 'query-string', QueryStringConfig: { Values: [{ Key: 'version', Value: 'v?' }, { Key: 'a\\*b', Value: '\\*' }] } },
      ['QueryRegexp(`version`, `(?is)^v.$`)', 'QueryRegexp(`a*b`, `(?is)^\\*$`)']],
    ['query-string without a key or with a wildcard key: not expressible', { Field: 'query-string', QueryStringConfig: { Values: [{ Value: 'x' }, { Key: 'k*', Value: 'y' }, { Key: 'ok', Value: 'z' }] } },
      ['QueryRegexp(`ok`, `(?is)^z$`)']],
    ['source-ip', { Field: 'source-ip', SourceIpConfig: { Values: ['10.0.0.0/8', '2001:db8::/32'] } }, ['ClientIP(`10.0.0.0/8`)', 'ClientIP(`2001:db8::/32`)']],
    ['an unknown field', { Field: 'cookie', Values: ['x'] }, []],
  ];
  for (const [name, condition, expected] of cases) {
    it(name, () => {
      const matchers = conditionMatchers(condition);
      assert.deepEqual(matchers, expected);
      for (const matcher of matchers) checkRule(matcher);
    });
  }
});

describe('conditionParts', () => {
  it('ORs the values of a condition and leaves the AND to the caller', () => {
    const parts = conditionParts([
      { Field: 'path-pattern', Values: ['/a', '/b'] },
      { Field: 'http-request-method', HttpRequestMethodConfig: { Values: ['POST'] } },
    ]);
    assert.deepEqual(parts, ['(PathRegexp(`(?s)^/a$`) || PathRegexp(`(?s)^/b$`))', 'Method(`POST`)']);
    checkRule(parts!.join(' && '));
  });

  it('is undefined when one condition cannot be expressed at all', () => {
    assert.equal(conditionParts([{ Field: 'path-pattern', Values: ['/a'] }, { Field: 'query-string', QueryStringConfig: { Values: [{ Value: 'x' }] } }]), undefined);
  });

  it('is empty for no conditions', () => {
    assert.deepEqual(conditionParts([]), []);
  });
});
