import type { DeleteSharedTrustStoreAssociationInput, DeleteSharedTrustStoreAssociationOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { InputOf } from '../../gateway/api/schema.js';
import type { Context } from '../../gateway/api/service.js';
import { checkArn } from './lib/arn.js';
import { arn } from './lib/schemas.js';
import { associatedLoadBalancers } from './lib/trust-store-associations.js';
import { associationNotFound, deleteAssociationSameAccount } from './lib/errors.js';
import { getTrustStore } from './lib/trust-stores.js';

export const input = {
  TrustStoreArn: arn(true),
  ResourceArn: arn(true),
};

/**
 * Removes another account's load balancer from a trust store shared with it through AWS RAM.
 * There is no sharing here, so every association is within the trust store's own account: a load
 * balancer that uses the store is `DeleteAssociationSameAccount` (its listener must be changed
 * instead), any other resource `AssociationNotFound`.
 */
export async function handler(req: InputOf<typeof input, DeleteSharedTrustStoreAssociationInput>, ctx: Context): Promise<DeleteSharedTrustStoreAssociationOutput> {
  const { arn: storeArn } = await getTrustStore(ctx.db, ctx, req.TrustStoreArn);
  const resourceArn = req.ResourceArn;
  checkArn(resourceArn, 'loadbalancer', ctx);
  if ((await associatedLoadBalancers(ctx.db, storeArn)).includes(resourceArn)) throw deleteAssociationSameAccount();
  throw associationNotFound(resourceArn);
}
