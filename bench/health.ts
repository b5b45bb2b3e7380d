/**
 * `npm run bench:health`: the HealthCheck handler, run by the gateway's scheduler at 1-second
 * ticks against an embedded Postgres, checking 10,000 targets (addresses spread over 127.0.0.0/8,
 * all served by one local HTTP server in a child process) every 5 seconds. Prints probes per
 * second sustained, schedule lag (arrival at the target − due time) p50/p99, and CPU, beside the
 * same probes made with no database (bare loops) for the overhead.
 * Env: BENCH_HEALTH_TARGETS (10000), BENCH_HEALTH_SECONDS (30, measured after one warm-up interval).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../gateway/config.js';
import { openDatabase } from '../gateway/database/connect.js';
import { createLogger } from '../gateway/logger.js';
import { startScheduler } from '../gateway/scheduler.js';
import { handler as healthCheck, type HealthCheckSummary } from '../handlers/scheduled/HealthCheck.js';
import { bareProbes } from './lib/health-peers.js';
import { percentile, postgresCpuMs, processCpuMs, scheduleLags } from './lib/health-measure.js';
import { onSchedule, writeTargets } from './lib/health-setup.js';
import type { BenchMessage, ServerMessage } from './lib/health-targets.js';
import { benchNumber } from './lib/settings.js';

const TARGETS = benchNumber('BENCH_HEALTH_TARGETS', 10_000, 1, 250_000);
const SECONDS = benchNumber('BENCH_HEALTH_SECONDS', 30, 5, 600);
const INTERVAL_S = 5;
const TICK_MS = 1000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = createLogger('silent');
const dataDir = await mkdtemp(join(tmpdir(), 'kecs-lb-bench-health-'));
const server = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./lib/health-server.ts', import.meta.url))], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const ask = async <K extends 'port' | 'arrivals'>(key: K, message?: BenchMessage) => {
  if (message) server.send(message);
  for (;;) {
    const [reply] = (await once(server, 'message')) as [ServerMessage];
    if (key in reply) return (reply as Extract<ServerMessage, Record<K, unknown>>)[key];
  }
};
// A stuck run must not hang: past its budget, stop what was started and fail.
setTimeout(() => { console.error('bench:health exceeded its time budget'); server.kill(); process.exit(1); }, (SECONDS + INTERVAL_S + 180) * 1000).unref();

const database = await openDatabase(loadConfig({ KECS_DATA_DIR: dataDir, KECS_LOG_LEVEL: 'silent', DATABASE_URL: '' }), log);
try {
  const port = await ask('port');
  const start = Date.now() + 1000;
  const due = await writeTargets(database.db, TARGETS, port, INTERVAL_S, start);
  const ticks: Array<HealthCheckSummary & { ms: number }> = [];
  const ctx = { db: database.db, log, now: () => new Date(), config: { ...loadConfig({}), tickMs: TICK_MS } };
  const scheduler = startScheduler([{
    name: 'HealthCheck',
    run: async (context) => {
      const began = performance.now();
      ticks.push({ ...(await healthCheck(context)), ms: performance.now() - began });
    },
  }], ctx, TICK_MS);

  // Warm-up: the first interval turns every target from initial to healthy.
  await sleep(start - Date.now() + INTERVAL_S * 1000);
  await ask('arrivals', 'report');
  const firstTick = ticks.length;
  const cpu = process.cpuUsage();
  const [pg, targetServer, began] = [postgresCpuMs(process.pid), processCpuMs(server.pid!), performance.now()];
  await sleep(SECONDS * 1000);
  const arrivals = await ask('arrivals', 'report');
  const wallMs = performance.now() - began;
  const used = process.cpuUsage(cpu);
  const [pgMs, serverMs] = [postgresCpuMs(process.pid) - pg, processCpuMs(server.pid!) - targetServer];
  await scheduler.stop();
  const window = ticks.slice(firstTick);
  const lags = scheduleLags(arrivals, due, INTERVAL_S * 1000);
  const scheduled = await onSchedule(database.db, due, INTERVAL_S);
  const states = await database.db.selectFrom('targets').select(['state', (eb) => eb.fn.countAll<string>().as('count')]).groupBy('state').execute();

  const peers = [await bareProbes(`bare loop, ${256} in flight`, TARGETS, 256, port), await bareProbes('bare sequential loop', Math.min(TARGETS, 2000), 1, port)];
  const probes = arrivals.index.length;
  const percent = (ms: number) => `${((100 * ms) / wallMs).toFixed(0)}%`;
  const cpuMicros = (used.user + used.system) / probes;
  const tickMs = window.map((t) => t.ms).sort((a, b) => a - b);
  console.log(`bench:health — ${TARGETS} targets over 127.0.0.0/8, interval ${INTERVAL_S} s, ticks of ${TICK_MS} ms, ${SECONDS} s measured after a ${INTERVAL_S} s warm-up, ${availableParallelism()} CPUs`);
  console.log('');
  console.log('| run | probes | probes/s | lag min ms | lag p50 ms | lag p99 ms | lag max ms | CPU (node) | CPU µs/probe |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  console.log(`| kecs-lb HealthCheck (scheduler + Postgres) | ${probes} | ${(probes / (wallMs / 1000)).toFixed(0)} | ${lags[0]?.toFixed(1)} | ${percentile(lags, 0.5).toFixed(1)} | ${percentile(lags, 0.99).toFixed(1)} | ${lags.at(-1)?.toFixed(1)} | ${percent((used.user + used.system) / 1000)} | ${cpuMicros.toFixed(0)} |`);
  for (const peer of peers) {
    console.log(`| ${peer.name} (no DB, flat out) | ${peer.probes} | ${peer.probesPerSecond.toFixed(0)} | – | – | – | – | – | ${peer.cpuMicrosPerProbe.toFixed(0)} |`);
  }
  console.log('');
  console.log(`needed: ${(TARGETS / INTERVAL_S).toFixed(0)} probes/s; CPU per probe vs the bare 256-in-flight loop: ${(cpuMicros / peers[0].cpuMicrosPerProbe).toFixed(2)}×`);
  console.log(`other processes: Postgres ${percent(pgMs)} of a core, target server ${percent(serverMs)}`);
  console.log(`ticks: ${window.length}, duration p50 ${percentile(tickMs, 0.5).toFixed(0)} ms / max ${tickMs.at(-1)?.toFixed(0)} ms, claimed ${(window.reduce((s, t) => s + t.claimed, 0) / window.length).toFixed(0)}/tick, max pending at tick end ${Math.max(...window.map((t) => t.pending))}`);
  console.log(`targets at the end: ${states.map((row) => `${row.count} ${row.state}`).join(', ')}; still on their schedule: ${scheduled}/${TARGETS}; bare-loop failures: ${peers.reduce((s, p) => s + p.failures, 0)}`);
} finally {
  if (server.connected) server.send('exit' satisfies BenchMessage);
  await database.close();
  await rm(dataDir, { recursive: true, force: true });
}
