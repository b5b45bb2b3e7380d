import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RuleCondition } from '@aws-sdk/client-elastic-load-balancing-v2';
import { normalizeConditions } from '../../../../handlers/elbv2/lib/conditions.js';

function rejects(conditions: RuleCondition[], message: RegExp): void {
  assert.throws(() => normalizeConditions(conditions), { code: 'ValidationError', message });
}

describe('normalizeConditions', () => {
  it('describes host-header and path-pattern with both Values and their Config, whichever form came in', () => {
    const host = { Field: 'host-header', Values: ['*.example.com'], HostHeaderConfig: { Values: ['*.example.com'] } };
    assert.deepEqual(normalizeConditions([{ Field: 'host-header', Values: ['*.example.com'] }]), [host]);
    assert.deepEqual(normalizeConditions([{ Field: 'host-header', HostHeaderConfig: { Values: ['*.example.com'] } }]), [host]);
    assert.deepEqual(normalizeConditions([host]), [host]);
    assert.deepEqual(normalizeConditions([{ Field: 'path-pattern', PathPatternConfig: { Values: ['/a/*', '/b'] } }]),
      [{ Field: 'path-pattern', Values: ['/a/*', '/b'], PathPatternConfig: { Values: ['/a/*', '/b'] } }]);
  });

  it('describes the other fields with their Config only', () => {
    const conditions: RuleCondition[] = [
      { Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X-Env', Values: ['prod'] } },
      { Field: 'http-request-method', HttpRequestMethodConfig: { Values: ['GET'] } },
      { Field: 'query-string', QueryStringConfig: { Values: [{ Key: 'v', Value: '2' }, { Value: 'x' }] } },
      { Field: 'source-ip', SourceIpConfig: { Values: ['10.0.0.0/8'] } },
    ];
    assert.deepEqual(normalizeConditions(conditions), conditions);
  });

  it('passes RegexValues through in the same two forms', () => {
    assert.deepEqual(normalizeConditions([{ Field: 'path-pattern', PathPatternConfig: { RegexValues: ['^/api/v[0-9]+$'] } }]),
      [{ Field: 'path-pattern', RegexValues: ['^/api/v[0-9]+$'], PathPatternConfig: { RegexValues: ['^/api/v[0-9]+$'] } }]);
    rejects([{ Field: 'path-pattern', PathPatternConfig: { RegexValues: ['(?=x)'] } }], /regular expression/);
    rejects([{ Field: 'path-pattern', PathPatternConfig: { Values: ['/a'], RegexValues: ['/b'] } }], /Values or RegexValues, not both/);
  });

  it('accepts exactly the regexes RE2 (Go regexp, as Traefik compiles them) accepts, whatever JavaScript would say', () => {
    // JavaScript's RegExp compiles all of these; Go's regexp refuses them, so Traefik would drop the router.
    for (const regex of ['\\u00e9', '[^]', '\\q', '\\cA', '\\e', '(?<n>a)\\k<n>', '(?=x)', '(?<!x)y', '(a)\\1', 'a{1001}']) {
      for (const field of ['host-header', 'path-pattern'] as const) {
        const config = field === 'host-header' ? 'HostHeaderConfig' : 'PathPatternConfig';
        rejects([{ Field: field, [config]: { RegexValues: [regex] } }], new RegExp(`^The '${field}' regular expression .* is not valid$`));
      }
      rejects([{ Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X-A', RegexValues: [regex] } }], /^The 'http-header' regular expression .* is not valid$/);
    }
    // RE2 syntax JavaScript lacks or reads differently is accepted.
    for (const regex of ['(?P<v>[0-9]+)', '\\pL+', '[[:alpha:]]+', '\\Qa.b\\E', '(?i)abc', 'x\\z']) {
      assert.equal(normalizeConditions([{ Field: 'path-pattern', PathPatternConfig: { RegexValues: [regex] } }]).length, 1, regex);
    }
  });

  it('refuses forms that do not belong to the field', () => {
    rejects([{ Field: 'http-request-method', Values: ['GET'] }], /The 'Values' field is not compatible with 'http-request-method'/);
    rejects([{ Field: 'source-ip', HostHeaderConfig: { Values: ['a.b'] } }], /'HostHeaderConfig' field is not compatible with 'source-ip'/);
    rejects([{ Field: 'query-string' }], /A 'QueryStringConfig' must be specified with 'query-string'/);
    rejects([{ Field: 'cookie', Values: ['x'] }], /must be one of/);
    rejects([{ Field: 'host-header', Values: ['a.example.com'], HostHeaderConfig: { Values: ['b.example.com'] } }], /must be the same/);
    rejects([{ Field: 'host-header', Values: ['a.example.com', 'b.example.com'] }], /too many values; the limit is '1'/);
  });

  it('checks values per field', () => {
    rejects([{ Field: 'host-header', HostHeaderConfig: { Values: [] } }], /A condition value must be specified/);
    rejects([{ Field: 'host-header', HostHeaderConfig: { Values: [`${'a'.repeat(128)}.com`] } }], /too long; the limit is '128'/);
    rejects([{ Field: 'host-header', HostHeaderConfig: { Values: ['localhost'] } }], /not valid/);
    rejects([{ Field: 'path-pattern', PathPatternConfig: { Values: ['/a b'] } }], /not valid/);
    rejects([{ Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X'.repeat(41), Values: ['a'] } }], /'HttpHeaderName' value is too long; the limit is '40'/);
    rejects([{ Field: 'http-request-method', HttpRequestMethodConfig: { Values: ['get'] } }], /allowed characters are A-Z, hyphen and underscore/);
    rejects([{ Field: 'query-string', QueryStringConfig: { Values: [{ Key: 'k' }] } }], /A 'Value' must be specified/);
    rejects([{ Field: 'source-ip', SourceIpConfig: { Values: ['10.0.0.1'] } }], /not a valid CIDR block/);
    rejects([{ Field: 'source-ip', SourceIpConfig: { Values: ['::1/129'] } }], /not a valid CIDR block/);
    rejects([{ Field: 'source-ip', SourceIpConfig: { Values: [] } }], /A 'source-ip' value must be specified/);
  });

  it('enforces one of each single-use field and the per-rule quotas', () => {
    rejects([{ Field: 'path-pattern', Values: ['/a'] }, { Field: 'path-pattern', Values: ['/b'] }], /only have one 'path-pattern' condition/);
    const headers = (n: number, value: string) => Array.from({ length: n }, () => ({ Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X-A', Values: [value] } }));
    assert.equal(normalizeConditions(headers(5, 'v')).length, 5);
    rejects(headers(6, 'v'), /A rule can only have '5' condition values/);
    rejects([{ Field: 'path-pattern', PathPatternConfig: { Values: ['/*/*/*'] } }, { Field: 'host-header', Values: ['*.*.*.example.com'] }], /'5' wildcards/);
    // Escaped wildcards in query strings are literal characters, not wildcards.
    assert.equal(normalizeConditions([{ Field: 'query-string', QueryStringConfig: { Values: [{ Value: '\\*\\*\\*\\*\\*\\*' }] } }]).length, 1);
    rejects([], /at least one condition/);
  });
});
