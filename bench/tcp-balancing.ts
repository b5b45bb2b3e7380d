/**
 * `npm run bench:tcp-balancing`: how NLB TCP connections spread over one slow target (holds each
 * connection BENCH_SLOW_MS, default 500) and one fast target (closes at once), through a started
 * gateway's TCP listener: round robin (the default) against least connections
 * (`load_balancing.algorithm.type = least_outstanding_requests`, a kecs-lb extension).
 * BENCH_CONNECTIONS (default 300) connections are opened BENCH_SPACING_MS (default 10) apart;
 * prints the share of connections on the slow target and the most it had open at once.
 * HAProxy with `balance leastconn` is the peer when installed; otherwise it says so and skips it.
 */
import { spawnSync } from 'node:child_process';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client,
  ModifyTargetGroupAttributesCommand,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { converse, startTcpTarget, type TcpTarget } from '../tests/gateway/traffic/dataplane/lib/tcp-targets.js';
import { freePort, startKecs } from './lib/servers.js';
import { benchNumber } from './lib/settings.js';

const CONNECTIONS = benchNumber('BENCH_CONNECTIONS', 300, 10, 10_000);
const SPACING_MS = benchNumber('BENCH_SPACING_MS', 10, 0, 1_000);
const SLOW_MS = benchNumber('BENCH_SLOW_MS', 500, 1, 60_000);

/** Opens the connections through `port`; answers the slow target's share and its peak of open connections. */
async function run(port: number, slow: TcpTarget, fast: TcpTarget): Promise<{ share: number; peak: number }> {
  const before = slow.served + fast.served;
  const slowBefore = slow.served;
  let peak = 0;
  const closed = [];
  for (let i = 0; i < CONNECTIONS; i++) {
    const conversation = converse(port);
    await conversation.greeting;
    peak = Math.max(peak, slow.open.size);
    closed.push(conversation.closed);
    await new Promise((resolve) => setTimeout(resolve, SPACING_MS));
  }
  await Promise.all(closed);
  return { share: (slow.served - slowBefore) / (slow.served + fast.served - before), peak };
}

const kecs = await startKecs(new URL('../', import.meta.url));
const targets: TcpTarget[] = [];
try {
  const elb = new ElasticLoadBalancingV2Client({ endpoint: kecs.url, region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' }, maxAttempts: 1 });
  const lb = (await elb.send(new CreateLoadBalancerCommand({ Name: 'bench-tcp', Type: 'network', Subnets: ['subnet-a', 'subnet-b'] }))).LoadBalancers![0];
  const rows: string[] = [];
  for (const algorithm of ['round_robin', 'least_outstanding_requests']) {
    const slow = await startTcpTarget('slow', { holdMs: SLOW_MS });
    const fast = await startTcpTarget('fast', { holdMs: 0 });
    targets.push(slow, fast);
    const tg = (await elb.send(new CreateTargetGroupCommand({ Name: `bench-${algorithm.slice(0, 5)}`, Protocol: 'TCP', Port: 80, VpcId: lb.VpcId, TargetType: 'ip' }))).TargetGroups![0];
    await elb.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: tg.TargetGroupArn, Attributes: [{ Key: 'load_balancing.algorithm.type', Value: algorithm }] }));
    await elb.send(new RegisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn, Targets: [slow, fast].map((t) => ({ Id: '127.0.0.1', Port: t.port })) }));
    const port = await freePort();
    await elb.send(new CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn, Protocol: 'TCP', Port: port, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg.TargetGroupArn }] }));
    // Until the data plane serves the listener.
    for (let tries = 0; ; tries++) {
      if (await converse(port).greeting.then(() => true, () => false)) break;
      if (tries > 200) throw new Error('listener not served');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    while (slow.open.size > 0) await new Promise((resolve) => setTimeout(resolve, 50));
    const { share, peak } = await run(port, slow, fast);
    rows.push(`kecs-lb ${algorithm.padEnd(27)} slow share ${(share * 100).toFixed(1).padStart(5)}%   slow peak open ${peak}`);
  }
  elb.destroy();
  if (spawnSync('haproxy', ['-v']).error) rows.push('haproxy: not installed, peer skipped');
  console.log(`${CONNECTIONS} connections ${SPACING_MS} ms apart; slow target holds ${SLOW_MS} ms, fast closes at once`);
  for (const row of rows) console.log(row);
} finally {
  await Promise.all(targets.map((t) => t.close()));
  await kecs.stop();
}
