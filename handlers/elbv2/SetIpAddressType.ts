import type { SetIpAddressTypeInput, SetIpAddressTypeOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { InputOf } from '../../gateway/api/schema.js';
import type { Context } from '../../gateway/api/service.js';
import type { LoadBalancerType } from './lib/arn.js';
import { ipAddressTypeNotSupported } from './lib/errors.js';
import { getLoadBalancer } from './lib/load-balancers.js';
import { arn, IP_ADDRESS_TYPES, ipAddressType } from './lib/schemas.js';

export const input = {
  LoadBalancerArn: arn(true),
  IpAddressType: ipAddressType(true),
};

/**
 * Changes the load balancer's IP address type; `dualstack-without-public-ipv4` is for
 * Application Load Balancers only (API reference, SetIpAddressType). The routing version stays:
 * the route table does not depend on the address family the DNS name advertises.
 */
export async function handler(req: InputOf<typeof input, SetIpAddressTypeInput>, ctx: Context): Promise<SetIpAddressTypeOutput> {
  const ipType = req.IpAddressType;
  await ctx.db.transaction().execute(async (trx) => {
    const row = await getLoadBalancer(trx, ctx, req.LoadBalancerArn, { forUpdate: true });
    if (!IP_ADDRESS_TYPES[row.type as LoadBalancerType].includes(ipType)) throw ipAddressTypeNotSupported(ipType, row.type);
    await trx.updateTable('load_balancers').set({ ip_address_type: ipType }).where('arn', '=', row.arn).execute();
  });
  return { IpAddressType: ipType };
}
