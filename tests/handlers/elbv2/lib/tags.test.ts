import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import type { Database } from '../../../../gateway/database/tables.js';
import { checkNewTags, requireTaggable } from '../../../../handlers/elbv2/lib/tags.js';

const scope = { accountId: '000000000000', region: 'us-east-1' };
/** A database that fails the test if touched: the checks below must settle before any query. */
const untouchable = new Proxy({}, { get: () => assert.fail('the database was used') }) as Kysely<Database>;

describe('tag checks', () => {
  it('accepts the Tag type characters, Unicode letters included', () => {
    assert.doesNotThrow(() => checkNewTags([{ Key: 'Ünïcode 名前 _.:/=+-@', Value: '' }, { Key: 'b' }]));
  });

  it('rejects reserved prefixes in any case, duplicates and forbidden characters', () => {
    assert.throws(() => checkNewTags([{ Key: 'AWS:x' }]), { name: 'ValidationError' });
    assert.throws(() => checkNewTags([{ Key: 'a' }, { Key: 'a' }]), { name: 'DuplicateTagKeys' });
    assert.throws(() => checkNewTags([{ Key: 'ok' }, { Key: 'x', Value: 'semi;colon' }]), {
      name: 'ValidationError',
      message: /at 'tags\.2\.member\.value' failed to satisfy constraint/,
    });
  });

  it('checks every ARN for form before looking any up', async () => {
    const unknownButWellFormed = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/tg/0123456789abcdef';
    await assert.rejects(requireTaggable(untouchable, scope, [unknownButWellFormed, 'arn:aws:s3:::bucket']), { name: 'ValidationError' });
    await assert.rejects(requireTaggable(untouchable, scope, ['arn:aws:elasticloadbalancing:us-east-1:000000000000:listener/app/x/123']), {
      message: /is not a valid listener ARN/,
    });
  });
});
