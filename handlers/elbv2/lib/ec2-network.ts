import type { Context } from '../../../gateway/api/service.js';
import type { LoadBalancerRow, SubnetZones } from '../../../gateway/database/tables.js';
import type { LoadBalancerType } from './arn.js';
import {
  securityGroupNotFound,
  securityGroupOutsideVpc,
  subnetNotFound,
  subnetsInOneZone,
  subnetsInSeveralVpcs,
  subnetsOutsideVpc,
  vpcNotFound,
} from './ec2-errors.js';
import { defaultVpcId } from './network.js';

/** Where a load balancer's subnets are, as EC2 says. */
export interface SubnetPlacement {
  vpcId: string;
  zones: SubnetZones;
}

/**
 * The VPC and zones of these subnets from the upstream's EC2 (`undefined` without EC2, or with no
 * subnets). Every subnet must exist (`SubnetNotFound`), all in one VPC, at most one per zone
 * (ALB and NLB user guides, "Availability Zones": one subnet per zone).
 */
export async function placeSubnets(ctx: Context, subnets: readonly string[]): Promise<SubnetPlacement | undefined> {
  if (subnets.length === 0) return undefined;
  const found = await ctx.ec2.subnets(ctx, subnets);
  if (!found) return undefined;
  const missing = subnets.find((id) => !found.has(id));
  if (missing) throw subnetNotFound(missing);
  const facts = subnets.map((id) => found.get(id)!);
  const vpcIds = [...new Set(facts.map((fact) => fact.vpcId))];
  if (vpcIds.length > 1) throw subnetsInSeveralVpcs(vpcIds);
  if (new Set(facts.map((fact) => fact.zoneName)).size < facts.length) throw subnetsInOneZone();
  return { vpcId: vpcIds[0], zones: Object.fromEntries(subnets.map((id, index) => [id, facts[index].zoneName])) };
}

/**
 * The security groups a load balancer gets: those asked for, each known to EC2 (`InvalidSecurityGroup`)
 * and in the load balancer's VPC. An Application Load Balancer created with none gets its VPC's
 * default group, as on AWS (an ALB created with `SecurityGroups: []` reports the VPC's default
 * group: ansible-collections/amazon.aws#10; Classic Load Balancer guide, "security groups": "your
 * load balancer is automatically associated with the default security group for the VPC").
 * Without EC2 (or without a VPC read from it), the groups are taken as given.
 */
export async function securityGroupsFor(ctx: Context, type: LoadBalancerType, groups: readonly string[], vpcId: string | undefined): Promise<string[]> {
  if (groups.length === 0) {
    if (type !== 'application' || vpcId === undefined) return [];
    const fallback = await ctx.ec2.defaultSecurityGroup(ctx, vpcId);
    return fallback ? [fallback] : [];
  }
  await checkSecurityGroups(ctx, groups, vpcId);
  return [...groups];
}

/** Every group must exist, and belong to `vpcId` when that is known. Nothing is checked without EC2. */
export async function checkSecurityGroups(ctx: Context, groups: readonly string[], vpcId: string | undefined): Promise<void> {
  const found = await ctx.ec2.securityGroups(ctx, groups);
  if (!found) return;
  const missing = groups.find((id) => !found.has(id));
  if (missing) throw securityGroupNotFound(missing);
  const outside = vpcId === undefined ? undefined : groups.find((id) => found.get(id)!.vpcId !== undefined && found.get(id)!.vpcId !== vpcId);
  if (outside) throw securityGroupOutsideVpc(outside, vpcId!);
}

/** The network columns of a new load balancer: from EC2 when it answers, else kecs-lb's rule (network.ts). */
export async function newLoadBalancerNetwork(ctx: Context, type: LoadBalancerType, subnets: readonly string[], groups: readonly string[]):
  Promise<Pick<LoadBalancerRow, 'vpc_id' | 'security_groups'> & { subnet_zones: string | null }> {
  const placement = await placeSubnets(ctx, subnets);
  return {
    vpc_id: placement?.vpcId ?? defaultVpcId(ctx),
    subnet_zones: placement ? JSON.stringify(placement.zones) : null,
    security_groups: await securityGroupsFor(ctx, type, groups, placement?.vpcId),
  };
}

/**
 * The network columns after SetSubnets. The subnets must stay in the load balancer's VPC; a load
 * balancer whose VPC was never read from EC2 (created without EC2, or without subnets) takes the
 * subnets' VPC. Without EC2 the zones go back to kecs-lb's rule.
 */
export function subnetsUpdate(current: LoadBalancerRow, placement: SubnetPlacement | undefined): { vpc_id?: string; subnet_zones: string | null } {
  if (!placement) return { subnet_zones: null };
  if (current.subnet_zones !== null && placement.vpcId !== current.vpc_id) throw subnetsOutsideVpc(current.vpc_id);
  return { vpc_id: placement.vpcId, subnet_zones: JSON.stringify(placement.zones) };
}

/** The VPC of a new target group must exist (`ValidationError`), when EC2 can tell. */
export async function checkVpcExists(ctx: Context, vpcId: string | undefined): Promise<void> {
  if (vpcId === undefined) return;
  const found = await ctx.ec2.vpcs(ctx, [vpcId]);
  if (found && !found.has(vpcId)) throw vpcNotFound(vpcId);
}
