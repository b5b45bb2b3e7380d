import type { DeleteRuleInput, DeleteRuleOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import { changeRouting } from '../../gateway/database/routing-version.js';
import type { InputOf } from '../../gateway/api/schema.js';
import type { Context } from '../../gateway/api/service.js';
import { operationNotPermitted } from './lib/errors.js';
import { getRule } from './lib/rules.js';
import { arn } from './lib/schemas.js';
import { dropTags } from './lib/tags.js';

export const input = {
  RuleArn: arn(true),
};

/** Deletes a non-default rule; its target group links go with it by cascade. */
export async function handler(req: InputOf<typeof input, DeleteRuleInput>, ctx: Context): Promise<DeleteRuleOutput> {
  await changeRouting(ctx.db, async (trx) => {
    const rule = await getRule(trx, ctx, req.RuleArn, { forUpdate: true });
    // The default rule lives and dies with its listener (DeleteRule API reference).
    if (rule.is_default) throw operationNotPermitted(`Default rule '${rule.arn}' cannot be deleted`);
    await trx.deleteFrom('rules').where('arn', '=', rule.arn).execute();
    await dropTags(trx, [rule.arn]);
  });
  return {};
}
