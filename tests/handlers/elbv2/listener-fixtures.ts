import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  type Action,
  type CreateListenerInput,
  type Listener,
  type LoadBalancerTypeEnum,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { TestGateway } from '../../support/gateway.js';
import { createTargetGroup } from './target-group-fixtures.js';

/** Creates a load balancer through the SDK; returns its ARN. */
export async function createLoadBalancer(gw: TestGateway, name: string, type: LoadBalancerTypeEnum = 'application'): Promise<string> {
  const { LoadBalancers: [lb] = [] } = await gw.client().send(new CreateLoadBalancerCommand({ Name: name, Type: type, Subnets: ['subnet-1', 'subnet-2'] }));
  return lb.LoadBalancerArn!;
}

/** Creates a listener through the SDK; returns it as CreateListener answered. */
export async function createListener(gw: TestGateway, input: CreateListenerInput): Promise<Listener> {
  const { Listeners: [listener] = [] } = await gw.client().send(new CreateListenerCommand(input));
  return listener;
}

/** A simple forward action, as a client sends it. */
export function forward(targetGroupArn: string): Action {
  return { Type: 'forward', TargetGroupArn: targetGroupArn };
}

/** A simple forward as AWS describes it: both the top-level ARN and the ForwardConfig form. */
export function forwardDescribed(targetGroupArn: string, order?: number): Action {
  return {
    Type: 'forward',
    TargetGroupArn: targetGroupArn,
    ...(order === undefined ? {} : { Order: order }),
    ForwardConfig: { TargetGroups: [{ TargetGroupArn: targetGroupArn, Weight: 1 }], TargetGroupStickinessConfig: { Enabled: false } },
  };
}

/** An ALB named `name` with an HTTP:80 listener forwarding to a new target group `<name>-tg`. */
export async function albWithListener(gw: TestGateway, name: string): Promise<{ lbArn: string; tgArn: string; listener: Listener }> {
  const lbArn = await createLoadBalancer(gw, name);
  const tgArn = await createTargetGroup(gw, `${name}-tg`);
  const listener = await createListener(gw, { LoadBalancerArn: lbArn, Protocol: 'HTTP', Port: 80, DefaultActions: [forward(tgArn)] });
  return { lbArn, tgArn, listener };
}
