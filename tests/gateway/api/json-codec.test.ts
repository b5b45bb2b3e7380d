import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ServiceError } from '../../../gateway/api/errors.js';
import { decodeJson, encodeJsonError, encodeJsonResult } from '../../../gateway/api/protocols/json.js';

describe('JSON 1.1 protocol (exact bytes)', () => {
  it('decodes an object body and an empty body', () => {
    assert.deepEqual(decodeJson('{"cluster":"a","count":2}'), { cluster: 'a', count: 2 });
    assert.deepEqual(decodeJson(''), {});
  });

  for (const body of ['{', '[1]', '"text"', 'null']) {
    it(`rejects ${body} with SerializationException`, () => {
      assert.throws(() => decodeJson(body), (e: unknown) => e instanceof ServiceError && e.code === 'SerializationException');
    });
  }

  it('encodes timestamps as epoch seconds', () => {
    assert.equal(encodeJsonResult({ a: { at: new Date('2026-01-01T00:00:01.500Z') }, n: [1] }), '{"a":{"at":1767225601.5},"n":[1]}');
  });

  it('encodes errors with __type and message', () => {
    assert.equal(encodeJsonError(new ServiceError('ClusterNotFoundException', 'Cluster not found.')), '{"__type":"ClusterNotFoundException","message":"Cluster not found."}');
  });
});
