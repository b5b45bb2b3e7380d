/**
 * `npm run bench:dataplane`: the embedded data plane's speed against nginx and HAProxy. One HTTP
 * target and one bulk TCP target (their own process) are reached directly, through the kecs-lb
 * listeners of a started gateway and, when installed, through nginx (1 worker, then one per CPU)
 * and HAProxy (1 thread) as peer proxies, with the same load generator in the same run,
 * alternating the order each round. Cells:
 * - HTTP: GETs at concurrency 64 through an ALB HTTP listener (req/s, p50/p99);
 * - HTTPS: the same through an HTTPS listener of that ALB against nginx terminating TLS (both
 *   RSA 2048 certificates, keep-alive connections, so mostly record encryption per request);
 * - TCP: the same GETs through an NLB TCP listener against HAProxy `mode tcp` (a small-message
 *   relay), and bulk download MB/s over 4 connections from the bulk target;
 * - concurrency 1: the latency each hop adds without queueing.
 * Each cell also runs through a bare Node proxy (dataplane-floor-proxy.ts), the platform's floor:
 * the smallest proxy Node's own modules make (node:http server, http.request on a keep-alive
 * Agent) for HTTP and HTTPS, and a `net` pipe for TCP. The pipe does no HTTP work at all, so its
 * figures bound from below what any single-threaded Node proxy costs per request; it is also set
 * against nginx's HTTP cell. With BENCH_FLOOR_PROCESSES=N (N ≥ 2) the HTTP cells also measure the
 * floor on N processes (node:cluster), to see what more cores would give.
 * Loaded cells count each proxy's CPU time (its process tree, from /proc) per request, the figure
 * that holds better than requests per second when other load shares the machine. The gateway's
 * tree includes its embedded Postgres and scheduler (about 20 ms of CPU a second when idle).
 * Prints medians, each proxy's share of direct, and the listeners against the peers. Goal (issue
 * 11): the HTTP listener's throughput at least nginx's with one worker, and its added p50 at
 * concurrency 1 no more than nginx's. nginx-light has no stream module, so the TCP cells' peer is
 * HAProxy alone. Without a peer the bench still runs and says which it skipped.
 * Env: BENCH_SECONDS (per cell, default 10), BENCH_ROUNDS (default 3), BENCH_FLOOR_PROCESSES (default 0: off).
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { measure, type Figures } from './lib/measure.js';
import { nginxInstalled, startNginx, type NginxWorkers } from './lib/dataplane-nginx.js';
import { haproxyInstalled, startHaproxy } from './lib/dataplane-haproxy.js';
import { startFloor } from './lib/dataplane-floor.js';
import { treeCpuMs } from './lib/process-cpu.js';
import { against, bulkLine, line, percent, summarize, summarizeBulk, versus } from './lib/dataplane-report.js';
import { setUpListeners } from './lib/dataplane-setup.js';
import { startKecs, type Server } from './lib/servers.js';
import { benchNumber } from './lib/settings.js';
import { selfSigned } from './lib/self-signed.js';
import { measureBulk, type BulkFigures } from './lib/tcp-load.js';

const CONNECTIONS = 64;
const BULK_CONNECTIONS = 4;
const SECONDS = benchNumber('BENCH_SECONDS', 10, 1, 300);
const ROUNDS = benchNumber('BENCH_ROUNDS', 3, 1, 20);
const FLOOR_PROCESSES = benchNumber('BENCH_FLOOR_PROCESSES', 0, 0, 16);
/** The peer's settings, when nginx is installed: one worker first, the like-for-like comparison. */
const NGINX_WORKERS: readonly NginxWorkers[] = [1, 'auto'];
const LISTENER = 'kecs-lb ALB listener';
const LISTENER_HTTPS = 'kecs-lb HTTPS listener';
const NLB = 'kecs-lb NLB listener';
/** Loaded cells at most (7 HTTP, 3 HTTPS, 4 TCP, 4 bulk) and unloaded ones (5 HTTP, 3 HTTPS, 3 TCP). */
const CELLS = (7 + 3 + 4 + 4) * ROUNDS + 11;

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
}, (240 + CELLS * (SECONDS + 2)) * 1000).unref();

/**
 * One way to reach a target: `run` measures it once loaded, `unloaded` (if set) at concurrency 1,
 * `warm` readies it (connections opened, code optimised) before anything is counted.
 */
interface Side<T> { label: string; run(): Promise<T>; unloaded?: () => Promise<Figures>; warm(): Promise<unknown> }

/** Runs every side once per round, reversing the order every other round so drift (thermal, other load) spreads over all. */
async function rounds<T>(sides: Side<T>[], show: (label: string, figures: T) => string): Promise<T[][]> {
  const cells = sides.map(() => [] as T[]);
  for (let round = 0; round < ROUNDS; round++) {
    const order = sides.map((_, index) => index);
    if (round % 2 === 1) order.reverse();
    for (const index of order) {
      const figures = await sides[index].run();
      cells[index].push(figures);
      console.error(`round ${round + 1} ${show(sides[index].label, figures)}`);
    }
  }
  return cells;
}

