import type { CreateLoadBalancerInput, CreateLoadBalancerOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import { validationError } from '../../gateway/api/errors.js';
import { type InputOf, list, string, structure } from '../../gateway/api/schema.js';
import type { Context } from '../../gateway/api/service.js';
import { loadBalancerArn, newId, type LoadBalancerType } from './lib/arn.js';
import { defaultAttributes } from './lib/attributes.js';
import { duplicateLoadBalancerName, ipAddressTypeNotSupported, tooManyLoadBalancers } from './lib/errors.js';
import { checkIpamPools } from './lib/ipam-pools.js';
import { LOAD_BALANCER_ATTRIBUTES } from './lib/load-balancer-attributes.js';
import { findLoadBalancerByName, MAX_LOAD_BALANCERS, toLoadBalancer } from './lib/load-balancers.js';
import { checkResourceName } from './lib/names.js';
import { isPgError, UNIQUE_VIOLATION } from './lib/pg-errors.js';
import { newLoadBalancerNetwork } from './lib/ec2-network.js';
import { IP_ADDRESS_TYPES, ipAddressType, subnetList, subnetMappingList, tagList } from './lib/schemas.js';
import { requestedAddresses } from './lib/subnet-addresses.js';
import { checkZoneCount, requestedSubnets } from './lib/subnets.js';
import { putTags } from './lib/tags.js';
import type { LoadBalancerRow } from '../../gateway/database/tables.js';

export const input = {
  Name: string({ required: true, min: 1, max: 32 }),
  Subnets: subnetList(),
  SubnetMappings: subnetMappingList(),
  SecurityGroups: list(string({ max: 256 }), { max: 5 }),
  Scheme: string({ enum: ['internet-facing', 'internal'] }),
  Tags: tagList(),
  Type: string({ enum: ['application', 'network', 'gateway'] }),
  IpAddressType: ipAddressType(),
  CustomerOwnedIpv4Pool: string({ max: 256 }),
  EnablePrefixForIpv6SourceNat: string({ enum: ['on', 'off'] }),
  IpamPools: structure({ Ipv4IpamPoolId: string({ max: 1000 }) }),
};

/** The settings that decide whether a same-name create is the same load balancer (idempotent) or a conflict. */
function sameSettings(row: LoadBalancerRow, wanted: Pick<LoadBalancerRow, 'type' | 'scheme' | 'ip_address_type' | 'subnets' | 'security_groups'>): boolean {
  return row.type === wanted.type && row.scheme === wanted.scheme && row.ip_address_type === wanted.ip_address_type
    && [...row.subnets].sort().join() === [...wanted.subnets].sort().join()
    && [...row.security_groups].sort().join() === [...wanted.security_groups].sort().join();
}

/**
 * Creates an ALB, NLB or GWLB. Idempotent: the same name with the same settings returns the
 * existing load balancer; with other settings it is `DuplicateLoadBalancerName`.
 */
export async function handler(req: InputOf<typeof input, CreateLoadBalancerInput>, ctx: Context): Promise<CreateLoadBalancerOutput> {
  const name = req.Name;
  checkResourceName('Load balancer', name);
  // CreateLoadBalancer API reference: "must not begin with 'internal-'".
  if (name.toLowerCase().startsWith('internal-')) throw validationError(`Load balancer name '${name}' cannot begin with 'internal-'`);
  const type = (req.Type ?? 'application') as LoadBalancerType;
  if (type === 'gateway' && req.Scheme) throw validationError('Gateway Load Balancers do not support the Scheme parameter');
  const subnets = requestedSubnets(req);
  // Without EC2 there are no default subnets to fall back on: no subnets means no zones.
  if (subnets.length > 0) checkZoneCount(type, subnets);
  const addresses = requestedAddresses(type, req.SubnetMappings);
  const ipamPools = checkIpamPools(type, req.IpamPools);
  const ipType = req.IpAddressType ?? 'ipv4';
  if (!IP_ADDRESS_TYPES[type].includes(ipType)) throw ipAddressTypeNotSupported(ipType, type);
  // VPC, zones and security groups from the upstream's EC2 when it serves one (README, EC2 facts).
  const network = await newLoadBalancerNetwork(ctx, type, subnets, req.SecurityGroups ?? []);
  const wanted = {
    type,
    scheme: req.Scheme ?? 'internet-facing',
    ip_address_type: ipType,
    subnets,
    security_groups: network.security_groups,
  };

  const existing = await findLoadBalancerByName(ctx.db, ctx, name);
  if (existing) return idempotent(existing, wanted, name);

  const id = newId();
  const arn = loadBalancerArn(ctx, type, name, id);
  const dnsName = `${wanted.scheme === 'internal' ? 'internal-' : ''}${name}-${id}.${ctx.region}.${ctx.config.dnsSuffix}`.toLowerCase();
  try {
    const row = await ctx.db.transaction().execute(async (trx) => {
      // Serialises creates per account+region so the quota check cannot be raced past.
      await trx.selectFrom('load_balancers').select('arn').where('account_id', '=', ctx.accountId).where('region', '=', ctx.region).forUpdate().execute();
      const { count } = await trx.selectFrom('load_balancers').select((eb) => eb.fn.countAll<string>().as('count'))
        .where('account_id', '=', ctx.accountId).where('region', '=', ctx.region).executeTakeFirstOrThrow();
      if (Number(count) >= MAX_LOAD_BALANCERS) throw tooManyLoadBalancers(MAX_LOAD_BALANCERS);
      const inserted = await trx.insertInto('load_balancers').values({
        arn,
        account_id: ctx.accountId,
        region: ctx.region,
        name,
        ...wanted,
        dns_name: dnsName,
        vpc_id: network.vpc_id,
        subnet_zones: network.subnet_zones,
        state: 'provisioning',
        subnet_addresses: JSON.stringify(addresses),
        ipam_pools: ipamPools && JSON.stringify(ipamPools),
        attributes: JSON.stringify(defaultAttributes(LOAD_BALANCER_ATTRIBUTES[type])),
        created_at: ctx.now(),
      }).returningAll().executeTakeFirstOrThrow();
      await putTags(trx, arn, req.Tags ?? []);
      return inserted;
    });
    return { LoadBalancers: [toLoadBalancer(row)] };
  } catch (error) {
    // A concurrent create of the same name won the race: answer as if it had come first.
    if (!isPgError(error, UNIQUE_VIOLATION, 'load_balancers_name_key')) throw error;
    const winner = await findLoadBalancerByName(ctx.db, ctx, name);
    if (!winner) throw error;
    return idempotent(winner, wanted, name);
  }
}

function idempotent(existing: LoadBalancerRow, wanted: Parameters<typeof sameSettings>[1], name: string): CreateLoadBalancerOutput {
  if (!sameSettings(existing, wanted)) throw duplicateLoadBalancerName(name);
  return { LoadBalancers: [toLoadBalancer(existing)] };
}
