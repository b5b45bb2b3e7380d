import type { LoadBalancer } from '@aws-sdk/client-elastic-load-balancing-v2';
import { cachedRead, type ReadCache } from '../../../gateway/database/read-cache.js';
import type { Db, LoadBalancerRow } from '../../../gateway/database/tables.js';
import type { Scope } from './arn.js';
import { loadBalancerNotFound } from './errors.js';
import { arnLookup } from './lookup.js';
import { ipamPoolsOf } from './ipam-pools.js';
import { canonicalHostedZoneId, subnetZone } from './network.js';
import { loadBalancerAddresses } from './subnet-addresses.js';

/** ALB and NLB quota: load balancers per Region (ALB/NLB user guides, "Quotas"). */
export const MAX_LOAD_BALANCERS = 50;

function scoped(db: Db, scope: Scope) {
  return db.selectFrom('load_balancers').selectAll()
    .where('account_id', '=', scope.accountId)
    .where('region', '=', scope.region);
}

/**
 * Every load balancer of the scope, oldest first (the order Describe* pages in), through the
 * read cache when one is given (gateway/database/read-cache.ts): the rows are then shared, read-only.
 */
export function listLoadBalancers(db: Db, scope: Scope, cache?: ReadCache): Promise<readonly LoadBalancerRow[]> {
  return cachedRead(cache, `load-balancers ${scope.accountId} ${scope.region}`, () => scoped(db, scope).orderBy('created_at').orderBy('arn').execute());
}

export function findLoadBalancerByName(db: Db, scope: Scope, name: string): Promise<LoadBalancerRow | undefined> {
  return scoped(db, scope).where('name', '=', name).executeTakeFirst();
}

/** Load balancers by ARN, in the order asked; any unknown one is `LoadBalancerNotFound`. */
export const { one: getLoadBalancer, many: getLoadBalancers } = arnLookup('load_balancers', 'loadbalancer', loadBalancerNotFound);

/** A row as the API's `LoadBalancer` shape. */
export function toLoadBalancer(row: LoadBalancerRow): LoadBalancer {
  return {
    LoadBalancerArn: row.arn,
    DNSName: row.dns_name,
    CanonicalHostedZoneId: canonicalHostedZoneId(row.region, row.type),
    CreatedTime: row.created_at,
    LoadBalancerName: row.name,
    Scheme: row.scheme as LoadBalancer['Scheme'],
    VpcId: row.vpc_id,
    State: { Code: row.state as 'active' },
    Type: row.type as LoadBalancer['Type'],
    AvailabilityZones: row.subnets.map((SubnetId, index) => ({
      ZoneName: subnetZone(row, SubnetId, index), SubnetId, LoadBalancerAddresses: loadBalancerAddresses(row.subnet_addresses[SubnetId]),
    })),
    SecurityGroups: row.type === 'application' || row.security_groups.length > 0 ? row.security_groups : undefined,
    IpAddressType: row.ip_address_type as LoadBalancer['IpAddressType'],
    EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic: privateLinkEnforcement(row),
    IpamPools: ipamPoolsOf(row.ipam_pools),
  };
}

/**
 * LoadBalancer API reference: the PrivateLink setting belongs to Network Load Balancers and
 * applies only with security groups; SetSecurityGroups: "The default is on".
 */
export function privateLinkEnforcement(row: LoadBalancerRow): 'on' | 'off' | undefined {
  if (row.type !== 'network' || row.security_groups.length === 0) return undefined;
  return row.enforce_security_group_inbound_rules_on_private_link_traffic === 'off' ? 'off' : 'on';
}
