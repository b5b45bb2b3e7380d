/**
 * `npx tsx bench/ec2-facts.ts`: what reading EC2 from the upstream costs a CreateLoadBalancer.
 * Starts moto's server (the upstream's EC2) and two gateways on loopback, one without an upstream
 * and one with moto as KECS_UPSTREAM_URL, then times sequential CreateLoadBalancer calls (an ALB
 * in two subnets, no security groups, so the VPC's default group is looked up too) on each:
 * - without an upstream (the zones come from kecs-lb's rule);
 * - with the upstream, cache warm (the same two subnets each time, read once per 30 s);
 * - with the upstream, cache cold (two subnets created just before each call, so DescribeSubnets
 *   goes to moto every time; the VPC's default group stays cached).
 * Each load balancer is deleted after its create (untimed), so the quota never bites.
 * Env: BENCH_EC2_CALLS (per case, default 100).
 */
import { CreateSubnetCommand, CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import { firstElement, queryRequest, send } from './lib/query.js';
import { benchNumber } from './lib/settings.js';
import { motoInstalled, startKecs, startMoto, type Server } from './lib/servers.js';

const started: Server[] = [];

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

/** Times `calls` creates on `gateway`; `subnetsFor(i)` gives each call's subnets (made before the clock starts). */
async function timeCreates(gateway: Server, calls: number, subnetsFor: (i: number) => Promise<[string, string]>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    const [a, b] = await subnetsFor(i);
    const request = queryRequest('elasticloadbalancing', 'CreateLoadBalancer', { Name: `bench-${i}`, 'Subnets.member.1': a, 'Subnets.member.2': b });
    const started = performance.now();
    const xml = await send(gateway.url, request);
    times.push(performance.now() - started);
    await send(gateway.url, queryRequest('elasticloadbalancing', 'DeleteLoadBalancer', { LoadBalancerArn: firstElement(xml, 'LoadBalancerArn') }));
  }
  return times.sort((x, y) => x - y);
}

async function run(): Promise<void> {
  const calls = benchNumber('BENCH_EC2_CALLS', 100, 5, 2000);
  if (!motoInstalled()) throw new Error('moto is not installed (pip install "moto[server]"): there is no EC2 to measure against');
  const moto = await startMoto();
  started.push(moto);
  const ec2 = new EC2Client({ endpoint: moto.url, region: 'us-east-1', credentials: { accessKeyId: '000000000000', secretAccessKey: 'test' } });
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
  let next = 0;
  // /28 subnets: 4,096 of them fit in the /16.
  const subnet = async (zone: string) => {
    const n = next++;
    const CidrBlock = `10.0.${Math.floor(n / 16)}.${(n % 16) * 16}/28`;
    return (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock, AvailabilityZone: zone }))).Subnet!.SubnetId!;
  };
  const warm: [string, string] = [await subnet('us-east-1a'), await subnet('us-east-1b')];

  const plain = await startKecs(new URL('..', import.meta.url));
  started.push(plain);
  const withEc2 = await startKecs(new URL('..', import.meta.url), { KECS_UPSTREAM_URL: moto.url });
  started.push(withEc2);

  // A few untimed calls each, so both gateways have warm connections and JIT.
  await timeCreates(plain, 5, async () => ['subnet-a', 'subnet-b']);
  await timeCreates(withEc2, 5, async () => warm);
  const rows: Array<[string, number[]]> = [
    ['no upstream', await timeCreates(plain, calls, async () => ['subnet-a', 'subnet-b'])],
    ['upstream EC2, cache warm', await timeCreates(withEc2, calls, async () => warm)],
    ['upstream EC2, cache cold (new subnets)', await timeCreates(withEc2, calls, async () => [await subnet('us-east-1a'), await subnet('us-east-1b')])],
  ];
  ec2.destroy();
  console.log(`CreateLoadBalancer, ${calls} sequential calls per case (ms)`);
  console.log('| case | p50 | p90 | p99 |\n|---|---:|---:|---:|');
  for (const [name, times] of rows) {
    console.log(`| ${name} | ${[0.5, 0.9, 0.99].map((f) => percentile(times, f).toFixed(2)).join(' | ')} |`);
  }
}

run().then(
  () => Promise.allSettled(started.map((server) => server.stop())),
  async (error: unknown) => {
    console.error(error);
    await Promise.allSettled(started.map((server) => server.stop()));
    process.exitCode = 1;
  },
);
