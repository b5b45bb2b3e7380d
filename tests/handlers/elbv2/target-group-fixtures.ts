import { CreateLoadBalancerCommand, CreateTargetGroupCommand, type CreateTargetGroupInput } from '@aws-sdk/client-elastic-load-balancing-v2';
import { listenerArn, newId, ruleArn } from '../../../handlers/elbv2/lib/arn.js';
import type { TestGateway } from '../../support/gateway.js';

/** Creates a target group through the SDK with ALB-style defaults; returns its ARN. */
export async function createTargetGroup(gw: TestGateway, name: string, extra: Partial<CreateTargetGroupInput> = {}): Promise<string> {
  const { TargetGroups: [tg] = [] } = await gw.client().send(new CreateTargetGroupCommand({ Name: name, Protocol: 'HTTP', Port: 80, VpcId: 'vpc-1', ...extra }));
  return tg.TargetGroupArn!;
}

/**
 * Makes a load balancer forward to a target group, as a listener's default forward action would:
 * a listener, its default rule and the rule_target_groups link, written directly so these tests
 * do not depend on the listener handlers. Returns the load balancer and rule ARNs.
 */
export async function attachToLoadBalancer(gw: TestGateway, targetGroupArn: string, lbName = `lb-${newId().slice(0, 8)}`): Promise<{ loadBalancerArn: string; ruleArn: string }> {
  const { LoadBalancers: [lb] = [] } = await gw.client().send(new CreateLoadBalancerCommand({ Name: lbName, Subnets: ['subnet-1', 'subnet-2'] }));
  const loadBalancerArn = lb.LoadBalancerArn!;
  const listener = listenerArn(loadBalancerArn, newId());
  const rule = ruleArn(listener, newId());
  const now = gw.clock.now();
  const db = gw.database.db;
  await db.insertInto('listeners').values({ arn: listener, load_balancer_arn: loadBalancerArn, port: 80, protocol: 'HTTP', attributes: '{}', created_at: now }).execute();
  await db.insertInto('rules').values({
    arn: rule, listener_arn: listener, priority: null, is_default: true, conditions: '[]',
    actions: JSON.stringify([{ Type: 'forward', TargetGroupArn: targetGroupArn }]), created_at: now,
  }).execute();
  await db.insertInto('rule_target_groups').values({ rule_arn: rule, target_group_arn: targetGroupArn, load_balancer_arn: loadBalancerArn }).execute();
  return { loadBalancerArn, ruleArn: rule };
}

/** The current routing version, to see that a change bumped it. */
export async function routingVersion(gw: TestGateway): Promise<number> {
  const row = await gw.database.db.selectFrom('routing_version').select('version').executeTakeFirstOrThrow();
  return Number(row.version);
}
