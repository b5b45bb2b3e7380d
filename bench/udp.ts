/**
 * `npx tsx bench/udp.ts`: request/response datagrams over BENCH_FLOWS (default 16) client flows,
 * each sending its next datagram when the previous answer arrives, for BENCH_SECONDS (default 5)
 * per round: straight to two UDP echo targets, then through a started gateway's NLB UDP listener
 * balancing over the same two. Three rounds each, alternated; prints the median round's
 * datagrams/s and round-trip p50/p99, and the listener's share of direct. No UDP peer runs here:
 * HAProxy has no UDP proxying and Debian's nginx-light lacks the stream module; the bench says
 * which it found.
 */
import { spawnSync } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { freePort, startKecs } from './lib/servers.js';
import { benchNumber } from './lib/settings.js';

const FLOWS = benchNumber('BENCH_FLOWS', 16, 1, 1000);
const SECONDS = benchNumber('BENCH_SECONDS', 5, 1, 600);
const ROUNDS = 3;
const PAYLOAD = Buffer.alloc(64, 'x');

async function echoTarget(): Promise<Socket> {
  const socket = createSocket('udp4');
  socket.on('message', (data, from) => socket.send(data, from.port, from.address));
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  return socket;
}

const portOf = (socket: Socket) => (socket.address() as AddressInfo).port;

interface Round { perSecond: number; p50: number; p99: number }

/** Runs FLOWS ping-pong flows for SECONDS; flow i talks to `ports[i % ports.length]`. */
async function round(ports: readonly number[]): Promise<Round> {
  const rtts: number[] = [];
  const clients: Socket[] = [];
  const deadline = performance.now() + SECONDS * 1000;
  await Promise.all(Array.from({ length: FLOWS }, async (_, i) => {
    const client = createSocket('udp4');
    clients.push(client);
    client.bind(0, '127.0.0.1');
    await once(client, 'listening');
    const port = ports[i % ports.length];
    await new Promise<void>((resolve) => {
      let sent = 0;
      const next = () => {
        if (performance.now() >= deadline) return resolve();
        sent = performance.now();
        client.send(PAYLOAD, port, '127.0.0.1');
      };
      // A datagram lost on a busy machine would stall the flow: resend after 100 ms of silence.
      const watchdog = setInterval(() => { if (performance.now() - sent > 100) next(); }, 100);
      client.on('message', () => {
        rtts.push(performance.now() - sent);
        next();
      });
      next();
      void once(client, 'close').then(() => clearInterval(watchdog));
    });
  }));
  for (const client of clients) client.close();
  rtts.sort((a, b) => a - b);
  return { perSecond: rtts.length / SECONDS, p50: rtts[Math.floor(rtts.length / 2)], p99: rtts[Math.floor(rtts.length * 0.99)] };
}

const median = (rounds: Round[]) => [...rounds].sort((a, b) => a.perSecond - b.perSecond)[Math.floor(rounds.length / 2)];

const kecs = await startKecs(new URL('../', import.meta.url));
const targets = [await echoTarget(), await echoTarget()];
try {
  const elb = new ElasticLoadBalancingV2Client({ endpoint: kecs.url, region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' }, maxAttempts: 1 });
  const lb = (await elb.send(new CreateLoadBalancerCommand({ Name: 'bench-udp', Type: 'network', Subnets: ['subnet-a', 'subnet-b'] }))).LoadBalancers![0];
  const tg = (await elb.send(new CreateTargetGroupCommand({ Name: 'bench-udp', Protocol: 'UDP', Port: 53, VpcId: lb.VpcId, TargetType: 'ip' }))).TargetGroups![0];
  await elb.send(new RegisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn, Targets: targets.map((t) => ({ Id: '127.0.0.1', Port: portOf(t) })) }));
  const port = await freePort();
  await elb.send(new CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn, Protocol: 'UDP', Port: port, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg.TargetGroupArn }] }));
  elb.destroy();
  // Until the data plane serves the listener.
  for (let tries = 0; (await round([port]).catch(() => ({ perSecond: 0 }))).perSecond === 0; tries++) {
    if (tries > 20) throw new Error('listener not served');
  }
  const direct: Round[] = [];
  const through: Round[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    direct.push(await round(targets.map(portOf)));
    through.push(await round([port]));
  }
  const d = median(direct);
  const t = median(through);
  const row = (name: string, r: Round) => `${name.padEnd(28)} ${r.perSecond.toFixed(0).padStart(7)} datagrams/s   p50 ${r.p50.toFixed(3)} ms   p99 ${r.p99.toFixed(3)} ms`;
  console.log(`${FLOWS} flows, 64-byte datagrams, one in flight per flow, median of ${ROUNDS} × ${SECONDS} s`);
  console.log(row('direct to the targets', d));
  console.log(row('through a kecs-lb UDP listener', t));
  console.log(`listener share of direct: ${((t.perSecond / d.perSecond) * 100).toFixed(1)}%, added p50 ${(t.p50 - d.p50).toFixed(3)} ms`);
  if (spawnSync('haproxy', ['-v']).error === undefined) console.log('haproxy: installed, but it does not proxy UDP; no peer');
  // Debian builds the stream module (UDP proxying) as a dynamic module, in libnginx-mod-stream.
  const nginx = spawnSync('nginx', ['-V'], { encoding: 'utf8' });
  const stream = /--with-stream(\s|$)/.test(nginx.stderr ?? '') || existsSync('/usr/lib/nginx/modules/ngx_stream_module.so');
  if (!nginx.error) console.log(`nginx: ${stream ? 'has the stream module, not benchmarked here' : 'without its stream module (UDP proxying) here; no peer'}`);
} finally {
  for (const target of targets) target.close();
  await kecs.stop();
}
