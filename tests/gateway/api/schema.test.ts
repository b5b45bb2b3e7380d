import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ServiceError } from '../../../gateway/api/errors.js';
import { boolean, integer, list, parseInput, string, structure } from '../../../gateway/api/schema.js';

const members = {
  Name: string({ required: true, min: 1, max: 5 }),
  Port: integer({ min: 1, max: 65535 }),
  Enabled: boolean(),
  Scheme: string({ enum: ['internal', 'internet-facing'] }),
  Tags: list(structure({ Key: string({ required: true }) }), { max: 2 }),
};

function messageOf(raw: Record<string, unknown>): string {
  try {
    parseInput(members, raw);
  } catch (error) {
    assert.ok(error instanceof ServiceError);
    assert.equal(error.code, 'ValidationError');
    return error.message;
  }
  assert.fail('expected a ValidationError');
}

describe('input schemas', () => {
  it('coerces query-protocol strings to typed values', () => {
    assert.deepEqual(parseInput(members, { Name: 'web', Port: '80', Enabled: 'true', Tags: [{ Key: 'k' }] }),
      { Name: 'web', Port: 80, Enabled: true, Tags: [{ Key: 'k' }] });
  });

  it('words violations like AWS, with lowerCamel member paths', () => {
    assert.equal(messageOf({}), "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null");
    assert.equal(messageOf({ Name: 'toolong', Port: '0' }),
      "2 validation errors detected: Value 'toolong' at 'name' failed to satisfy constraint: Member must have length less than or equal to 5; "
      + "Value '0' at 'port' failed to satisfy constraint: Member must have value greater than or equal to 1");
    assert.match(messageOf({ Name: 'a', Tags: [{}] }), /Value null at 'tags\.1\.member\.key'/);
    assert.match(messageOf({ Name: 'a', Scheme: 'public' }), /enum value set: \[internal, internet-facing\]/);
    assert.match(messageOf({ Name: 'a', Port: 'eighty' }), /Member must be an integer/);
    assert.match(messageOf({ Name: 'a', Port: '99999999999999999999' }), /Member must be an integer/);
    assert.match(messageOf({ Name: 'a', Enabled: 'yes' }), /Member must be a boolean/);
    assert.match(messageOf({ Name: 'a\u0001' }), /control characters/);
    assert.match(messageOf({ Name: 'a', Tags: [{ Key: 'a' }, { Key: 'b' }, { Key: 'c' }] }), /length less than or equal to 2/);
    assert.match(messageOf({ Name: 'a', Tags: 'x' }), /Member must be a list/);
  });

  it('reports a hole in a list numbering', () => {
    const tags: unknown[] = [];
    tags[1] = { Key: 'b' };
    assert.match(messageOf({ Name: 'a', Tags: tags }), /Value null at 'tags\.1\.member'/);
  });

  it('takes an empty query value as an empty list', () => {
    assert.deepEqual(parseInput(members, { Name: 'a', Tags: '' }), { Name: 'a', Tags: [] });
  });
});
