import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const ATTEMPTS = 5;

/** The registered targets: loopback addresses that answer health checks, all on one port. */
export interface Targets {
  ips: string[];
  port: number;
  close(): Promise<void>;
}

async function listen(server: Server, port: number, host: string): Promise<void> {
  server.listen(port, host);
  await Promise.race([once(server, 'listening'), once(server, 'error').then(([error]) => { throw error; })]);
}

async function closeAll(servers: Server[]): Promise<void> {
  await Promise.all(servers.filter((server) => server.listening).map(async (server) => {
    const closed = once(server, 'close');
    server.close();
    server.closeAllConnections();
    await closed;
  }));
}

/**
 * Starts `count` tiny HTTP servers on 127.0.1.1, 127.0.1.2, … (all of 127/8 is loopback on
 * Linux), one port for all. kecs-lb health-checks registered targets for real, so targets must
 * exist and must be on loopback: the bench sends nothing off the machine. Distinct addresses
 * rather than distinct ports, because moto keys targets by `Id` alone.
 */
export async function startTargets(count: number): Promise<Targets> {
  for (let attempt = 1; ; attempt++) {
    const servers = Array.from({ length: count }, () => createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain', connection: 'close' });
      response.end('ok');
    }));
    const ips = servers.map((_, i) => `127.0.1.${i + 1}`);
    try {
      await listen(servers[0], 0, ips[0]);
      const { port } = servers[0].address() as AddressInfo;
      for (let i = 1; i < count; i++) await listen(servers[i], port, ips[i]);
      return { ips, port, close: () => closeAll(servers) };
    } catch (error) {
      await closeAll(servers);
      // The kernel picked a port free on 127.0.1.1 that something holds on another address: retry.
      if (attempt === ATTEMPTS) throw error;
    }
  }
}