/** The CPU time `pid`'s process tree spent on `figures`' responses, in µs each. */
async function withCpu(pid: number | undefined, figures: () => Promise<Figures>): Promise<Figures> {
  const before = pid === undefined ? undefined : treeCpuMs(pid);
  const measured = await figures();
  const after = pid === undefined ? undefined : treeCpuMs(pid);
  if (before === undefined || after === undefined || measured.responses === 0) return measured;
  return { ...measured, cpuUsPerRequest: ((after - before) * 1000) / measured.responses };
}

/** GETs to `url`: loaded (CPU per request counted for `pid`, the proxy), and at concurrency 1 when `unloaded`. */
function gets(label: string, url: string, unloaded: boolean, pid?: number): Side<Figures> {
  return {
    label,
    run: () => withCpu(pid, () => measure(url, {}, CONNECTIONS, SECONDS)),
    unloaded: unloaded ? () => measure(url, {}, 1, SECONDS) : undefined,
    warm: () => measure(url, {}, CONNECTIONS, 1),
  };
}

function downloads(label: string, port: number): Side<BulkFigures> {
  return { label, run: () => measureBulk(port, BULK_CONNECTIONS, SECONDS), warm: () => measureBulk(port, BULK_CONNECTIONS, 1) };
}

async function run(): Promise<number> {
  const [targets] = (await once(target, 'message')) as [{ port: number; bulkPort: number }];
  kecs = await startKecs(new URL('..', import.meta.url));
  const listeners = await setUpListeners(kecs.url, targets);
  const direct = `http://127.0.0.1:${targets.port}/`;
  const http = [gets('direct', direct, true), gets(LISTENER, listeners.httpUrl, true, kecs.pid)];
  const https = [gets(LISTENER_HTTPS, listeners.httpsUrl, true, kecs.pid)];
  const tcp = [gets('direct', direct, false), gets(NLB, listeners.tcpUrl, true, kecs.pid)];
  const bulk = [downloads('direct', targets.bulkPort), downloads(NLB, listeners.bulkPort)];
  // The floor runs in every cell: Node alone, no peer to install.
  const floorPeer = await startFloor(targets.port, [targets.port, targets.bulkPort], 1, await selfSigned('bench-floor'));
  peers.push(floorPeer);
  const floor = {
    http: gets(floorPeer.name, floorPeer.url, true, floorPeer.pid),
    https: gets(`${floorPeer.name}, TLS`, floorPeer.httpsUrl!, true, floorPeer.pid),
    tcp: gets(`${floorPeer.name}, net pipe`, `http://127.0.0.1:${floorPeer.tcpPorts.get(targets.port)}/`, true, floorPeer.pid),
    bulk: downloads(`${floorPeer.name}, net pipe`, floorPeer.tcpPorts.get(targets.bulkPort)!),
  };
  http.push(floor.http);
  https.push(floor.https);
  tcp.push(floor.tcp);
  bulk.push(floor.bulk);
  let floorCluster: Side<Figures> | undefined;
  if (FLOOR_PROCESSES >= 2) {
    const cluster = await startFloor(targets.port, [], FLOOR_PROCESSES);
    peers.push(cluster);
    http.push(floorCluster = gets(cluster.name, cluster.url, false, cluster.pid));
  }
  let nginx: Side<Figures> | undefined;
  let nginxTls: Side<Figures> | undefined;
  let haproxy: { http: Side<Figures>; tcp: Side<Figures>; bulk: Side<BulkFigures> } | undefined;
  if (nginxInstalled()) {
    for (const workers of NGINX_WORKERS) {
      // The one-worker peer also terminates TLS, for the HTTPS cell.
      const peer = await startNginx(targets.port, workers, workers === 1 ? await selfSigned('bench') : undefined);
      peers.push(peer);
      http.push(gets(peer.name, peer.url, workers === 1, peer.pid));
      if (peer.httpsUrl) https.push(nginxTls = gets(`${peer.name}, TLS`, peer.httpsUrl, true, peer.pid));
      if (workers === 1) nginx = http.at(-1);
    }
  } else {
    console.error('nginx not installed: skipping it as a peer');
  }
  if (haproxyInstalled()) {
    const peer = await startHaproxy(targets.port, [targets.port, targets.bulkPort]);
    peers.push(peer);
    haproxy = {
      http: gets(peer.name, peer.url, true, peer.pid),
      tcp: gets(`${peer.name}, mode tcp`, `http://127.0.0.1:${peer.tcpPorts.get(targets.port)}/`, true, peer.pid),
      bulk: downloads(`${peer.name}, mode tcp`, peer.tcpPorts.get(targets.bulkPort)!),
    };
    http.push(haproxy.http);
    tcp.push(haproxy.tcp);
    bulk.push(haproxy.bulk);
  } else {
    console.error('haproxy not installed: skipping it as a peer (HTTP and TCP cells)');
  }
  for (const side of [...http, ...https, ...tcp, ...bulk]) await side.warm();

  const httpCells = (await rounds(http, line)).map(summarize);
  const httpsCells = (await rounds(https, line)).map(summarize);
  const tcpCells = (await rounds(tcp, line)).map(summarize);
  const bulkCells = (await rounds(bulk, bulkLine)).map(summarizeBulk);
  // Unloaded latency (one connection): what each hop adds per request, apart from queueing.
  const unloaded = new Map<Side<Figures>, Figures>();
  for (const side of [...http, ...https, ...tcp]) if (side.unloaded) unloaded.set(side, await side.unloaded());

  const of = <T>(sides: Side<T>[], cells: T[], side: Side<T> | undefined) => (side ? cells[sides.indexOf(side)] : undefined);
  console.log(`\nbench:dataplane — loopback, Node ${process.version}, ${availableParallelism()} CPUs, medians of ${ROUNDS} × ${SECONDS} s per cell\n`);
  console.log(`HTTP GET, concurrency ${CONNECTIONS}:`);
  http.forEach((side, index) => console.log(line(side.label, httpCells[index])));
  for (let index = 1; index < http.length; index++) console.log(versus(http[index].label, httpCells[index], httpCells[0]));
  /** One side's throughput and CPU per request against each peer present in the same cells. */
  const compare = (sides: Side<Figures>[], cells: Figures[], mine: Side<Figures>, theirs: Array<[Side<Figures> | undefined, string]>) => {
    for (const [peer, goal] of theirs) {
      const figures = of(sides, cells, peer);
      if (peer && figures) console.log(`${mine.label} / ${peer.label}: ${against(of(sides, cells, mine)!, figures)}${goal}`);
    }
  };
  compare(http, httpCells, http[1], [[floor.http, ''], [nginx, ' (goal ≥ 100%)'], [haproxy?.http, '']]);
  // Whether any single-threaded Node proxy could meet the goal: the floor against the peers.
  compare(http, httpCells, floor.http, [[nginx, ''], [haproxy?.http, '']]);
  if (floorCluster) compare(http, httpCells, floorCluster, [[nginx, ''], [haproxy?.http, '']]);
  console.log(`\nHTTPS GET (TLS terminated by the proxy, plain HTTP to the target), concurrency ${CONNECTIONS}:`);
  https.forEach((side, index) => console.log(line(side.label, httpsCells[index])));
  compare(https, httpsCells, https[0], [[floor.https, ''], [nginxTls, '']]);
  compare(https, httpsCells, floor.https, [[nginxTls, '']]);
  if (!nginxTls) console.error('nginx not installed: the HTTPS cell has no peer but the floor');
  console.log(`\nTCP relay of the same GETs, concurrency ${CONNECTIONS}:`);
  tcp.forEach((side, index) => console.log(line(side.label, tcpCells[index])));
  console.log(`TCP bulk download, ${BULK_CONNECTIONS} connections:`);
  bulk.forEach((side, index) => console.log(bulkLine(side.label, bulkCells[index])));
  compare(tcp, tcpCells, tcp[1], [[floor.tcp, ''], [haproxy?.tcp, '']]);
  compare(tcp, tcpCells, floor.tcp, [[haproxy?.tcp, '']]);
  // A relay that does no HTTP work at all bounds from below what any Node HTTP proxy costs.
  const nginxHttp = of(http, httpCells, nginx);
  if (nginx && nginxHttp) console.log(`${floor.tcp.label} (no HTTP work) / ${nginx.label} (HTTP): ${against(of(tcp, tcpCells, floor.tcp)!, nginxHttp)}`);
  for (const peer of [floor.bulk, haproxy?.bulk]) {
    const figures = of(bulk, bulkCells, peer);
    if (peer && figures) console.log(`${NLB} / ${peer.label}: ${percent(bulkCells[1].megabytesPerSecond, figures.megabytesPerSecond)} of its bulk MB/s`);
  }

  console.log(`\nconcurrency 1, ${SECONDS} s each:`);
  for (const [side, figures] of unloaded) console.log(line(side.label, figures));
  const base = unloaded.get(http[0])!;
  for (const [side, figures] of unloaded) {
    if (side !== http[0]) console.log(`added p50 at concurrency 1, ${side.label}: ${(figures.p50Ms - base.p50Ms).toFixed(3)} ms${side === http[1] && nginx ? ' (goal ≤ nginx, 1 worker)' : ''}`);
  }
  const failures = [...httpCells, ...httpsCells, ...tcpCells, ...bulkCells, ...unloaded.values()].reduce((sum, f) => sum + f.failures, 0);
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
