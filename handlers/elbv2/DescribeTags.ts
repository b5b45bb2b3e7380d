import type { DescribeTagsInput, DescribeTagsOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { InputOf } from '../../gateway/api/schema.js';
import type { Context } from '../../gateway/api/service.js';
import { arnList } from './lib/schemas.js';
import { requireTaggable, tagsOf } from './lib/tags.js';

export const input = {
  ResourceArns: arnList(20, true),
};

/** The tags of each resource asked for, in the order asked; an unknown resource fails the call. */
export async function handler(req: InputOf<typeof input, DescribeTagsInput>, ctx: Context): Promise<DescribeTagsOutput> {
  const arns = req.ResourceArns;
  await requireTaggable(ctx.db, ctx, arns);
  const byArn = await tagsOf(ctx.db, arns);
  return { TagDescriptions: arns.map((ResourceArn) => ({ ResourceArn, Tags: byArn.get(ResourceArn) })) };
}
