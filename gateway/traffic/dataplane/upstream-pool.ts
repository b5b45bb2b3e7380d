import { connect, type Socket } from 'node:net';
import type { Endpoint } from './balancer.js';

/** What the exchange currently using a connection hears from it. */
export interface ConnectionOwner {
  data(chunk: Buffer): void;
  /** The target closed its side, or the connection failed (`error` set). */
  closed(error?: Error): void;
  timeout(): void;
  drain(): void;
}

/**
 * A keep-alive connection to one target. Its listeners are attached once and forward to the
 * current owner, so an exchange costs no listener bookkeeping.
 */
export class UpstreamConnection {
  owner: ConnectionOwner | undefined;
  /** True once the connection carried a request: a failure may then be a stale keep-alive. */
  reused = false;

  constructor(readonly socket: Socket, onGone: (connection: UpstreamConnection) => void) {
    socket.on('data', (chunk: Buffer) => (this.owner ? this.owner.data(chunk) : socket.destroy()));
    socket.on('end', () => (this.owner ? this.owner.closed() : socket.destroy()));
    socket.on('error', (error) => this.owner?.closed(error));
    socket.on('timeout', () => (this.owner ? this.owner.timeout() : socket.destroy()));
    socket.on('drain', () => this.owner?.drain());
    socket.on('close', () => {
      onGone(this);
      this.owner?.closed(new Error('connection closed'));
    });
  }
}

/** Idle connections are closed before typical target keep-alive timeouts (node's is 5 s). */
const IDLE_MS = 4_000;
const MAX_IDLE_PER_TARGET = 256;

/**
 * Keep-alive connections to targets, by `host:port`. Most recently returned first, so the
 * connections least likely to have been closed by the target are reused.
 */
export class UpstreamPool {
  private readonly idle = new Map<string, UpstreamConnection[]>();
  private readonly all = new Set<UpstreamConnection>();

  acquire(endpoint: Endpoint, owner: ConnectionOwner, timeoutMs: number): UpstreamConnection {
    const connection = this.idle.get(endpoint.key)?.pop() ?? this.open(endpoint);
    connection.owner = owner;
    connection.socket.setTimeout(timeoutMs);
    return connection;
  }

  release(endpoint: Endpoint, connection: UpstreamConnection): void {
    connection.owner = undefined;
    connection.reused = true;
    const list = this.idle.get(endpoint.key) ?? [];
    if (connection.socket.destroyed || list.length >= MAX_IDLE_PER_TARGET) {
      connection.socket.destroy();
      return;
    }
    connection.socket.setTimeout(IDLE_MS);
    list.push(connection);
    this.idle.set(endpoint.key, list);
  }

  destroy(): void {
    for (const connection of this.all) connection.socket.destroy();
  }

  private open(endpoint: Endpoint): UpstreamConnection {
    const socket = connect({ host: endpoint.host, port: endpoint.port, noDelay: true, keepAlive: true });
    const connection = new UpstreamConnection(socket, (gone) => {
      this.all.delete(gone);
      const list = this.idle.get(endpoint.key);
      const index = list?.indexOf(gone) ?? -1;
      if (index >= 0) list!.splice(index, 1);
      if (list?.length === 0) this.idle.delete(endpoint.key);
    });
    this.all.add(connection);
    return connection;
  }
}
