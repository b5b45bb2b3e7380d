import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client,
  ModifyTargetGroupAttributesCommand,
  RegisterTargetsCommand,
  type Action,
  type RuleCondition,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { startTestDatabase, type TestDatabase } from '../../../../support/database.js';
import { startInProcessGateway, type InProcessGateway } from '../../../../support/in-process-gateway.js';
import type { Target } from './targets.js';

export interface LoadBalancer {
  arn: string;
  dnsName: string;
  vpcId: string;
}

/**
 * A started gateway (wired as `npm start` wires it, in the test's process, on real sockets) on a
 * test database the test can also reach directly (to set target health by hand), and an SDK
 * client pointed at it.
 */
export interface Lab {
  server: InProcessGateway;
  database: TestDatabase;
  elb: ElasticLoadBalancingV2Client;
  /** `subnets`: made-up ids unless given (real ones where the upstream serves EC2). */
  loadBalancer(name: string, type?: 'application' | 'network', subnets?: string[]): Promise<LoadBalancer>;
  targetGroup(name: string, vpcId: string, options?: { protocol?: 'HTTP' | 'TCP'; attributes?: Record<string, string> }): Promise<string>;
  register(targetGroupArn: string, targets: readonly Target[]): Promise<void>;
  listener(loadBalancerArn: string, port: number, defaultActions: Action[], protocol?: 'HTTP' | 'TCP'): Promise<string>;
  rule(listenerArn: string, priority: number, conditions: RuleCondition[], actions: Action[]): Promise<string>;
  close(): Promise<void>;
}

export const forward = (targetGroupArn: string): Action[] => [{ Type: 'forward', TargetGroupArn: targetGroupArn }];

export async function startLab(env: Record<string, string> = {}): Promise<Lab> {
  const database = await startTestDatabase();
  let server: InProcessGateway;
  try {
    server = await startInProcessGateway(database, env);
  } catch (error) {
    await database.close();
    throw error;
  }
  const elb = new ElasticLoadBalancingV2Client({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
  return {
    server,
    database,
    elb,
    async loadBalancer(name, type = 'application', subnets = ['subnet-a', 'subnet-b']) {
      const out = await elb.send(new CreateLoadBalancerCommand({ Name: name, Type: type, Subnets: subnets }));
      const lb = out.LoadBalancers![0];
      return { arn: lb.LoadBalancerArn!, dnsName: lb.DNSName!, vpcId: lb.VpcId! };
    },
    async targetGroup(name, vpcId, options = {}) {
      const protocol = options.protocol ?? 'HTTP';
      const out = await elb.send(new CreateTargetGroupCommand({ Name: name, Protocol: protocol, Port: 80, VpcId: vpcId, TargetType: 'ip' }));
      const arn = out.TargetGroups![0].TargetGroupArn!;
      if (options.attributes) {
        await elb.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: arn, Attributes: Object.entries(options.attributes).map(([Key, Value]) => ({ Key, Value })) }));
      }
      return arn;
    },
    async register(targetGroupArn, targets) {
      await elb.send(new RegisterTargetsCommand({ TargetGroupArn: targetGroupArn, Targets: targets.map((t) => ({ Id: '127.0.0.1', Port: t.port })) }));
    },
    async listener(loadBalancerArn, port, defaultActions, protocol = 'HTTP') {
      const out = await elb.send(new CreateListenerCommand({ LoadBalancerArn: loadBalancerArn, Protocol: protocol, Port: port, DefaultActions: defaultActions }));
      return out.Listeners![0].ListenerArn!;
    },
    async rule(listenerArn, priority, conditions, actions) {
      const out = await elb.send(new CreateRuleCommand({ ListenerArn: listenerArn, Priority: priority, Conditions: conditions, Actions: actions }));
      return out.Rules![0].RuleArn!;
    },
    async close() {
      elb.destroy();
      await server.stop();
      await database.close();
    },
  };
}
