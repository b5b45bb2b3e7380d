import {
  CreateListenerCommand,
  CreateRuleCommand,
  type ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';

// A listener with one rule, made through the SDK, for tests of operations that act on them
// (tags, the cascade of DeleteLoadBalancer).

let nextPort = 8000;

export async function createListenerWithRule(elb: ElasticLoadBalancingV2Client, LoadBalancerArn: string): Promise<{ listener: string; rule: string }> {
  const { Listeners = [] } = await elb.send(new CreateListenerCommand({
    LoadBalancerArn, Protocol: 'HTTP', Port: nextPort++, DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } }],
  }));
  const listener = Listeners[0].ListenerArn!;
  const { Rules = [] } = await elb.send(new CreateRuleCommand({
    ListenerArn: listener, Priority: 10,
    Conditions: [{ Field: 'path-pattern', Values: ['/api/*'] }],
    Actions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }],
  }));
  return { listener, rule: Rules[0].RuleArn! };
}
