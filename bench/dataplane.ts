/**
 * `npm run bench:dataplane`: the embedded data plane's overhead. One target server (its own
 * process) measured directly and through an ALB HTTP listener of a started gateway, with the same
 * load generator (autocannon) in the same run at concurrency 64, alternating which goes first each
 * round. Prints requests/s and p50/p99 latency of both, the throughput ratio and the added p50,
 * then the same at concurrency 1 (the latency the hop adds without queueing).
 * Goal (issue 4): at least 70% of direct throughput and under 1 ms added p50.
 * Env: BENCH_SECONDS (per cell, default 10), BENCH_ROUNDS (default 3).
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { measureGet, type Figures } from './lib/dataplane-measure.js';
import { freePort, startKecs, type Server } from './lib/servers.js';

const CONNECTIONS = 64;
const SECONDS = Number(process.env.BENCH_SECONDS || 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);
if (!(SECONDS >= 1 && SECONDS <= 300) || !(ROUNDS >= 1 && ROUNDS <= 20)) throw new Error('BENCH_SECONDS must be 1–300, BENCH_ROUNDS 1–20');

const target = fork(fileURLToPath(new URL('./lib/dataplane-target.ts', import.meta.url)), { execArgv: ['--import', 'tsx'] });
let kecs: Server | undefined;
const stopAll = async () => {
  target.kill();
  await kecs?.stop();
};
// A stuck run must not hang: past its budget, stop what was started and fail.
setTimeout(() => {
  console.error('bench:dataplane exceeded its time budget; stopping');
  void stopAll().then(() => process.exit(1));
}, (240 + (ROUNDS + 1) * 2 * (SECONDS + 2)) * 1000).unref();

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

const line = (label: string, f: Figures) =>
  `${label.padEnd(16)} ${f.requestsPerSecond.toFixed(0).padStart(8)} req/s   p50 ${f.p50Ms.toFixed(2).padStart(6)} ms   p99 ${f.p99Ms.toFixed(2).padStart(6)} ms   ${f.failures} failures`;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function run(): Promise<number> {
  const [{ port: targetPort }] = (await once(target, 'message')) as [{ port: number }];
  kecs = await startKecs(new URL('..', import.meta.url));
  const listenerUrl = await setUp(kecs.url, targetPort);
  const directUrl = `http://127.0.0.1:${targetPort}/`;
  const cells = { direct: [] as Figures[], listener: [] as Figures[] };
  for (const url of [directUrl, listenerUrl]) await measureGet(url, {}, CONNECTIONS, 1);
  for (let round = 0; round < ROUNDS; round++) {
    // Alternating which goes first spreads drift (thermal, background load) over both.
    const order = round % 2 === 0 ? (['direct', 'listener'] as const) : (['listener', 'direct'] as const);
    for (const kind of order) {
      const figures = await measureGet(kind === 'direct' ? directUrl : listenerUrl, {}, CONNECTIONS, SECONDS);
      cells[kind].push(figures);
      console.error(line(`round ${round + 1} ${kind}`, figures));
    }
  }
  const summary = (list: Figures[]): Figures => ({
    requestsPerSecond: median(list.map((f) => f.requestsPerSecond)),
    p50Ms: median(list.map((f) => f.p50Ms)),
    p99Ms: median(list.map((f) => f.p99Ms)),
    responses: list.reduce((sum, f) => sum + f.responses, 0),
    failures: list.reduce((sum, f) => sum + f.failures, 0),
  });
  // Unloaded latency (one connection): what the hop adds per request, apart from queueing.
  const single = { direct: await measureGet(directUrl, {}, 1, SECONDS), listener: await measureGet(listenerUrl, {}, 1, SECONDS) };
  const direct = summary(cells.direct);
  const listener = summary(cells.listener);
  const ratio = listener.requestsPerSecond / direct.requestsPerSecond;
  const addedP50 = listener.p50Ms - direct.p50Ms;
  console.log(`\nbench:dataplane — GET, concurrency ${CONNECTIONS}, ${ROUNDS} × ${SECONDS} s per side (medians), loopback, Node ${process.version}\n`);
  console.log(line('direct', direct));
  console.log(line('via listener', listener));
  console.log(`\nthroughput ratio ${(ratio * 100).toFixed(1)}% (goal ≥ 70%), added p50 ${addedP50.toFixed(2)} ms (goal < 1 ms)`);
  console.log(`\nconcurrency 1, ${SECONDS} s each:`);
  console.log(line('direct', single.direct));
  console.log(line('via listener', single.listener));
  console.log(`added p50 at concurrency 1: ${(single.listener.p50Ms - single.direct.p50Ms).toFixed(3)} ms`);
  return direct.failures + listener.failures + single.direct.failures + single.listener.failures === 0 ? 0 : 1;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stopAll().then(() => process.exit(130)));

run()
  .then((code) => { process.exitCode = code; })
  .catch((error: unknown) => {
    console.error('bench:dataplane failed:', error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => stopAll());
