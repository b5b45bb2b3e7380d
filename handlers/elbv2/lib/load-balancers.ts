import type { LoadBalancer } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Kysely, Transaction } from 'kysely';
import type { Database, LoadBalancerRow } from '../../../gateway/database/tables.js';
import type { Scope } from './arn.js';
import { loadBalancerNotFound } from './errors.js';
import { fetchByArns } from './lookup.js';
import { canonicalHostedZoneId, subnetZone } from './network.js';

type Db = Kysely<Database> | Transaction<Database>;

/** ALB and NLB quota: load balancers per Region (ALB/NLB user guides, "Quotas"). */
export const MAX_LOAD_BALANCERS = 50;

function scoped(db: Db, scope: Scope) {
  return db.selectFrom('load_balancers').selectAll()
    .where('account_id', '=', scope.accountId)
    .where('region', '=', scope.region);
}

/** Every load balancer of the scope, oldest first (the order Describe* pages in). */
export function listLoadBalancers(db: Db, scope: Scope): Promise<LoadBalancerRow[]> {
  return scoped(db, scope).orderBy('created_at').orderBy('arn').execute();
}

export function findLoadBalancerByName(db: Db, scope: Scope, name: string): Promise<LoadBalancerRow | undefined> {
  return scoped(db, scope).where('name', '=', name).executeTakeFirst();
}

/** The load balancers with these ARNs, in the order asked; any unknown one is `LoadBalancerNotFound`. */
export function getLoadBalancers(db: Db, scope: Scope, arns: readonly string[], options: { forUpdate?: boolean } = {}): Promise<LoadBalancerRow[]> {
  return fetchByArns(db, 'load_balancers', 'loadbalancer', scope, arns, loadBalancerNotFound, options);
}

export async function getLoadBalancer(db: Db, scope: Scope, arn: string, options: { forUpdate?: boolean } = {}): Promise<LoadBalancerRow> {
  const [row] = await getLoadBalancers(db, scope, [arn], options);
  return row;
}

/** A row as the API's `LoadBalancer` shape, members in the order AWS sends them. */
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
    AvailabilityZones: row.subnets.map((SubnetId, index) => ({ ZoneName: subnetZone(row, SubnetId, index), SubnetId, LoadBalancerAddresses: [] })),
    SecurityGroups: row.type === 'application' || row.security_groups.length > 0 ? row.security_groups : undefined,
    IpAddressType: row.ip_address_type as LoadBalancer['IpAddressType'],
    EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic: privateLinkEnforcement(row),
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
