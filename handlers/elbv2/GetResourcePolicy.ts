import type { GetResourcePolicyInput, GetResourcePolicyOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { InputOf } from '../../gateway/api/schema.js';
import type { Context } from '../../gateway/api/service.js';
import { checkShareableResource } from './lib/resource-policy.js';
import { arn } from './lib/schemas.js';

export const input = {
  ResourceArn: arn(true),
};

/**
 * The resource policy of a shareable resource (a trust store). A policy is set by sharing the
 * resource through AWS RAM, and there is no RAM here, so a trust store that exists answers with
 * no `Policy`; what AWS answers for a trust store never shared is not documented. An unknown
 * resource is ResourceNotFound.
 */
export async function handler(req: InputOf<typeof input, GetResourcePolicyInput>, ctx: Context): Promise<GetResourcePolicyOutput> {
  await checkShareableResource(ctx.db, ctx, req.ResourceArn);
  return {};
}
