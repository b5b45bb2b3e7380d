import type { Action } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Transaction } from 'kysely';
import type { Database, LoadBalancerRow } from '../../../gateway/database/tables.js';
import { forwardedTargetGroups } from './actions.js';
import type { Scope } from './arn.js';
import { incompatibleProtocols, targetGroupAssociationLimit, targetGroupInOtherVpc, tooManyUniqueTargetGroupsPerLoadBalancer } from './errors.js';
import { getTargetGroups } from './target-groups.js';

/**
 * Target group protocols each listener protocol can forward to (ALB guide, "Target groups";
 * NLB guide, "Listeners": TLS listeners take TCP or TLS groups, UDP ones UDP or TCP_UDP groups).
 */
const COMPATIBLE: Readonly<Record<string, readonly string[]>> = {
  HTTP: ['HTTP', 'HTTPS'],
  HTTPS: ['HTTP', 'HTTPS'],
  TCP: ['TCP', 'TCP_UDP'],
  TLS: ['TCP', 'TLS'],
  UDP: ['UDP', 'TCP_UDP'],
  TCP_UDP: ['TCP_UDP'],
  // QUIC listeners pair with QUIC groups, and like UDP with the dual-protocol group too.
  QUIC: ['QUIC', 'TCP_QUIC'],
  TCP_QUIC: ['TCP_QUIC'],
  GENEVE: ['GENEVE'],
};

/** ALB quota "Target groups per Application Load Balancer". */
export const MAX_TARGET_GROUPS_PER_ALB = 100;

/**
 * Checks the target groups that `actions` forward to, inside the caller's transaction, and
 * returns their ARNs for `rule_target_groups`. The groups are locked, so two load balancers
 * claiming one group at the same time are settled one after the other: a target group serves
 * one load balancer only (quota "Load balancers per target group": 1).
 */
export async function checkActionTargetGroups(
  trx: Transaction<Database>,
  scope: Scope,
  lb: LoadBalancerRow,
  listenerProtocol: string | null,
  actions: readonly Action[],
): Promise<string[]> {
  const arns = forwardedTargetGroups(actions);
  if (arns.length === 0) return [];
  const groups = await getTargetGroups(trx, scope, arns, { forUpdate: true });
  // Gateway Load Balancer listeners have no protocol of their own: they carry GENEVE.
  const protocol = listenerProtocol ?? 'GENEVE';
  for (const group of groups) {
    const fits = group.target_type === 'lambda' ? lb.type === 'application' : COMPATIBLE[protocol]?.includes(group.protocol ?? '');
    if (!fits) {
      throw incompatibleProtocols(protocol, group.target_type === 'lambda' ? "the target type 'lambda'" : `the protocol '${group.protocol}'`);
    }
    // Only where the load balancer's VPC is EC2's (subnet_zones read from the upstream): without
    // EC2 its VPC is one made up per account and Region, which no user-given VpcId matches.
    if (lb.subnet_zones !== null && group.vpc_id !== null && group.vpc_id !== lb.vpc_id) {
      throw targetGroupInOtherVpc(group.arn, lb.arn);
    }
  }
  const elsewhere = await trx.selectFrom('rule_target_groups').select('target_group_arn')
    .where('target_group_arn', 'in', arns).where('load_balancer_arn', '!=', lb.arn).executeTakeFirst();
  if (elsewhere) {
    throw targetGroupAssociationLimit(elsewhere.target_group_arn);
  }
  if (lb.type === 'application') {
    const { count } = await trx.selectFrom('rule_target_groups')
      .select((eb) => eb.fn.count<string>('target_group_arn').distinct().as('count'))
      .where('load_balancer_arn', '=', lb.arn).where('target_group_arn', 'not in', arns).executeTakeFirstOrThrow();
    if (Number(count) + arns.length > MAX_TARGET_GROUPS_PER_ALB) {
      throw tooManyUniqueTargetGroupsPerLoadBalancer(MAX_TARGET_GROUPS_PER_ALB);
    }
  }
  return arns;
}
