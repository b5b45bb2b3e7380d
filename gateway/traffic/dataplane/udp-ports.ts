import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import type { Logger } from '../../logger.js';
import { explain, type PortStatus } from './port-servers.js';
import { UdpRelay, type FlowRoute } from './udp-relay.js';

export interface UdpPortOptions {
  /** KECS_UDP_IDLE_TIMEOUT_SECONDS, in milliseconds. */
  idleTimeoutMs: number;
  /** KECS_MAX_CONNECTIONS: open flows per UDP port, as it caps connections per TCP port. */
  maxFlows: number;
}

interface Entry {
  socket: Socket;
  relay: UdpRelay;
  bound: boolean;
  /** Closed while its bind was still under way: the socket is closed once bound, or the port would stay open. */
  closed?: boolean;
  error?: string;
}

/**
 * The UDP sockets behind UDP listener ports (and the UDP halves of TCP_UDP ones), on `host`
 * (KECS_HOST), each with the relay of its flows. Like PortServers for TCP: `reconcile` opens the
 * ports a table needs and closes the others; a port that cannot be bound is logged, reported by
 * `status()`, retried on later reconciles, and never stops the gateway. `route` is asked for the
 * target of each new flow, by port, so tables swap freely under open sockets.
 */
export class UdpPorts {
  private readonly entries = new Map<number, Entry>();

  constructor(
    private readonly host: string,
    private readonly route: (port: number, client: RemoteInfo) => FlowRoute | undefined,
    private readonly log: Logger,
    private readonly options: UdpPortOptions,
  ) {}

  async reconcile(wanted: ReadonlySet<number>): Promise<void> {
    for (const [port, entry] of this.entries) {
      if (!wanted.has(port)) {
        this.entries.delete(port);
        this.close(entry);
      }
    }
    await Promise.all([...wanted].map(async (port) => {
      const entry = this.entries.get(port);
      if (!entry || !entry.bound) await this.open(port, entry?.error);
    }));
  }

  /** True when a UDP socket of this process is bound on `port`. */
  isBound(port: number): boolean {
    return this.entries.get(port)?.bound === true;
  }

  status(): PortStatus[] {
    return [...this.entries].sort(([a], [b]) => a - b)
      .map(([port, { bound, error }]) => ({ port, kind: 'udp', bound, ...(error ? { error } : {}) }));
  }

  /** Closes every socket and ends every flow: a datagram has nothing in flight worth a grace period. */
  closeAll(): void {
    for (const entry of this.entries.values()) this.close(entry);
    this.entries.clear();
  }

  private async open(port: number, previousError: string | undefined): Promise<void> {
    const socket = createSocket(isIPv6(this.host) ? 'udp6' : 'udp4');
    const relay = new UdpRelay({
      route: (client) => this.route(port, client),
      reply: (data, client) => socket.send(data, client.port, client.address),
      ...this.options,
    });
    const entry: Entry = { socket, relay, bound: false };
    this.entries.set(port, entry);
    socket.on('message', (data, client) => {
      // An exception here would be uncaught and end the process: it costs this datagram only.
      try {
        relay.receive(data, client);
      } catch (error) {
        this.log.error({ err: error, port }, 'udp datagram handler failed');
      }
    });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.bind(port, this.host, () => {
          socket.off('error', reject);
          resolve();
        });
      });
      if (entry.closed) {
        socket.close();
        return;
      }
      entry.bound = true;
      socket.on('error', (error) => this.log.error({ err: error, port }, 'udp listener socket failed'));
      this.log.info({ port, host: this.host, kind: 'udp' }, 'listener port open');
    } catch (error) {
      entry.error = `${explain(error as NodeJS.ErrnoException, this.host, port)} (UDP)`;
      try {
        socket.close();
      } catch {
        // a socket whose bind failed may have nothing left to close
      }
      if (entry.error !== previousError) this.log.error({ port, host: this.host }, `listener port not served: ${entry.error}`);
    }
  }

  private close(entry: Entry): void {
    entry.closed = true;
    entry.relay.closeAll();
    if (entry.bound) entry.socket.close();
  }
}
