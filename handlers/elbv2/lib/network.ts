import { createHash } from 'node:crypto';
import type { LoadBalancerRow } from '../../../gateway/database/tables.js';
import type { Scope } from './arn.js';

/**
 * Without EC2 on the upstream (ec2-network.ts reads it when there is one), subnets and security
 * groups are taken as given. The VPC every load balancer then reports is a stable id derived from
 * account and region, and each subnet's zone is the region's zones in order (`us-east-1a`,
 * `us-east-1b`, …).
 */
export function defaultVpcId(scope: Scope): string {
  return `vpc-${createHash('sha256').update(`${scope.accountId}:${scope.region}`).digest('hex').slice(0, 17)}`;
}

export function zoneOf(region: string, index: number): string {
  return `${region}${String.fromCharCode(97 + (index % 26))}`;
}

/** The zone of the load balancer's `index`-th subnet: as EC2 reported it, else by the rule above. */
export function subnetZone(row: Pick<LoadBalancerRow, 'region' | 'subnet_zones'>, subnetId: string, index: number): string {
  return row.subnet_zones?.[subnetId] ?? zoneOf(row.region, index);
}

// Route 53 hosted zones of ELB endpoints (AWS General Reference, "Elastic Load Balancing endpoints
// and quotas"), for the regions users most often pick; others fall back to us-east-1's.
const HOSTED_ZONES: Record<string, { application: string; network: string }> = {
  'us-east-1': { application: 'Z35SXDOTRQ7X7K', network: 'Z26RNL4JYFTOTI' },
  'us-east-2': { application: 'Z3AADJGX6KTTL2', network: 'ZLMOA37VPKANP' },
  'us-west-2': { application: 'Z1H1FL5HABSF5', network: 'Z18D5FSROUN65G' },
  'eu-west-1': { application: 'Z32O12XQLNTSW2', network: 'Z2IFOLAFXWLO4F' },
  'eu-central-1': { application: 'Z215JYRZR1TBD5', network: 'Z3F0SRJ5LGBH90' },
  'ap-northeast-1': { application: 'Z14GRHDCWA56QT', network: 'Z31USIVHYNEOWT' },
};

export function canonicalHostedZoneId(region: string, type: string): string {
  const zones = HOSTED_ZONES[region] ?? HOSTED_ZONES['us-east-1'];
  return type === 'application' ? zones.application : zones.network;
}
