/**
 * `npm run bench:dataplane`: the embedded data plane's overhead. One target server (its own
 * process) measured directly, through an ALB HTTP listener of a started gateway and, when nginx is
 * installed, through nginx as a peer proxy (1 worker, then one per CPU), with the same load
 * generator (autocannon) in the same run at concurrency 64, alternating the order each round.
 * Prints requests/s and p50/p99 latency of each, each proxy's throughput ratio to direct and added
 * p50, the listener against nginx with 1 worker, then direct, listener and nginx with 1 worker at
 * concurrency 1 (the latency the hop adds without queueing). The peer shows how much of the gap
 * this machine imposes on any proxy: load generator, target and proxy share its cores.
 * Goal (issue 4): at least 70% of direct throughput and under 1 ms added p50.
 * Env: BENCH_SECONDS (per cell, default 10), BENCH_ROUNDS (default 3).
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { measure, type Figures } from './lib/measure.js';
import { nginxInstalled, nginxLabel, startNginx, type NginxWorkers } from './lib/dataplane-nginx.js';
import { line, summarize, versus } from './lib/dataplane-report.js';
import { freePort, startKecs, type Server } from './lib/servers.js';
import { benchNumber } from './lib/settings.js';

const CONNECTIONS = 64;
const SECONDS = benchNumber('BENCH_SECONDS', 10, 1, 300);
const ROUNDS = benchNumber('BENCH_ROUNDS', 3, 1, 20);
/** The peer's settings, when nginx is installed: one worker first, the like-for-like comparison. */
const NGINX_WORKERS: readonly NginxWorkers[] = [1, 'auto'];

const target = fork(fileURLToPath(new URL('./lib/dataplane-target.ts', import.meta.url)), { execArgv: ['--import', 'tsx'] });
let kecs: Server | undefined;
const peers: Server[] = [];
const stopAll = async () => {
  target.kill();
  await Promise.all([kecs?.stop(), ...peers.map((peer) => peer.stop())]);
};
// A stuck run must not hang: past its budget, stop what was started and fail.
setTimeout(() => {
  console.error('bench:dataplane exceeded its time budget; stopping');
  void stopAll().then(() => process.exit(1));
}, (240 + (ROUNDS + 1) * (2 + NGINX_WORKERS.length) * (SECONDS + 2)) * 1000).unref();

/** An ALB with one HTTP listener forwarding to the target; answers the listener's URL. */
async function setUp(gatewayUrl: string, targetPort: number): Promise<string> {
  const elb = new ElasticLoadBalancingV2Client({ endpoint: gatewayUrl, region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
  const lb = (await elb.send(new CreateLoadBalancerCommand({ Name: 'bench', Subnets: ['subnet-a', 'subnet-b'] }))).LoadBalancers![0];
  const tg = (await elb.send(new CreateTargetGroupCommand({ Name: 'bench', Protocol: 'HTTP', Port: targetPort, VpcId: lb.VpcId, TargetType: 'ip' }))).TargetGroups![0];
  await elb.send(new RegisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn, Targets: [{ Id: '127.0.0.1', Port: targetPort }] }));
  const port = await freePort();
  await elb.send(new CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn, Protocol: 'HTTP', Port: port, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg.TargetGroupArn }] }));
  elb.destroy();
  const url = `http://127.0.0.1:${port}/`;
  for (let attempt = 0; attempt < 100; attempt++) {
    const response = await fetch(url).catch(() => undefined);
    if (response?.status === 200) return url;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the listener at ${url} never answered 200`);
}

/** One way to reach the target; `unloaded` ones are also measured at concurrency 1. */
interface Side { label: string; url: string; unloaded: boolean }

async function run(): Promise<number> {
  const [{ port: targetPort }] = (await once(target, 'message')) as [{ port: number }];
  kecs = await startKecs(new URL('..', import.meta.url));
  const sides: Side[] = [
    { label: 'direct', url: `http://127.0.0.1:${targetPort}/`, unloaded: true },
    { label: 'via kecs-lb listener', url: await setUp(kecs.url, targetPort), unloaded: true },
  ];
  const nginxIndex = sides.length;
  if (nginxInstalled()) {
    for (const workers of NGINX_WORKERS) {
      const peer = await startNginx(targetPort, workers);
      peers.push(peer);
      sides.push({ label: `via ${peer.name}`, url: peer.url, unloaded: workers === 1 });
    }
  } else {
    console.error('nginx not installed: skipping the peer');
  }
  for (const side of sides) await measure(side.url, {}, CONNECTIONS, 1);
  const cells = sides.map(() => [] as Figures[]);
  for (let round = 0; round < ROUNDS; round++) {
    // Alternating which goes first spreads drift (thermal, background load) over all sides.
    const order = sides.map((_, index) => index);
    if (round % 2 === 1) order.reverse();
    for (const index of order) {
      const figures = await measure(sides[index].url, {}, CONNECTIONS, SECONDS);
      cells[index].push(figures);
      console.error(`round ${round + 1} ${line(sides[index].label, figures)}`);
    }
  }
  // Unloaded latency (one connection): what the hop adds per request, apart from queueing.
  const unloaded: [Side, Figures][] = [];
  for (const side of sides.filter((s) => s.unloaded)) unloaded.push([side, await measure(side.url, {}, 1, SECONDS)]);
  const loaded = cells.map(summarize);
  const [direct, listener] = loaded;
  console.log(`\nbench:dataplane — GET, concurrency ${CONNECTIONS}, ${ROUNDS} × ${SECONDS} s per side (medians), loopback, Node ${process.version}, ${availableParallelism()} CPUs\n`);
  sides.forEach((side, index) => console.log(line(side.label, loaded[index])));
  console.log('');
  for (let index = 1; index < sides.length; index++) {
    console.log(versus(sides[index].label, loaded[index], direct, index === 1 ? ' (goals ≥ 70%, < 1 ms)' : ''));
  }
  if (sides.length > nginxIndex) {
    const nginx = loaded[nginxIndex];
    console.log(`kecs-lb listener / ${nginxLabel(1)}: ${((listener.requestsPerSecond / nginx.requestsPerSecond) * 100).toFixed(1)}% of its throughput, p50 ${(listener.p50Ms - nginx.p50Ms).toFixed(2)} ms more`);
  }
  console.log(`\nconcurrency 1, ${SECONDS} s each:`);
  for (const [side, figures] of unloaded) console.log(line(side.label, figures));
  for (const [side, figures] of unloaded.slice(1)) console.log(`added p50 at concurrency 1 ${side.label}: ${(figures.p50Ms - unloaded[0][1].p50Ms).toFixed(3)} ms`);
  const failures = [...loaded, ...unloaded.map(([, figures]) => figures)].reduce((sum, f) => sum + f.failures, 0);
  return failures === 0 ? 0 : 1;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stopAll().then(() => process.exit(130)));

run()
  .then((code) => { process.exitCode = code; })
  .catch((error: unknown) => {
    console.error('bench:dataplane failed:', error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => stopAll());
