import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groupMatcher, matches } from '../../../handlers/scheduled/lib/matcher.js';

// How a health check reads a stored Matcher (the syntax checks themselves are in
// tests/handlers/elbv2/lib/matcher.test.ts, where target groups are written).
describe('health-check matcher', () => {
  const http: Array<[string, number, boolean]> = [
    ['200', 200, true], ['200', 201, false], ['200', 500, false],
    ['200,202', 202, true], ['200,202', 201, false],
    ['200-299', 200, true], ['200-299', 299, true], ['200-299', 300, false], ['200-299', 199, false],
    ['200,300-399', 302, true], ['200,300-399', 404, false], ['200, 404 ,500-599', 404, true], ['200, 404 ,500-599', 503, true],
  ];
  for (const [HttpCode, code, expected] of http) {
    it(`HttpCode '${HttpCode}' ${expected ? 'accepts' : 'rejects'} ${code}`, () => {
      const matcher = groupMatcher({ HttpCode }, 'HTTP1');
      assert.equal(matcher.kind, 'http');
      assert.equal(matches(matcher.codes, code), expected);
    });
  }

  const grpc: Array<[string, number, boolean]> = [['12', 12, true], ['12', 0, false], ['0,1', 1, true], ['0-5,12', 4, true], ['0-5,12', 6, false]];
  for (const [GrpcCode, code, expected] of grpc) {
    it(`GrpcCode '${GrpcCode}' ${expected ? 'accepts' : 'rejects'} ${code}`, () => {
      const matcher = groupMatcher({ GrpcCode }, 'GRPC');
      assert.equal(matcher.kind, 'grpc');
      assert.equal(matches(matcher.codes, code), expected);
    });
  }

  const defaults: Array<[Parameters<typeof groupMatcher>[0], string | null, string, number[]]> = [
    [null, 'HTTP1', 'http', [200]],
    [{}, null, 'http', [200]],
    [{ HttpCode: '200-399' }, 'HTTP2', 'http', [200, 399]],
    [{}, 'GRPC', 'grpc', [12]],
  ];
  for (const [stored, version, kind, accepted] of defaults) {
    it(`defaults for ${JSON.stringify(stored)} with ${version}`, () => {
      const matcher = groupMatcher(stored, version);
      assert.equal(matcher.kind, kind);
      for (const code of accepted) assert.ok(matches(matcher.codes, code), String(code));
    });
  }

  it('throws on a stored matcher it cannot read, failing that check only', () => {
    for (const HttpCode of ['', 'abc', '200,', '299-200']) assert.throws(() => groupMatcher({ HttpCode }, null), HttpCode);
  });
});
