import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALB_HTTP_CODES, checkMatcher, GRPC_CODES, NLB_HTTP_CODES, parseCodes } from '../../../../handlers/elbv2/lib/matcher.js';

describe('health-check matcher', () => {
  it('parses codes, lists, ranges and mixes', () => {
    assert.deepEqual(parseCodes('200'), [[200, 200]]);
    assert.deepEqual(parseCodes('200,202'), [[200, 200], [202, 202]]);
    assert.deepEqual(parseCodes('200-299'), [[200, 299]]);
    assert.deepEqual(parseCodes('200-299,404'), [[200, 299], [404, 404]]);
  });

  it('refuses malformed syntax', () => {
    for (const text of ['', 'ok', '200,', '-200', '299-200', '200-', '2000', '200--299', '200;202']) {
      assert.equal(parseCodes(text), undefined, text);
    }
  });

  it('keeps codes within the range of the target group kind', () => {
    assert.deepEqual(checkMatcher({ HttpCode: '200-499' }, ALB_HTTP_CODES), { HttpCode: '200-499' });
    assert.throws(() => checkMatcher({ HttpCode: '200-500' }, ALB_HTTP_CODES), { code: 'ValidationError' });
    assert.throws(() => checkMatcher({ HttpCode: '199' }, ALB_HTTP_CODES), { code: 'ValidationError' });
    assert.deepEqual(checkMatcher({ HttpCode: '200-599' }, NLB_HTTP_CODES), { HttpCode: '200-599' });
    assert.deepEqual(checkMatcher({ GrpcCode: '0-99' }, GRPC_CODES), { GrpcCode: '0-99' });
    assert.throws(() => checkMatcher({ GrpcCode: '100' }, GRPC_CODES), { code: 'ValidationError' });
  });

  it('wants exactly the member the protocol version uses', () => {
    assert.throws(() => checkMatcher({ GrpcCode: '12' }, ALB_HTTP_CODES), /only be used with the GRPC protocol version/);
    assert.throws(() => checkMatcher({ HttpCode: '200' }, GRPC_CODES), /requires a gRPC code matcher/);
    assert.throws(() => checkMatcher({}, ALB_HTTP_CODES), /must specify HttpCode/);
  });
});
