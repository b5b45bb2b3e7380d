/**
 * `npx tsx bench/ec2-facts.ts`: what reading EC2 from the upstream costs a CreateLoadBalancer.
 * Starts moto's server (the upstream's EC2) and two gateways on loopback, one without an upstream
 * and one with moto as KECS_UPSTREAM_URL, then times sequential CreateLoadBalancer calls of an ALB
 * in two subnets:
 * - without an upstream (the zones come from kecs-lb's rule);
 * - with the upstream, cache warm (the same two subnets each time, read once per 30 s; no groups,
 *   so the VPC's default group, cached too);
 * - cache cold (two subnets created just before each call, so DescribeSubnets goes to moto every
 *   time; the VPC's default group stays cached);
 * - cache cold with a security group (two new subnets and a new group each call: DescribeSubnets
 *   and DescribeSecurityGroups both go to moto, side by side);
 * - and, as the floor of a cold call, one DescribeSubnets sent straight to moto.
 * The cases take turns call by call, so a shared machine's changing load falls on all alike.
 * Each load balancer is deleted after its create (untimed), so the quota never bites.
 * Env: BENCH_EC2_CALLS (per case, default 100).
 */
import { CreateSecurityGroupCommand, CreateSubnetCommand, CreateVpcCommand, DescribeSubnetsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { firstElement, queryRequest, send } from './lib/query.js';
import { benchNumber } from './lib/settings.js';
import { motoInstalled, startKecs, startMoto, type Server } from './lib/servers.js';

const started: Server[] = [];

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

/** One timed CreateLoadBalancer (its delete is not timed). */
async function timeCreate(gateway: Server, name: string, subnets: readonly string[], group?: string): Promise<number> {
  const params: Record<string, string> = { Name: name, 'Subnets.member.1': subnets[0], 'Subnets.member.2': subnets[1] };
  if (group) params['SecurityGroups.member.1'] = group;
  const request = queryRequest('elasticloadbalancing', 'CreateLoadBalancer', params);
  const start = performance.now();
  const xml = await send(gateway.url, request);
  const ms = performance.now() - start;
  await send(gateway.url, queryRequest('elasticloadbalancing', 'DeleteLoadBalancer', { LoadBalancerArn: firstElement(xml, 'LoadBalancerArn') }));
  return ms;
}

async function run(): Promise<void> {
  const calls = benchNumber('BENCH_EC2_CALLS', 100, 5, 600);
  if (!motoInstalled()) throw new Error('moto is not installed (pip install "moto[server]"): there is no EC2 to measure against');
  const moto = await startMoto();
  started.push(moto);
  const ec2 = new EC2Client({ endpoint: moto.url, region: 'us-east-1', credentials: { accessKeyId: '000000000000', secretAccessKey: 'test' } });
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
  let next = 0;
  // /28 subnets: 4,096 of them fit in the /16 (six per round: 600 rounds and the warm-up fit).
  const subnet = async (zone: string) => {
    const n = next++;
    const CidrBlock = `10.0.${Math.floor(n / 16)}.${(n % 16) * 16}/28`;
    return (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock, AvailabilityZone: zone }))).Subnet!.SubnetId!;
  };
  const newPair = async () => [await subnet('us-east-1a'), await subnet('us-east-1b')];
  const newGroup = async (n: number) => (await ec2.send(new CreateSecurityGroupCommand({ GroupName: `bench-${n}`, Description: 'bench', VpcId: vpc }))).GroupId!;
  const warm = await newPair();

  const plain = await startKecs(new URL('..', import.meta.url));
  started.push(plain);
  const withEc2 = await startKecs(new URL('..', import.meta.url), { KECS_UPSTREAM_URL: moto.url });
  started.push(withEc2);

  type Case = { name: string; prepare(i: number): Promise<() => Promise<number>> };
  const cases: Case[] = [
    { name: 'no upstream', prepare: async (i) => () => timeCreate(plain, `plain-${i}`, ['subnet-a', 'subnet-b']) },
    { name: 'upstream EC2, cache warm', prepare: async (i) => () => timeCreate(withEc2, `warm-${i}`, warm) },
    { name: 'upstream EC2, cache cold (new subnets)', prepare: async (i) => { const pair = await newPair(); return () => timeCreate(withEc2, `cold-${i}`, pair); } },
    {
      name: 'upstream EC2, cache cold (new subnets and group)',
      prepare: async (i) => {
        const [pair, group] = [await newPair(), await newGroup(i)];
        return () => timeCreate(withEc2, `cold-sg-${i}`, pair, group);
      },
    },
    {
      name: 'moto alone: one DescribeSubnets (2 new ids)',
      prepare: async () => {
        const pair = await newPair();
        return async () => {
          const start = performance.now();
          await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'subnet-id', Values: pair }] }));
          return performance.now() - start;
        };
      },
    },
  ];
  // A few untimed rounds, so both gateways have warm connections and JIT (and the default group is cached).
  for (let i = 0; i < 5; i++) for (const c of cases) await (await c.prepare(10_000 + i))();
  const times = cases.map(() => [] as number[]);
  for (let i = 0; i < calls; i++) {
    // Rotating order: no case always runs right after resource creation or right after another.
    for (let k = 0; k < cases.length; k++) {
      const index = (i + k) % cases.length;
      const timed = await cases[index].prepare(i);
      times[index].push(await timed());
    }
  }
  ec2.destroy();
  console.log(`CreateLoadBalancer, ${calls} sequential calls per case, cases taking turns (ms)`);
  console.log('| case | p50 | p90 | p99 |\n|---|---:|---:|---:|');
  cases.forEach((c, index) => {
    const sorted = times[index].sort((x, y) => x - y);
    console.log(`| ${c.name} | ${[0.5, 0.9, 0.99].map((f) => percentile(sorted, f).toFixed(2)).join(' | ')} |`);
  });
}

run().then(
  () => Promise.allSettled(started.map((server) => server.stop())),
  async (error: unknown) => {
    console.error(error);
    await Promise.allSettled(started.map((server) => server.stop()));
    process.exitCode = 1;
  },
);
