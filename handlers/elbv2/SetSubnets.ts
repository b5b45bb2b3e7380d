import type { SetSubnetsInput, SetSubnetsOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import { validationError } from '../../gateway/api/errors.js';
import { type InputOf, string } from '../../gateway/api/schema.js';
import type { Context } from '../../gateway/api/service.js';
import type { LoadBalancerType } from './lib/arn.js';
import { placeSubnets, subnetsUpdate } from './lib/ec2-network.js';
import { invalidConfigurationRequest, ipAddressTypeNotSupported } from './lib/errors.js';
import { getLoadBalancer, toLoadBalancer } from './lib/load-balancers.js';
import { arn, IP_ADDRESS_TYPES, ipAddressType, subnetList, subnetMappingList } from './lib/schemas.js';
import { requestedAddresses } from './lib/subnet-addresses.js';
import { checkZoneCount, requestedSubnets } from './lib/subnets.js';

export const input = {
  LoadBalancerArn: arn(true),
  Subnets: subnetList(),
  SubnetMappings: subnetMappingList(),
  IpAddressType: ipAddressType(),
  EnablePrefixForIpv6SourceNat: string({ enum: ['on', 'off'] }),
};

/**
 * Replaces the load balancer's subnets (zones and VPC from the upstream's EC2 when it serves one,
 * else each subnet stands for the next zone of the region). Rules from the API reference,
 * SetSubnets: subnets or subnet mappings, not both; Application Load Balancers need at least two;
 * Gateway Load Balancers must keep every subnet enabled before. The route table does not read
 * subnets, so the routing version stays.
 */
export async function handler(req: InputOf<typeof input, SetSubnetsInput>, ctx: Context): Promise<SetSubnetsOutput> {
  const subnets = requestedSubnets(req);
  if (subnets.length === 0) throw validationError('You must specify either subnets or subnet mappings');
  const placement = await placeSubnets(ctx, subnets);
  const row = await ctx.db.transaction().execute(async (trx) => {
    const current = await getLoadBalancer(trx, ctx, req.LoadBalancerArn, { forUpdate: true });
    const type = current.type as LoadBalancerType;
    checkZoneCount(type, subnets);
    if (type === 'gateway' && current.subnets.some((subnet) => !subnets.includes(subnet))) {
      throw invalidConfigurationRequest('Subnets cannot be removed from a Gateway Load Balancer');
    }
    const ipType = req.IpAddressType ?? current.ip_address_type;
    if (!IP_ADDRESS_TYPES[type].includes(ipType)) throw ipAddressTypeNotSupported(ipType, type);
    const subnet_addresses = JSON.stringify(requestedAddresses(type, req.SubnetMappings));
    return trx.updateTable('load_balancers').set({ subnets, ip_address_type: ipType, subnet_addresses, ...subnetsUpdate(current, placement) })
      .where('arn', '=', current.arn).returningAll().executeTakeFirstOrThrow();
  });
  const { AvailabilityZones, IpAddressType } = toLoadBalancer(row);
  return { AvailabilityZones, IpAddressType };
}
