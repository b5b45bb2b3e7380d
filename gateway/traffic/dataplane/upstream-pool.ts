import { connect, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
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
  /** The socket timeout armed now (0: none): set again only when an exchange needs another. */
  timeoutMs = 0;
  /** `performance.now()` when it went back to the pool. */
  idleSince = 0;

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
/** How often idle connections are looked at: an idle one lives at most IDLE_MS + SWEEP_MS (4.5 s). */
const SWEEP_MS = 500;
const MAX_IDLE_PER_TARGET = 256;

/** Plain and TLS connections to one `host:port` (a target in an HTTP and an HTTPS group) are kept apart. */
const keyOf = (endpoint: Endpoint) => (endpoint.tls ? `tls ${endpoint.key}` : endpoint.key);

/**
 * A connection to a target: TLS for HTTPS target groups. "The load balancer does not validate the
 * certificates of its targets" — AWS accepts any target certificate, self-signed and expired ones
 * included (ALB user guide, "Target groups for your Application Load Balancers": routing
 * configuration; NLB "TLS listeners": targets' certificates), hence `rejectUnauthorized: false`.
 * HTTP/1.1 is offered by ALPN, as the proxy speaks it to targets.
 */
function connectTarget(endpoint: Endpoint): Socket {
  if (!endpoint.tls) return connect({ host: endpoint.host, port: endpoint.port, noDelay: true, keepAlive: true });
  const socket = connectTls({ host: endpoint.host, port: endpoint.port, rejectUnauthorized: false, ALPNProtocols: ['http/1.1'] });
  socket.setNoDelay(true);
  socket.setKeepAlive(true);
  return socket;
}

/**
 * Keep-alive connections to targets, by `host:port`. Most recently returned first, so the
 * connections least likely to have been closed by the target are reused. Idleness is checked by
 * one coarse sweep rather than a socket timeout re-armed on every release and acquire (each
 * re-arm allocates a timer); a connection keeps the idle timeout of its last exchange, which
 * also ends it if the sweep has not.
 */
export class UpstreamPool {
  private readonly idle = new Map<string, UpstreamConnection[]>();
  private readonly all = new Set<UpstreamConnection>();
  private readonly sweeper: NodeJS.Timeout;

  /** `idleMs` and `sweepMs` are settable for tests; the defaults suit node targets. */
  constructor(idleMs = IDLE_MS, sweepMs = SWEEP_MS) {
    this.sweeper = setInterval(() => this.sweep(performance.now() - idleMs), sweepMs).unref();
  }

  acquire(endpoint: Endpoint, owner: ConnectionOwner, timeoutMs: number): UpstreamConnection {
    const connection = this.idle.get(keyOf(endpoint))?.pop() ?? this.open(endpoint);
    connection.owner = owner;
    if (connection.timeoutMs !== timeoutMs) {
      connection.timeoutMs = timeoutMs;
      connection.socket.setTimeout(timeoutMs);
    }
    return connection;
  }

  release(endpoint: Endpoint, connection: UpstreamConnection): void {
    connection.owner = undefined;
    connection.reused = true;
    const key = keyOf(endpoint);
    const list = this.idle.get(key) ?? [];
    if (connection.socket.destroyed || list.length >= MAX_IDLE_PER_TARGET) {
      connection.socket.destroy();
      return;
    }
    connection.idleSince = performance.now();
    list.push(connection);
    this.idle.set(key, list);
  }

  destroy(): void {
    clearInterval(this.sweeper);
    for (const connection of this.all) connection.socket.destroy();
  }

  /** Closes connections idle since before `cutoff`; each list is oldest first. */
  private sweep(cutoff: number): void {
    for (const list of this.idle.values()) {
      while (list.length > 0 && list[0].idleSince < cutoff) list.shift()!.socket.destroy();
    }
  }

  private open(endpoint: Endpoint): UpstreamConnection {
    const key = keyOf(endpoint);
    const connection = new UpstreamConnection(connectTarget(endpoint), (gone) => {
      this.all.delete(gone);
      const list = this.idle.get(key);
      const index = list?.indexOf(gone) ?? -1;
      if (index >= 0) list!.splice(index, 1);
      if (list?.length === 0) this.idle.delete(key);
    });
    this.all.add(connection);
    return connection;
  }
}
