/**
 * `npm run bench:kubernetes`: how fast targets follow pods. A started gateway watches a fake
 * Kubernetes API server (tests/support/fake-kube-api.ts: the real list/watch protocol);
 * "routable" is read where a data plane reads it, the route table as Traefik's configuration
 * lists it (`/_kecs/traefik/dynamic.json`, polled every 25 ms).
 *
 * 1. BENCH_PODS (default 1,000) labelled pods appear at once → time until all are routable.
 * 2. BENCH_RATE pod changes per second (default 100; each flips one pod's readiness) for
 *    BENCH_SECONDS (default 10) → lag from each change to the route table reflecting it.
 *
 * Peer, same run, same gateway: the same targets and the same changes made through the API
 * (one RegisterTargets call; one DeregisterTargets per change) on a twin group, measured after
 * the pods so that the two paths do not share the machine. BENCH_POLL_MS, BENCH_LOG_LEVEL.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DeregisterTargetsCommand,
  ElasticLoadBalancingV2Client,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { targetGroupServiceName } from '../gateway/traffic/traefik/names.js';
import { pod, startFakeKubeApi, writeKubeconfig } from '../tests/support/fake-kube-api.js';
import { percentile } from './lib/health-measure.js';
import { freePort, startKecs } from './lib/servers.js';
import { benchNumber } from './lib/settings.js';

// At most 1,000 pods: the targets-per-group quota.
const PODS = benchNumber('BENCH_PODS', 1000, 10, 1000);
const RATE = benchNumber('BENCH_RATE', 100, 1, 500);
const SECONDS = benchNumber('BENCH_SECONDS', 10, 1, 120);
const POLL_MS = benchNumber('BENCH_POLL_MS', 25, 5, 1_000);
const PORT = 8080;
const NAMESPACE = 'bench-us-east-1';

/** Pod i's address: spread over 127.1.0.0/16, where nothing listens (checks fail; ALB fails open). */
const ipOf = (i: number) => `127.1.${i >> 8}.${i & 255}`;

