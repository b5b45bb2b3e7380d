import type { Context } from '../../../gateway/api/service.js';
import type { Found, SecurityGroupFact } from '../../../gateway/upstream-ec2/facts.js';
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
} from './errors.js';
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
  if (subnets.some((id) => !found.has(id))) throw subnetNotFound();
  const facts = subnets.map((id) => found.get(id)!);
  const vpcIds = [...new Set(facts.map((fact) => fact.vpcId))];
  if (vpcIds.length > 1) throw subnetsInSeveralVpcs(vpcIds);
  if (new Set(facts.map((fact) => fact.zoneName)).size < facts.length) throw subnetsInOneZone();
  return { vpcId: vpcIds[0], zones: Object.fromEntries(subnets.map((id, index) => [id, facts[index].zoneName])) };
}

/**
 * Every group must exist (`InvalidSecurityGroup`), and belong to `vpcId` when that is known.
 * Nothing is checked without EC2 (`found` undefined).
 */
function checkGroupsFound(groups: readonly string[], found: Found<SecurityGroupFact>, vpcId: string | undefined): void {
  if (!found) return;
  const missing = groups.find((id) => !found.has(id));
  if (missing) throw securityGroupNotFound(missing);
  const outside = vpcId === undefined ? undefined : groups.find((id) => found.get(id)!.vpcId !== undefined && found.get(id)!.vpcId !== vpcId);
  if (outside) throw securityGroupOutsideVpc(outside, vpcId!);
}

/** SetSecurityGroups: the groups as EC2 knows them, in the load balancer's VPC when that was read from EC2. */
export async function checkSecurityGroups(ctx: Context, groups: readonly string[], vpcId: string | undefined): Promise<void> {
  checkGroupsFound(groups, await ctx.ec2.securityGroups(ctx, groups), vpcId);
}

/**
 * The network columns of a new load balancer: from EC2 when it answers, else kecs-lb's rule
 * (network.ts). The subnets and the groups asked for are read at once (one DescribeSubnets for
 * all subnets, alongside one DescribeSecurityGroups), so a cold cache costs one round trip.
 *
 * An Application Load Balancer created without groups gets its VPC's default group, as on AWS (an
 * ALB created with `SecurityGroups: []` reports the VPC's default group:
 * ansible-collections/amazon.aws#10; Classic Load Balancer guide, "security groups": "your load
 * balancer is automatically associated with the default security group for the VPC"). That group
 * is looked up once the VPC is known (cached per VPC). Without EC2 the groups are taken as given.
 */
export async function newLoadBalancerNetwork(ctx: Context, type: LoadBalancerType, subnets: readonly string[], groups: readonly string[]):
  Promise<Pick<LoadBalancerRow, 'vpc_id' | 'security_groups'> & { subnet_zones: string | null }> {
  const [placement, foundGroups] = await Promise.all([
    placeSubnets(ctx, subnets),
    groups.length > 0 ? ctx.ec2.securityGroups(ctx, groups) : undefined,
  ]);
  checkGroupsFound(groups, foundGroups, placement?.vpcId);
  let securityGroups = [...groups];
  if (groups.length === 0 && type === 'application' && placement) {
    const fallback = await ctx.ec2.defaultSecurityGroup(ctx, placement.vpcId);
    securityGroups = fallback ? [fallback] : [];
  }
  return {
    vpc_id: placement?.vpcId ?? defaultVpcId(ctx),
    subnet_zones: placement ? JSON.stringify(placement.zones) : null,
    security_groups: securityGroups,
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
