import type { SetSecurityGroupsInput, SetSecurityGroupsOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import { type InputOf, list, string } from '../../gateway/api/schema.js';
import type { Context } from '../../gateway/api/service.js';
import { checkSecurityGroups } from './lib/ec2-network.js';
import { invalidConfigurationRequest } from './lib/errors.js';
import { getLoadBalancer, privateLinkEnforcement } from './lib/load-balancers.js';
import { arn } from './lib/schemas.js';

export const input = {
  LoadBalancerArn: arn(true),
  SecurityGroups: list(string({ max: 256 }), { required: true, max: 5 }),
  EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic: string({ enum: ['on', 'off'] }),
};

/**
 * Replaces the load balancer's security groups. API reference, SetSecurityGroups: not for
 * Gateway Load Balancers, and not for a Network Load Balancer created without security groups;
 * a Network Load Balancer that has some cannot drop them all (the NLB guide, "Security groups",
 * and Terraform's customizeDiffLoadBalancerNLB, which forces a replacement in both cases).
 * EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic concerns Network Load Balancers only: it
 * is stored for them (kept when omitted) and answered as DescribeLoadBalancers will show it.
 * kecs-lb does not filter traffic by security group, so the routing version stays.
 */
export async function handler(req: InputOf<typeof input, SetSecurityGroupsInput>, ctx: Context): Promise<SetSecurityGroupsOutput> {
  const groups = req.SecurityGroups;
  const updated = await ctx.db.transaction().execute(async (trx) => {
    const row = await getLoadBalancer(trx, ctx, req.LoadBalancerArn, { forUpdate: true });
    if (row.type === 'gateway') throw invalidConfigurationRequest('Security groups are not supported for load balancers with type \'gateway\'');
    if (row.type === 'network' && row.security_groups.length === 0) {
      throw invalidConfigurationRequest('A Network Load Balancer created without security groups cannot have security groups associated');
    }
    if (row.type === 'network' && groups.length === 0) throw invalidConfigurationRequest('All security groups cannot be removed from a Network Load Balancer');
    // Known to the upstream's EC2 and in the load balancer's VPC, when it serves EC2 and the VPC was read from it.
    await checkSecurityGroups(ctx, groups, row.subnet_zones === null ? undefined : row.vpc_id);
    const enforce = row.type === 'network' ? req.EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic : undefined;
    return trx.updateTable('load_balancers')
      .set({ security_groups: groups, ...(enforce ? { enforce_security_group_inbound_rules_on_private_link_traffic: enforce } : {}) })
      .where('arn', '=', row.arn).returningAll().executeTakeFirstOrThrow();
  });
  return { SecurityGroupIds: groups, EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic: privateLinkEnforcement(updated) };
}
