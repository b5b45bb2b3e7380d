import type { DeleteListenerInput, DeleteListenerOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import { changeRouting } from '../../gateway/database/routing-version.js';
import type { InputOf } from '../../gateway/api/schema.js';
import type { Context } from '../../gateway/api/service.js';
import { getListener } from './lib/listeners.js';
import { arn } from './lib/schemas.js';
import { dropTags } from './lib/tags.js';

export const input = {
  ListenerArn: arn(true),
};

/**
 * Deletes a listener; its rules (default one included) and their target group links go with it
 * by cascade. Tags are not foreign-keyed, so the listener's and its rules' tags are dropped here.
 */
export async function handler(req: InputOf<typeof input, DeleteListenerInput>, ctx: Context): Promise<DeleteListenerOutput> {
  await changeRouting(ctx.db, async (trx) => {
    const listener = await getListener(trx, ctx, req.ListenerArn, { forUpdate: true });
    const rules = await trx.selectFrom('rules').select('arn').where('listener_arn', '=', listener.arn).execute();
    await trx.deleteFrom('listeners').where('arn', '=', listener.arn).execute();
    await dropTags(trx, [listener.arn, ...rules.map((rule) => rule.arn)]);
  });
  return {};
}
