/**
 * `npx tsx bench/console.ts`: the console with hundreds of resources in one account and region.
 * AWS's quota of 50 load balancers per region (kept here) bounds those, so the scope shown gets
 * 50 load balancers with 6 HTTP listeners each (300 listeners, 2 rules each besides the default),
 * 300 target groups (one per listener) of 3 targets each, and 5 other regions 50 load balancers
 * each, which the state query must skip. All through the SDK against a gateway started in this
 * process (embedded Postgres, KECS_DATAPLANE=off so no listener ports are bound). Measures:
 * - `GET /_kecs/console/state.json` (one query per table), beside its peer: the same facts read
 *   through the AWS API as a client would (DescribeLoadBalancers, DescribeListeners per load
 *   balancer, DescribeRules per listener, DescribeTargetGroups, DescribeTargetHealth per group),
 *   interleaved in the same run;
 * - the page in headless Chromium (when /usr/bin/chromium exists): time from navigation to the
 *   first full render, and the render itself (console.js records it).
 * Env: BENCH_CONSOLE_ROUNDS (10; the peer runs 3 of them); BENCH_CONSOLE_TIMELINE=1 also prints
 * each page load's timeline (navigation and resource timings).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateListenerCommand, CreateLoadBalancerCommand, CreateRuleCommand, CreateTargetGroupCommand, DescribeListenersCommand,
  DescribeLoadBalancersCommand, DescribeRulesCommand, DescribeTargetGroupsCommand, DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client, RegisterTargetsCommand, 
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { chromium } from 'playwright-core';
import { loadConfig } from '../gateway/config.js';
import { openDatabase } from '../gateway/database/connect.js';
import { createLogger } from '../gateway/logger.js';
import { createGateway } from '../gateway/start-gateway.js';
import { benchNumber } from './lib/settings.js';

const LOAD_BALANCERS = 50;
const LISTENERS_PER_LB = 6;
const OTHER_REGIONS = ['us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-1', 'sa-east-1'];
const ROUNDS = benchNumber('BENCH_CONSOLE_ROUNDS', 10, 3, 200);
const CHROMIUM = '/usr/bin/chromium';

const log = createLogger(process.env.KECS_LOG_LEVEL ?? 'silent');
const dataDir = await mkdtemp(join(tmpdir(), 'kecs-lb-bench-console-'));
const config = loadConfig({ KECS_DATA_DIR: dataDir, KECS_LOG_LEVEL: process.env.KECS_LOG_LEVEL ?? 'silent', DATABASE_URL: '', KECS_PORT: '0', KECS_DATAPLANE: 'off' });
const database = await openDatabase(config, log);
const gateway = await createGateway(config, database, log);
const port = await gateway.listen();
const url = `http://127.0.0.1:${port}`;
const elb = new ElasticLoadBalancingV2Client({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });

/** Runs `work` for each of `items`, `width` at a time. */
async function inParallel<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

