import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DescribeTargetHealthCommand,
  RegisterTargetsCommand,
  type CreateTargetGroupInput,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { createLogger } from '../../../gateway/logger.js';
import type { ScheduledContext } from '../../../gateway/scheduler.js';
import type { TestGateway } from '../../support/gateway.js';

/** A scheduler context on the test gateway's clock; a fresh one starts with no probes in flight. */
export function scheduledContext(gw: TestGateway, overrides: Partial<ScheduledContext> = {}): ScheduledContext {
  return { db: gw.database.db, log: createLogger('silent'), now: gw.clock.now, config: gw.database.config, ...overrides };
}

let lbCount = 0;

/**
 * A target group with the given health check, registered targets, and (unless `inUse` is false)
 * a load balancer whose listener forwards to it — the listener is what makes its targets probed.
 */
export async function checkedGroup(
  gw: TestGateway,
  name: string,
  targets: Array<{ Id: string; Port: number }>,
  settings: Partial<CreateTargetGroupInput> = {},
  options: { inUse?: boolean } = {},
): Promise<string> {
  const elb = gw.client();
  const { TargetGroups: [tg] = [] } = await elb.send(new CreateTargetGroupCommand({
    Name: name, Protocol: 'HTTP', Port: 80, VpcId: 'vpc-1', TargetType: 'ip',
    HealthCheckIntervalSeconds: 5, HealthCheckTimeoutSeconds: 2, HealthyThresholdCount: 3, UnhealthyThresholdCount: 2, HealthCheckPath: '/health',
    ...settings,
  }));
  const arn = tg.TargetGroupArn!;
  if (targets.length > 0) await elb.send(new RegisterTargetsCommand({ TargetGroupArn: arn, Targets: targets }));
  if (options.inUse !== false) await forwardTo(gw, arn);
  return arn;
}

/** Creates a load balancer with a listener forwarding to the target group. */
export async function forwardTo(gw: TestGateway, targetGroupArn: string): Promise<void> {
  const elb = gw.client();
  const { LoadBalancers: [lb] = [] } = await elb.send(new CreateLoadBalancerCommand({ Name: `hc-lb-${++lbCount}`, Subnets: ['subnet-1', 'subnet-2'] }));
  await elb.send(new CreateListenerCommand({
    LoadBalancerArn: lb.LoadBalancerArn!, Protocol: 'HTTP', Port: 80,
    DefaultActions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }],
  }));
}

/** DescribeTargetHealth as `id:port` → [state, reason, description]. */
export async function healthOf(gw: TestGateway, targetGroupArn: string): Promise<Record<string, [string?, string?, string?]>> {
  const { TargetHealthDescriptions = [] } = await gw.client().send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }));
  return Object.fromEntries(TargetHealthDescriptions.map(({ Target, TargetHealth }) =>
    [`${Target?.Id}:${Target?.Port}`, [TargetHealth?.State, TargetHealth?.Reason, TargetHealth?.Description]]));
}

export const HEALTHY: [string?, string?, string?] = ['healthy', undefined, undefined];
export const CHECKING: [string?, string?, string?] = ['initial', 'Elb.InitialHealthChecking', 'Initial health checks in progress'];
export const REGISTERING: [string?, string?, string?] = ['initial', 'Elb.RegistrationInProgress', 'Target registration is in progress'];
export const mismatch = (code: number): [string?, string?, string?] => ['unhealthy', 'Target.ResponseCodeMismatch', `Health checks failed with these codes: [${code}]`];
export const TIMED_OUT: [string?, string?, string?] = ['unhealthy', 'Target.Timeout', 'Request timed out'];
export const FAILED: [string?, string?, string?] = ['unhealthy', 'Target.FailedHealthChecks', 'Health checks failed'];

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The current routing version, to see whether a tick bumped it. */
export async function routingVersion(gw: TestGateway): Promise<number> {
  const row = await gw.database.db.selectFrom('routing_version').select('version').executeTakeFirstOrThrow();
  return Number(row.version);
}