async function main(): Promise<void> {
  setTimeout(() => { console.error('bench:kubernetes exceeded 10 minutes; stopping'); process.exit(1); }, 600_000).unref();
  const dir = await mkdtemp(join(tmpdir(), 'kecs-lb-bench-kube-'));
  const kube = await startFakeKubeApi();
  const gateway = await startKecs(new URL('..', import.meta.url), { KECS_KUBERNETES: 'on', KUBECONFIG: await writeKubeconfig(dir, kube.url), KECS_TICK_MS: '250', KECS_LOG_LEVEL: process.env.BENCH_LOG_LEVEL || 'warn' });
  const elb = new ElasticLoadBalancingV2Client({ endpoint: gateway.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  try {
    const lb = (await elb.send(new CreateLoadBalancerCommand({ Name: 'bench', Subnets: ['subnet-a', 'subnet-b'] }))).LoadBalancers![0].LoadBalancerArn!;
    const group = async (name: string) => {
      const arn = (await elb.send(new CreateTargetGroupCommand({ Name: name, Protocol: 'HTTP', Port: PORT, VpcId: 'vpc-1', TargetType: 'ip', HealthCheckIntervalSeconds: 30 }))).TargetGroups![0].TargetGroupArn!;
      await elb.send(new CreateListenerCommand({ LoadBalancerArn: lb, Protocol: 'HTTP', Port: await freePort(), DefaultActions: [{ Type: 'forward', TargetGroupArn: arn }] }));
      return arn;
    };
    const podGroup = await group('bench-pods');
    const apiGroup = await group('bench-api');

    /** The routable addresses of both groups, as the route table lists them now. */
    const routable = async (): Promise<Record<'pods' | 'api', Set<string>>> => {
      const config = await (await fetch(`${gateway.url}/_kecs/traefik/dynamic.json`)).json() as { http?: { services?: Record<string, { loadBalancer?: { servers?: Array<{ url: string }> } }> } };
      const addresses = (arn: string) => new Set((config.http?.services?.[targetGroupServiceName(arn)]?.loadBalancer?.servers ?? []).map((s) => new URL(s.url).hostname));
      return { pods: addresses(podGroup), api: addresses(apiGroup) };
    };
    /** Polls until `done` holds for the route table; answers the milliseconds since `since`. */
    const until = async (since: number, done: (now: Awaited<ReturnType<typeof routable>>) => boolean) => {
      for (;;) {
        if (done(await routable())) return performance.now() - since;
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    };

    // 1. PODS at once.
    const labelled = (i: number, ready: boolean) => pod({ name: `web-${i}`, namespace: NAMESPACE, ip: ipOf(i), ready, ports: [PORT], labels: { 'kecs.io/elbv2-target-group-name': 'bench-pods' } });
    let t0 = performance.now();
    for (let i = 0; i < PODS; i++) kube.addPod(labelled(i, true));
    const podsAppear = await until(t0, (now) => now.pods.size === PODS);
    t0 = performance.now();
    await elb.send(new RegisterTargetsCommand({ TargetGroupArn: apiGroup, Targets: Array.from({ length: PODS }, (_, i) => ({ Id: ipOf(i), Port: PORT })) }));
    const apiAppear = await until(t0, (now) => now.api.size === PODS);

    // 2. RATE changes per second, each taking one target out of rotation, once per target; the
    // pods first, then their API twins, so neither path shares the machine with the other.
    const changes = Math.min(PODS, RATE * SECONDS);
    const lagsOf = async (side: 'pods' | 'api', change: (i: number) => unknown): Promise<number[]> => {
      const pending = new Map<string, number>();
      const lags: number[] = [];
      let done = false;
      const observer = (async () => {
        while (!done || pending.size > 0) {
          const now = (await routable())[side];
          const seenAt = performance.now();
          for (const [ip, at] of pending) {
            if (!now.has(ip)) { lags.push(seenAt - at); pending.delete(ip); }
          }
          await new Promise((r) => setTimeout(r, POLL_MS));
        }
      })();
      const started = performance.now();
      const calls: unknown[] = [];
      for (let i = 0; i < changes; i++) {
        await new Promise((r) => setTimeout(r, Math.max(0, started + (i * 1000) / RATE - performance.now())));
        pending.set(ipOf(i), performance.now());
        calls.push(change(i));
      }
      await Promise.all(calls);
      done = true;
      await observer;
      return lags;
    };
    const lags = {
      pods: await lagsOf('pods', (i) => kube.updatePod(labelled(i, false))),
      api: await lagsOf('api', (i) => elb.send(new DeregisterTargetsCommand({ TargetGroupArn: apiGroup, Targets: [{ Id: ipOf(i), Port: PORT }] }))),
    };

    const row = (name: string, appear: number, lag: number[]) => {
      const sorted = [...lag].sort((a, b) => a - b);
      return `| ${name} | ${(appear / 1000).toFixed(2)} s | ${lag.length} | ${percentile(sorted, 0.5).toFixed(0)} ms | ${percentile(sorted, 0.99).toFixed(0)} ms | ${sorted.at(-1)!.toFixed(0)} ms |`;
    };
    console.log(`\n${PODS} targets appearing at once; then ${changes} changes at ${RATE}/s, each taking one target out of rotation (route table polled every ${POLL_MS} ms)\n`);
    console.log('| path | all routable after | changes | lag p50 | lag p99 | lag max |');
    console.log('|---|---:|---:|---:|---:|---:|');
    console.log(row('kecs-lb: pods (watch → reconcile → route table)', podsAppear, lags.pods));
    console.log(row('peer: the same through the API (RegisterTargets / DeregisterTargets)', apiAppear, lags.api));
  } finally {
    elb.destroy();
    await gateway.stop();
    await kube.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
