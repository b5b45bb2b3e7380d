import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { FloorConfig } from './dataplane-floor-proxy.js';
import { freePort, stopChild, type Server } from './servers.js';
import { waitForPort } from './tcp-load.js';

const floorLabel = (processes: number) => (processes === 1 ? 'bare Node proxy' : `bare Node proxy, ${processes} processes`);

export interface FloorPeer extends Server {
  httpsUrl?: string;
  /** The TCP relays, by the target port each pipes to. */
  tcpPorts: Map<number, number>;
}

/**
 * Starts the floor proxy (dataplane-floor-proxy.ts) in its own process with `processes` workers,
 * proxying HTTP to `targetPort`, HTTPS too with `tls`, and a TCP relay to each of `tcpTargets`.
 */
export async function startFloor(targetPort: number, tcpTargets: readonly number[], processes: number, tls?: { cert: string; key: string }): Promise<FloorPeer> {
  const config: FloorConfig = { targetPort, httpPort: await freePort(), httpsPort: tls ? await freePort() : undefined, tcp: [], tls };
  const tcpPorts = new Map<number, number>();
  for (const target of tcpTargets) {
    const port = await freePort();
    tcpPorts.set(target, port);
    config.tcp.push({ port, targetPort: target });
  }
  const child = fork(fileURLToPath(new URL('./dataplane-floor-proxy.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, FLOOR_PROCESSES: String(processes) },
  });
  const name = floorLabel(processes);
  const stop = async () => { await stopChild(child); };
  try {
    // Ready once it says so (every worker listening); a start-up failure ends it before that.
    const ready = once(child, 'message');
    const exited = new Promise((_, reject) => child.once('exit', (code) => reject(new Error(`${name} exited during start-up (${code})`))));
    // Once started, its exit is stop()'s business.
    exited.catch(() => undefined);
    child.send(config);
    await Promise.race([ready, exited]);
    await waitForPort(config.httpPort);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    name,
    url: `http://127.0.0.1:${config.httpPort}/`,
    httpsUrl: config.httpsPort ? `https://127.0.0.1:${config.httpsPort}/` : undefined,
    pid: child.pid,
    tcpPorts,
    stop,
  };
}
