import type { RemoveTagsInput, RemoveTagsOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import { type InputOf, list, string } from '../../gateway/api/schema.js';
import type { Context } from '../../gateway/api/service.js';
import { arnList } from './lib/schemas.js';
import { requireTaggable } from './lib/tags.js';

export const input = {
  ResourceArns: arnList(20, true),
  TagKeys: list(string({ min: 1, max: 128 }), { required: true }),
};

/** Removes tag keys from resources; a key the resource does not carry is no error. */
export async function handler(req: InputOf<typeof input, RemoveTagsInput>, ctx: Context): Promise<RemoveTagsOutput> {
  const arns = req.ResourceArns;
  const keys = req.TagKeys;
  await ctx.db.transaction().execute(async (trx) => {
    await requireTaggable(trx, ctx, arns, { forUpdate: true });
    if (keys.length > 0) await trx.deleteFrom('tags').where('resource_arn', 'in', arns).where('key', 'in', keys).execute();
  });
  return {};
}
