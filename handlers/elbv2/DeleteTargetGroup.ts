import type { DeleteTargetGroupInput, DeleteTargetGroupOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { InputOf } from '../../gateway/api/schema.js';
import type { Context } from '../../gateway/api/service.js';
import { checkArn } from './lib/arn.js';
import { resourceInUse } from './lib/errors.js';
import { FOREIGN_KEY_VIOLATION, isPgError } from './lib/pg-errors.js';
import { arn } from './lib/schemas.js';
import { dropTags } from './lib/tags.js';
import { isInUse } from './lib/target-groups.js';

export const input = {
  TargetGroupArn: arn(true),
};

/**
 * Deletes a target group with its targets and tags. A group that no longer exists is a success,
 * as for DeleteLoadBalancer; one a listener or rule forwards to is `ResourceInUse`. The group is
 * unused, so no routing changes.
 */
export async function handler(req: InputOf<typeof input, DeleteTargetGroupInput>, ctx: Context): Promise<DeleteTargetGroupOutput> {
  const tgArn = req.TargetGroupArn;
  if (!checkArn(tgArn, 'targetgroup', ctx)) return {};
  try {
    await ctx.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('target_groups').select('arn').where('arn', '=', tgArn).forUpdate().executeTakeFirst();
      if (!row) return;
      if (await isInUse(trx, tgArn)) throw resourceInUse(tgArn);
      await trx.deleteFrom('target_groups').where('arn', '=', tgArn).execute();
      await dropTags(trx, [tgArn]);
    });
  } catch (error) {
    // The RESTRICT foreign key of rule_target_groups settles a rule created concurrently.
    if (isPgError(error, FOREIGN_KEY_VIOLATION)) throw resourceInUse(tgArn);
    throw error;
  }
  return {};
}
