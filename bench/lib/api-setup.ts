import { countElements, firstElement, queryRequest, send, type QueryRequest } from './query.js';
import type { Targets } from './loopback-targets.js';

export const OPERATIONS = ['DescribeLoadBalancers', 'DescribeTargetHealth', 'RegisterTargets'] as const;
export type Operation = (typeof OPERATIONS)[number];

const SETTLE_MS = 20_000;

function elbv2(action: string, params: Record<string, string> = {}): QueryRequest {
  return queryRequest('elasticloadbalancing', action, params);
}

/** moto validates subnets against its EC2, so it gets a real VPC with subnets in two zones. */
async function motoSubnets(url: string): Promise<string[]> {
  const vpc = await send(url, queryRequest('ec2', 'CreateVpc', { CidrBlock: '10.0.0.0/16' }));
  const vpcId = firstElement(vpc, 'vpcId');
  const subnets = [];
  for (const [index, zone] of ['us-east-1a', 'us-east-1b'].entries()) {
    const subnet = await send(url, queryRequest('ec2', 'CreateSubnet', { VpcId: vpcId, CidrBlock: `10.0.${index}.0/24`, AvailabilityZone: zone }));
    subnets.push(firstElement(subnet, 'subnetId'));
  }
  return subnets;
}

/** How many targets are in each health state. */
function states(xml: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [, state] of xml.matchAll(/<State>([^<]*)<\/State>/g)) counts[state] = (counts[state] ?? 0) + 1;
  return counts;
}

/**
 * Waits for the first health checks to finish, so the cells measure a steady state rather than
 * 100 `initial` → `healthy` transitions. Gives up quietly after a while: a server that does not
 * check (moto) or has not yet got a checker still gets measured.
 */
async function settle(url: string, describe: QueryRequest): Promise<Record<string, number>> {
  const deadline = Date.now() + SETTLE_MS;
  for (;;) {
    const counts = states(await send(url, describe));
    if (!counts.initial || Date.now() > deadline) return counts;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/**
 * Creates the load balancer, and when a target operation is measured the target group with
 * every target registered and a listener forwarding to it (so the targets are in use and report
 * real states). Returns the request of each measured operation, each already answered 200 once.
 */
export async function setUp(
  server: { name: string; url: string },
  operations: readonly Operation[],
  network: { targets: Targets; listenerPort: number },
): Promise<Map<Operation, QueryRequest>> {
  const { url } = server;
  const { targets, listenerPort } = network;
  // kecs-lb has no EC2 and takes subnet ids as given.
  const subnets = server.name === 'moto' ? await motoSubnets(url) : ['subnet-0bench00000000001', 'subnet-0bench00000000002'];
  const subnetParams = Object.fromEntries(subnets.map((id, i) => [`Subnets.member.${i + 1}`, id]));
  const loadBalancer = await send(url, elbv2('CreateLoadBalancer', { Name: 'bench-alb', Type: 'application', ...subnetParams }));
  const LoadBalancerArn = firstElement(loadBalancer, 'LoadBalancerArn');

  const requests = new Map<Operation, QueryRequest>([['DescribeLoadBalancers', elbv2('DescribeLoadBalancers')]]);
  if (operations.some((operation) => operation !== 'DescribeLoadBalancers')) {
    const targetGroup = await send(url, elbv2('CreateTargetGroup', {
      Name: 'bench-tg', Protocol: 'HTTP', Port: String(targets.port), TargetType: 'ip',
      // The load balancer's VPC is valid on both servers (moto's real one, kecs-lb's derived one).
      VpcId: firstElement(loadBalancer, 'VpcId'),
      // One round of checks after registration, then none for the length of the bench.
      HealthCheckIntervalSeconds: '300',
    }));
    const TargetGroupArn = firstElement(targetGroup, 'TargetGroupArn');
    const members = Object.fromEntries(targets.ips.map((ip, i) => [`Targets.member.${i + 1}.Id`, ip]));
    await send(url, elbv2('RegisterTargets', { TargetGroupArn, ...members }));
    // A free loopback port, not 80: kecs-lb's data plane really listens on it.
    await send(url, elbv2('CreateListener', {
      LoadBalancerArn, Protocol: 'HTTP', Port: String(listenerPort),
      'DefaultActions.member.1.Type': 'forward', 'DefaultActions.member.1.TargetGroupArn': TargetGroupArn,
    }));
    const describe = elbv2('DescribeTargetHealth', { TargetGroupArn });
    requests.set('DescribeTargetHealth', describe);
    // Re-registering a registered target is idempotent, so the state stays the same size throughout.
    requests.set('RegisterTargets', elbv2('RegisterTargets', { TargetGroupArn, 'Targets.member.1.Id': targets.ips[0] }));
    console.error(`${server.name}: target states ${JSON.stringify(await settle(url, describe))}`);
  }

  for (const operation of operations) {
    const body = await send(url, requests.get(operation)!);
    // Each TargetHealthDescription holds one <Target>; all must be described, or the row measures less work.
    const described = countElements(body, 'Target');
    if (operation === 'DescribeTargetHealth' && described !== targets.ips.length) {
      throw new Error(`${server.name}: DescribeTargetHealth described ${described} targets, expected ${targets.ips.length}`);
    }
  }
  return requests;
}
