import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RuleCondition } from '@aws-sdk/client-elastic-load-balancing-v2';
import { compileConditions } from '../../../../gateway/traffic/dataplane/conditions.js';
import { parseQuery } from '../../../../gateway/traffic/dataplane/query-string.js';
import type { RequestFacts } from '../../../../gateway/traffic/dataplane/request-facts.js';

const matches = (conditions: RuleCondition[], rawQuery: string) =>
  compileConditions(conditions)({ host: 'www.example.com', path: '/', rawQuery, method: 'GET', headers: {}, sourceIp: '127.0.0.1' } satisfies RequestFacts);

describe('query string parsing', () => {
  it('splits pairs, percent-decodes, keeps bare keys and `+`', () => {
    assert.deepEqual(parseQuery('a=1&b&c=x%20y&&d=1+2&e=%zz'), [
      { key: 'a', value: '1' },
      { key: 'b', value: '' },
      { key: 'c', value: 'x y' },
      { key: 'd', value: '1+2' },
      { key: 'e', value: '%zz' },
    ]);
    assert.deepEqual(parseQuery(''), []);
  });
});

describe('query-string', () => {
  const query = (...values: Array<{ Key?: string; Value: string }>): RuleCondition[] => [{ Field: 'query-string', QueryStringConfig: { Values: values } }];

  it('matches key and value case-insensitively', () => {
    assert.equal(matches(query({ Key: 'Version', Value: 'V2' }), 'version=v2'), true);
    assert.equal(matches(query({ Key: 'version', Value: 'v2' }), 'version=v3'), false);
  });

  it('without a key, matches any parameter value', () => {
    assert.equal(matches(query({ Value: 'blue' }), 'a=1&colour=blue'), true);
    assert.equal(matches(query({ Value: 'blue' }), 'blue=1'), false);
  });

  it('supports wildcards and \\* / \\? escapes for literal characters', () => {
    assert.equal(matches(query({ Key: 'q', Value: 'a*' }), 'q=abc'), true);
    assert.equal(matches(query({ Key: 'q', Value: 'a\\*' }), 'q=abc'), false);
    assert.equal(matches(query({ Key: 'q', Value: 'a\\*' }), 'q=a*'), true);
    assert.equal(matches(query({ Key: 'q', Value: 'wh\\?' }), 'q=why'), false);
    assert.equal(matches(query({ Key: 'q', Value: 'wh\\?' }), 'q=wh%3F'), true);
    assert.equal(matches(query({ Key: 'q?', Value: '*' }), 'qs=1'), true);
  });

  it('percent-decodes keys and values; `+` stays a plus; a malformed escape is kept', () => {
    assert.equal(matches(query({ Key: 'name', Value: 'a b' }), 'name=a%20b'), true);
    assert.equal(matches(query({ Key: 'my key', Value: '1' }), 'my%20key=1'), true);
    assert.equal(matches(query({ Key: 'name', Value: 'a b' }), 'name=a+b'), false);
    assert.equal(matches(query({ Key: 'p', Value: '%zz' }), 'p=%zz'), true);
  });

  it('ORs pairs and finds repeated keys', () => {
    assert.equal(matches(query({ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }), 'b=2'), true);
    assert.equal(matches(query({ Key: 'a', Value: '2' }), 'a=1&a=2'), true);
    assert.equal(matches(query({ Key: 'a', Value: '1' }), ''), false);
  });
});
