import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { freePort, stopChild, tail, waitUntilReady, type Server } from './servers.js';
import { waitForPort } from './tcp-load.js';

/**
 * HAProxy as the data plane's second peer: one thread (like kecs-lb's one Node process), an HTTP
 * frontend doing the listener's header work, and a `mode tcp` frontend for the NLB cells. Both
 * share one process; the bench measures one cell at a time.
 */

// Debian installs haproxy in /usr/sbin, often not on a user's PATH.
const env: NodeJS.ProcessEnv = { ...process.env, PATH: [process.env.PATH, '/usr/sbin'].filter(Boolean).join(delimiter) };

export function haproxyInstalled(): boolean {
  return spawnSync('haproxy', ['-v'], { env, stdio: 'ignore' }).status === 0;
}

export const HAPROXY_LABEL = 'haproxy, 1 thread';

export interface HaproxyPeer extends Server {
  /** The `mode tcp` frontends, by the target port each forwards to. */
  tcpPorts: Map<number, number>;
}

const config = (httpPort: number, httpTarget: number, tcp: ReadonlyMap<number, number>) => `
global
  nbthread 1
  maxconn 4096
defaults
  timeout connect 5s
  # The listener's idle timeouts: ALB's 60 s, NLB TCP's 350 s.
  timeout client 60s
  timeout server 60s
frontend http
  mode http
  bind 127.0.0.1:${httpPort}
  default_backend http
backend http
  mode http
  # Keep-alive to the target shared by all clients, as the listener's pool and nginx's keepalive.
  http-reuse always
  # The headers the listener sets, so both do comparable work per request.
  option forwardfor
  http-request set-header X-Forwarded-Proto http
  http-request set-header X-Forwarded-Port %[dst_port]
  http-request set-header X-Amzn-Trace-Id Root=1-%[date,hex]-%[rand,hex]
  server target 127.0.0.1:${httpTarget}
${[...tcp].map(([target, port]) => `
listen tcp-${target}
  mode tcp
  timeout client 350s
  timeout server 350s
  bind 127.0.0.1:${port}
  server target 127.0.0.1:${target}
`).join('')}`;

/** Starts haproxy in the foreground proxying HTTP to `httpTarget` and TCP to each of `tcpTargets`. */
export async function startHaproxy(httpTarget: number, tcpTargets: readonly number[]): Promise<HaproxyPeer> {
  const httpPort = await freePort();
  const tcpPorts = new Map<number, number>();
  for (const target of tcpTargets) tcpPorts.set(target, await freePort());
  const dir = await mkdtemp(join(tmpdir(), 'kecs-lb-bench-haproxy-'));
  const file = join(dir, 'haproxy.cfg');
  await writeFile(file, config(httpPort, httpTarget, tcpPorts));
  // -db: stay in the foreground, so the spawned PID is haproxy itself and SIGTERM stops it.
  const child = spawn('haproxy', ['-db', '-f', file], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = tail(child);
  const stop = async () => {
    const running = child.exitCode === null && child.signalCode === null;
    const status = await stopChild(child);
    // haproxy exits 0 or 143 when told to stop by SIGTERM, depending on its version.
    if (running && status !== 0 && status !== 143 && status !== 'SIGTERM') console.error(`${HAPROXY_LABEL} exited with ${status}:\n${output()}`);
    await rm(dir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${httpPort}/`;
  try {
    await waitUntilReady(HAPROXY_LABEL, child, url, output);
    for (const port of tcpPorts.values()) await waitForPort(port);
  } catch (error) {
    await stop();
    throw error;
  }
  return { name: HAPROXY_LABEL, url, pid: child.pid, stop, tcpPorts };
}