function stats(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return `median ${at(0.5).toFixed(1)} ms, p90 ${at(0.9).toFixed(1)} ms`;
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

try {
  const setupStarted = performance.now();
  const hex = (n: number) => n.toString(16).padStart(17, '0');
  // One call at a time: concurrent creations in one region can deadlock in Postgres (answered
  // 500 InternalFailure), which this bench is not about.
  for (let i = 0; i < LOAD_BALANCERS; i++) {
    const lb = (await elb.send(new CreateLoadBalancerCommand({ Name: `lb-${i}`, Subnets: ['subnet-a', 'subnet-b'] }))).LoadBalancers![0];
    for (let j = 0; j < LISTENERS_PER_LB; j++) {
      const n = i * LISTENERS_PER_LB + j;
      const tg = (await elb.send(new CreateTargetGroupCommand({ Name: `tg-${n}`, Protocol: 'HTTP', Port: 80, VpcId: lb.VpcId }))).TargetGroups![0];
      await elb.send(new RegisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn, Targets: [0, 1, 2].map((k) => ({ Id: `i-${hex(n * 3 + k)}`, Port: 8080 })) }));
      const listener = (await elb.send(new CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn, Protocol: 'HTTP', Port: 10_000 + n, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg.TargetGroupArn }] }))).Listeners![0];
      await elb.send(new CreateRuleCommand({ ListenerArn: listener.ListenerArn, Priority: 1, Conditions: [{ Field: 'path-pattern', Values: ['/api/*'] }], Actions: [{ Type: 'forward', TargetGroupArn: tg.TargetGroupArn }] }));
      await elb.send(new CreateRuleCommand({ ListenerArn: listener.ListenerArn, Priority: 2, Conditions: [{ Field: 'host-header', Values: ['old.example.com'] }], Actions: [{ Type: 'redirect', RedirectConfig: { StatusCode: 'HTTP_301', Host: 'new.example.com' } }] }));
    }
  }
  for (const region of OTHER_REGIONS) {
    const there = new ElasticLoadBalancingV2Client({ endpoint: url, region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
    for (let i = 0; i < LOAD_BALANCERS; i++) await there.send(new CreateLoadBalancerCommand({ Name: `lb-${i}`, Subnets: ['subnet-a', 'subnet-b'] }));
    there.destroy();
  }
  const listeners = LOAD_BALANCERS * LISTENERS_PER_LB;
  console.log(`set-up in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s. Shown: ${LOAD_BALANCERS} load balancers, ${listeners} listeners, ${listeners * 3} rules, ${listeners} target groups, ${listeners * 3} targets; elsewhere: ${OTHER_REGIONS.length * LOAD_BALANCERS} load balancers`);

  let bytes = 0;
  const stateMs: number[] = [];
  const apiMs: number[] = [];
  const viaApi = async () => {
    const lbs = (await elb.send(new DescribeLoadBalancersCommand({ PageSize: 400 }))).LoadBalancers!;
    await inParallel(lbs, 8, async (lb) => {
      const listeners = (await elb.send(new DescribeListenersCommand({ LoadBalancerArn: lb.LoadBalancerArn }))).Listeners!;
      for (const l of listeners) await elb.send(new DescribeRulesCommand({ ListenerArn: l.ListenerArn }));
    });
    const groups = (await elb.send(new DescribeTargetGroupsCommand({ PageSize: 400 }))).TargetGroups!;
    await inParallel(groups, 8, async (g) => { await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: g.TargetGroupArn })); });
  };
  // Interleaved rounds, so noise from the shared machine falls on both alike.
  for (let round = 0; round < ROUNDS; round++) {
    stateMs.push(await timed(async () => { bytes = (await (await fetch(`${url}/_kecs/console/state.json`)).arrayBuffer()).byteLength; }));
    if (round < 3) apiMs.push(await timed(viaApi));
  }
  console.log(`state.json (${(bytes / 1024).toFixed(0)} KiB): ${stats(stateMs)}`);
  console.log(`peer, the same facts through the AWS API (${2 + LOAD_BALANCERS + 2 * listeners} calls, 8 at a time): ${stats(apiMs)}`);
  console.log(`ratio peer / state.json (medians): ${(median(apiMs) / median(stateMs)).toFixed(1)}x`);

  if (existsSync(CHROMIUM)) {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    try {
      const firstRender: number[] = [];
      const render: number[] = [];
      for (let round = 0; round < 3; round++) {
        const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
        const started = performance.now();
        await page.goto(`${url}/_kecs/console/`);
        await page.waitForFunction(() => document.body.dataset.renderMs !== undefined, undefined, { timeout: 30_000 });
        firstRender.push(performance.now() - started);
        render.push(Number(await page.evaluate(() => document.body.dataset.renderMs)));
        if (process.env.BENCH_CONSOLE_TIMELINE) {
          console.log(JSON.stringify(await page.evaluate(() => ({
            now: performance.now(),
            navigation: (({ domContentLoadedEventEnd, loadEventEnd }) => ({ domContentLoadedEventEnd, loadEventEnd }))(performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming),
            resources: performance.getEntriesByType('resource').map((r) => [r.name.replace(/^.*\//, ''), Math.round(r.startTime), Math.round((r as PerformanceResourceTiming).responseStart)]),
          }))));
        }
        await page.close();
      }
      console.log(`page, navigation to first full render: ${stats(firstRender)}; the render itself: ${stats(render)}`);
    } finally {
      await browser.close();
    }
  } else {
    console.log(`page: not measured (${CHROMIUM} is absent)`);
  }
} finally {
  elb.destroy();
  await gateway.stop(1_000);
  await database.close();
  await rm(dataDir, { recursive: true, force: true });
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
