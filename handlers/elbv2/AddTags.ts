import type { AddTagsInput, AddTagsOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { InputOf } from '../../gateway/api/schema.js';
import type { Context } from '../../gateway/api/service.js';
import { arnList, tagList } from './lib/schemas.js';
import { checkNewTags, requireTaggable, writeTags } from './lib/tags.js';

export const input = {
  ResourceArns: arnList(20, true),
  Tags: tagList(true),
};

/**
 * Adds or overwrites tags on load balancers, target groups, listeners and rules. All or
 * nothing: one unknown resource or one resource over the 50-tag quota fails the whole call.
 */
export async function handler(req: InputOf<typeof input, AddTagsInput>, ctx: Context): Promise<AddTagsOutput> {
  const tags = req.Tags;
  checkNewTags(tags);
  await ctx.db.transaction().execute(async (trx) => {
    // The row locks serialise concurrent AddTags on one resource, so the quota count is exact.
    await requireTaggable(trx, ctx, req.ResourceArns, { forUpdate: true });
    for (const resourceArn of req.ResourceArns) await writeTags(trx, resourceArn, tags);
  });
  return {};
}
