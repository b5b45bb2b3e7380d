import type { Listener, LoadBalancerTypeEnum } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Context } from '../../../../gateway/api/service.js';
import type { TestDatabase } from '../../../support/database.js';
import { handler as createListener } from '../../../../handlers/elbv2/CreateListener.js';
import { handler as createLoadBalancer } from '../../../../handlers/elbv2/CreateLoadBalancer.js';
import { handler as createTargetGroup } from '../../../../handlers/elbv2/CreateTargetGroup.js';
import type { ActionInput } from '../../../../handlers/elbv2/lib/rule-schemas.js';

// Set-up for the direct handler tests: each helper calls the Create* handler itself, so a test
// needs nothing but a `kit.ctx()` and never goes near the wire.

/** A load balancer made by CreateLoadBalancer's handler (two subnets, as an ALB needs); returns its ARN. */
export async function makeLoadBalancer(ctx: Context, name: string, type: LoadBalancerTypeEnum = 'application', extra: { SecurityGroups?: string[] } = {}): Promise<string> {
  const { LoadBalancers = [] } = await createLoadBalancer({ Name: name, Type: type, Subnets: ['subnet-1', 'subnet-2'], ...extra }, ctx);
  return LoadBalancers[0].LoadBalancerArn!;
}

/** An HTTP:80 target group of instances (the ALB kind) unless `extra` says otherwise; returns its ARN. */
export async function makeTargetGroup(ctx: Context, name: string, extra: Partial<Parameters<typeof createTargetGroup>[0]> = {}): Promise<string> {
  const { TargetGroups = [] } = await createTargetGroup({ Name: name, Protocol: 'HTTP', Port: 80, VpcId: 'vpc-1', ...extra }, ctx);
  return TargetGroups[0].TargetGroupArn!;
}

/** A single forward action, the short form clients send. */
export const forward = (targetGroupArn: string): ActionInput => ({ Type: 'forward', TargetGroupArn: targetGroupArn });

/** A fixed response, for rules and listeners that should not tie up a target group. */
export const fixedResponse = (statusCode = '200'): ActionInput => ({ Type: 'fixed-response', FixedResponseConfig: { StatusCode: statusCode } });

/** An ALB `name` with an HTTP:80 listener whose default action forwards to a new target group `<name>-tg`. */
export async function albWithListener(ctx: Context, name: string): Promise<{ lbArn: string; tgArn: string; listener: Listener; listenerArn: string }> {
  const lbArn = await makeLoadBalancer(ctx, name);
  const tgArn = await makeTargetGroup(ctx, `${name}-tg`);
  const { Listeners = [] } = await createListener({ LoadBalancerArn: lbArn, Protocol: 'HTTP', Port: 80, DefaultActions: [forward(tgArn)] }, ctx);
  return { lbArn, tgArn, listener: Listeners[0], listenerArn: Listeners[0].ListenerArn! };
}

/** The routing version, to see whether a handler told the data plane to recompile its routes. */
export async function routingVersion(database: TestDatabase): Promise<number> {
  const row = await database.db.selectFrom('routing_version').select('version').executeTakeFirstOrThrow();
  return Number(row.version);
}

/** A well-formed ARN of this account and region that names nothing, for the *NotFound paths. */
export const MISSING = {
  loadBalancer: 'arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/gone/0123456789abcdef',
  targetGroup: 'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/gone/0123456789abcdef',
  listener: 'arn:aws:elasticloadbalancing:us-east-1:000000000000:listener/app/gone/0123456789abcdef/0123456789abcdef',
  rule: 'arn:aws:elasticloadbalancing:us-east-1:000000000000:listener-rule/app/gone/0123456789abcdef/0123456789abcdef/0123456789abcdef',
};
