/**
 * `npm run bench:api`: kecs-lb against moto's server on the same raw ELBv2 query requests.
 * Starts both on loopback, sets up a load balancer with a group of 100 targets (loopback health
 * responders, since kecs-lb really checks them) behind a listener, then measures each operation at several concurrencies, alternating servers cell by cell.
 * Env: BENCH_SECONDS (per cell, default 5), BENCH_OPERATIONS (comma-separated subset).
 */
import { measure, type Figures } from './lib/measure.js';
import { freePort, motoInstalled, startKecs, startMoto, type Server } from './lib/servers.js';
import { OPERATIONS, setUp, type Operation } from './lib/api-setup.js';
import { markdownTable, textTable, type Row } from './lib/api-table.js';
import { startTargets } from './lib/loopback-targets.js';
import type { QueryRequest } from './lib/query.js';
import { benchNumber } from './lib/settings.js';
import { treeCpuMs } from './lib/process-cpu.js';

const CONCURRENCIES = [1, 16, 64];
const TARGET_COUNT = 100;
const WARM_UP_SECONDS = 1;

function settings(): { seconds: number; operations: Operation[] } {
  const seconds = benchNumber('BENCH_SECONDS', 5, 1, 600);
  const wanted = (process.env.BENCH_OPERATIONS || OPERATIONS.join(',')).split(',').map((name) => name.trim());
  const unknown = wanted.filter((name) => !(OPERATIONS as readonly string[]).includes(name));
  if (unknown.length) throw new Error(`BENCH_OPERATIONS: unknown ${unknown.join(', ')}; choose from ${OPERATIONS.join(', ')}`);
  return { seconds, operations: OPERATIONS.filter((operation) => wanted.includes(operation)) };
}

const started: Server[] = [];
const cleanups: Array<() => Promise<void>> = [];
const stopAll = () => Promise.allSettled([...started.map((server) => server.stop()), ...cleanups.map((cleanup) => cleanup())]);

/** CPU time so far of a server's process tree (the gateway with its Postgres; moto), where /proc tells it. */
const cpuMs = (server: Server) => (server.pid === undefined ? undefined : treeCpuMs(server.pid));

/** A started server and the request it gets for each operation. */
interface Peer { server: Server; requests: Map<Operation, QueryRequest> }

async function run(): Promise<number> {
  const { seconds, operations } = settings();
  // Start-up (embedded Postgres may run initdb) and set-up, plus every cell and warm-up with slack.
  const budgetSeconds = 240 + 1.5 * 2 * operations.length * (CONCURRENCIES.length * seconds + WARM_UP_SECONDS);
  // A hung server must not hang the bench: past the budget, stop what was started and fail.
  setTimeout(() => {
    console.error(`bench:api exceeded its time budget of ${budgetSeconds} s; stopping`);
    void stopAll().then(() => process.exit(1));
  }, budgetSeconds * 1000).unref();
  const withMoto = motoInstalled();
  if (!withMoto) console.error('moto not installed: skipping the peer (pip install "moto[server]" to compare); measuring kecs-lb only');

  // Any server that did start is recorded before a failure of the other is raised, so it is stopped.
  const starts = await Promise.allSettled([startKecs(new URL('..', import.meta.url)), ...(withMoto ? [startMoto()] : [])]);
  for (const start of starts) if (start.status === 'fulfilled') started.push(start.value);
  for (const start of starts) if (start.status === 'rejected') throw start.reason;

  const network = { targets: await startTargets(TARGET_COUNT), listenerPort: await freePort() };
  cleanups.push(() => network.targets.close());
  const peers: Peer[] = [];
  for (const server of started) peers.push({ server, requests: await setUp(server, operations, network) });
  const [kecs, moto] = peers;

  const rows: Row[] = [];
  let failures = 0;
  let order = 0;
  for (const operation of operations) {
    for (const { server, requests } of peers) await measure(server.url, requests.get(operation)!, 16, WARM_UP_SECONDS);
    for (const connections of CONCURRENCIES) {
      // Alternating which server goes first spreads drift (thermal, background load) over both.
      const turn = order++ % 2 === 0 ? peers : [...peers].reverse();
      const results = new Map<Peer, Figures>();
      const cpu = new Map<Peer, number | undefined>();
      for (const peer of turn) {
        const cpuBefore = cpuMs(peer.server);
        const cell = await measure(peer.server.url, peer.requests.get(operation)!, connections, seconds);
        const cpuAfter = cpuMs(peer.server);
        results.set(peer, cell);
        cpu.set(peer, cpuBefore !== undefined && cpuAfter !== undefined && cell.responses > 0 ? ((cpuAfter - cpuBefore) * 1000) / cell.responses : undefined);
        failures += cell.failures;
        console.error(`${operation} c=${connections} ${peer.server.name}: ${cell.requestsPerSecond.toFixed(0)} req/s, `
          + `p50 ${cell.p50Ms.toFixed(2)} ms, p99 ${cell.p99Ms.toFixed(2)} ms, ${cell.responses} responses, ${cell.failures} non-200/errors, `
          + `CPU ${cpu.get(peer)?.toFixed(0) ?? '–'} µs/request`);
      }
      rows.push({
        operation, concurrency: connections, kecs: results.get(kecs)!, moto: moto && results.get(moto),
        kecsCpuUs: cpu.get(kecs), motoCpuUs: moto && cpu.get(moto),
      });
    }
  }

  console.log(`\nELBv2 API, ${seconds} s per cell, loopback, Node ${process.version}${withMoto ? '' : ' (moto not installed)'}`);
  if (withMoto) console.log('moto closes every connection (Werkzeug), so its cells go through a keep-alive relay that opens one connection per request');
  console.log('CPU µs/req: user + system time of each server\'s process tree (kecs-lb: the gateway and its Postgres) per response; CPU ratio: moto\'s over kecs-lb\'s');
  console.log('');
  console.log(textTable(rows));
  console.log('\nMarkdown:\n');
  console.log(markdownTable(rows));
  console.log(`\nnon-200 responses and errors, all cells: ${failures}`);
  return failures === 0 ? 0 : 1;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void stopAll().then(() => process.exit(130)));
}

run()
  .then((code) => { process.exitCode = code; })
  .catch((error: unknown) => {
    console.error('bench:api failed:', error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => stopAll());
