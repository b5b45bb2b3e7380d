import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ServiceError } from '../../../gateway/api/errors.js';
import { boolean, integer, list, parseInput, string, structure, type InputOf, type Schema } from '../../../gateway/api/schema.js';

const members = {
  Name: string({ required: true, min: 1, max: 5 }),
  Port: integer({ min: 1, max: 65535 }),
  Enabled: boolean(),
  Scheme: string({ enum: ['internal', 'internet-facing'] }),
  Tags: list(structure({ Key: string({ required: true }) }), { max: 2 }),
};

// Compile-time checks of the typed contract: `npm test` typechecks first, and the typecheck
// fails if a line marked with an expected error compiles.
interface SdkLike {
  Name: string | undefined;
  Port?: number;
  Enabled?: boolean;
  Scheme?: 'internal' | 'internet-facing';
  Tags?: Array<{ Key: string | undefined; Value?: string }>;
}
export type Conforms = InputOf<typeof members, SdkLike>;
// @ts-expect-error a member the SDK's input lacks
export type Misspelt = InputOf<{ Nmae: Schema<string> }, SdkLike>;
// @ts-expect-error a nested member the SDK's input lacks
export type NestedMisspelt = InputOf<{ Tags: Schema<Array<{ Key: string; Vaule: string }>> }, SdkLike>;
// @ts-expect-error an enum value the SDK's input does not have
export type ForeignEnum = InputOf<{ Scheme: Schema<'public'> }, SdkLike>;
// @ts-expect-error a required member cannot be left out
export const missing: Conforms = { Port: 80 };

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
  it('types required members as present and enums as their values', () => {
    const input: Conforms = parseInput(members, { Name: 'web', Scheme: 'internal' });
    // `input.Name.length` compiles only because Name is required: no `!`.
    assert.equal(input.Name.length, 3);
    const scheme: 'internal' | 'internet-facing' | undefined = input.Scheme;
    assert.equal(scheme, 'internal');
  });

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
