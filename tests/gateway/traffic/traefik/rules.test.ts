import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RuleCondition } from '@aws-sdk/client-elastic-load-balancing-v2';
import { conditionMatchers, conditionParts, literal, wildcardRegex } from '../../../../gateway/traffic/traefik/rules.js';
import { checkRule } from './rule-syntax.js';

describe('wildcardRegex', () => {
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
      assert.equal(wildcardRegex(pattern, escapes), regex);
      for (const text of matching) assert.match(text, new RegExp(regex), text);
      for (const text of other) assert.doesNotMatch(text, new RegExp(regex), text);
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
    ['host-header, legacy Values', { Field: 'host-header', Values: ['*.Example.com'] }, ['HostRegexp(`(?i)^.*\\.Example\\.com$`)']],
    ['host-header, config form wins', { Field: 'host-header', Values: ['x.com'], HostHeaderConfig: { Values: ['a.com', 'b?.com'] } },
      ['HostRegexp(`(?i)^a\\.com$`)', 'HostRegexp(`(?i)^b.\\.com$`)']],
    ['host-header regex values', { Field: 'host-header', HostHeaderConfig: { RegexValues: ['^(www|api)\\.example\\.com$'] } }, ['HostRegexp(`(?i)^(www|api)\\.example\\.com$`)']],
    ['path-pattern is case-sensitive', { Field: 'path-pattern', PathPatternConfig: { Values: ['/API/*'] } }, ['PathRegexp(`^/API/.*$`)']],
    ['path-pattern with a backtick', { Field: 'path-pattern', Values: ['/a`b'] }, ['PathRegexp("^/a`b$")']],
    ['http-header', { Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X-Env', Values: ['prod*', 'stag?'] } },
      ['HeaderRegexp(`X-Env`, `(?i)^prod.*$`)', 'HeaderRegexp(`X-Env`, `(?i)^stag.$`)']],
    ['http-header without a name', { Field: 'http-header', HttpHeaderConfig: { Values: ['x'] } }, []],
    ['http-request-method', { Field: 'http-request-method', HttpRequestMethodConfig: { Values: ['GET', 'CUSTOM_METHOD'] } }, ['Method(`GET`)', 'Method(`CUSTOM_METHOD`)']],
    ['query-string with keys', { Field: 'query-string', QueryStringConfig: { Values: [{ Key: 'version', Value: 'v?' }, { Key: 'a\\*b', Value: '\\*' }] } },
      ['QueryRegexp(`version`, `(?i)^v.$`)', 'QueryRegexp(`a*b`, `(?i)^\\*$`)']],
    ['query-string without a key or with a wildcard key: not expressible', { Field: 'query-string', QueryStringConfig: { Values: [{ Value: 'x' }, { Key: 'k*', Value: 'y' }, { Key: 'ok', Value: 'z' }] } },
      ['QueryRegexp(`ok`, `(?i)^z$`)']],
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
    assert.deepEqual(parts, ['(PathRegexp(`^/a$`) || PathRegexp(`^/b$`))', 'Method(`POST`)']);
    checkRule(parts!.join(' && '));
  });

  it('is undefined when one condition cannot be expressed at all', () => {
    assert.equal(conditionParts([{ Field: 'path-pattern', Values: ['/a'] }, { Field: 'query-string', QueryStringConfig: { Values: [{ Value: 'x' }] } }]), undefined);
  });

  it('is empty for no conditions', () => {
    assert.deepEqual(conditionParts([]), []);
  });
});
