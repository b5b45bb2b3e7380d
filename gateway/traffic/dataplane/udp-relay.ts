import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import type { Endpoint } from './balancer.js';

/** Where a new UDP flow goes, and what its end must release. */
export interface FlowRoute {
  endpoint: Endpoint;
  /** Whether the target still takes this flow's traffic; asked for each datagram from the client. */
  routable(): boolean;
  /** Called exactly once, when the flow ends for any reason. */
  end(): void;
}

export interface UdpRelayOptions {
  /** The target of a new flow from `client`; undefined drops the datagram (NLB drops what it cannot route). */
  route(client: RemoteInfo): FlowRoute | undefined;
  /** Sends a target's datagram to the client from the listener socket, so it comes from the address the client sent to. */
  reply(data: Buffer, client: RemoteInfo): void;
  /** A flow with no datagram either way for this long ends; the client's next datagram starts a new one. */
  idleTimeoutMs: number;
  /** Flows open at once; a datagram that would open one more is dropped. */
  maxFlows: number;
}

/** Datagrams of a new flow kept while its socket connects; more than this are dropped, as a full buffer would. */
const MAX_PENDING = 64;

interface Flow {
  key: string;
  client: RemoteInfo;
  route: FlowRoute;
  upstream: Socket;
  /** Datagrams waiting for the upstream socket to connect; undefined once connected. */
  pending: Buffer[] | undefined;
  timer: NodeJS.Timeout;
  ended: boolean;
}

/**
 * The flows of one UDP listener socket (NLB UDP, or the UDP half of TCP_UDP). A flow is keyed by
 * the client's address and port: NLB routes UDP by flow ("a UDP flow has the same source and
 * destination, so it is consistently routed to a single target throughout its lifetime", NLB
 * guide, "Routing algorithm"). Each flow has its own socket connected to its target, so the
 * target's replies arrive on it and go back to that client alone. A flow ends when it is idle for
 * the idle timeout (NLB FAQ: "The idle timeout for UDP flows is 120 seconds"), when its target is
 * no longer routable (AWS ends UDP flows to a target that turns unhealthy:
 * `target_health_state.unhealthy.connection_termination.enabled` is always true for UDP groups),
 * or when the target refuses (an ICMP port unreachable on the connected socket); the client's
 * next datagram is then routed afresh.
 */
export class UdpRelay {
  private readonly flows = new Map<string, Flow>();

  constructor(private readonly options: UdpRelayOptions) {}

  /** Flows open now. */
  get size(): number {
    return this.flows.size;
  }

  /** A datagram from a client: sent on the client's flow, opening one if it has none. */
  receive(data: Buffer, client: RemoteInfo): void {
    const key = `${client.address}|${client.port}`;
    let flow = this.flows.get(key);
    if (flow && !flow.route.routable()) {
      this.end(flow);
      flow = undefined;
    }
    if (!flow) {
      if (this.flows.size >= this.options.maxFlows) return;
      const route = this.options.route(client);
      if (!route) return;
      flow = this.open(key, client, route);
      if (flow.ended) return;
    }
    flow.timer.refresh();
    if (flow.pending) {
      if (flow.pending.length < MAX_PENDING) flow.pending.push(data);
    } else {
      flow.upstream.send(data);
    }
  }

  /** Ends every flow (the listener socket is closing). */
  closeAll(): void {
    for (const flow of [...this.flows.values()]) this.end(flow);
  }

  private open(key: string, client: RemoteInfo, route: FlowRoute): Flow {
    const upstream = createSocket(isIPv6(route.endpoint.host) ? 'udp6' : 'udp4');
    const flow: Flow = { key, client, route, upstream, pending: [], timer: setTimeout(() => this.end(flow), this.options.idleTimeoutMs), ended: false };
    flow.timer.unref();
    this.flows.set(key, flow);
    upstream.on('message', (data) => {
      if (flow.ended) return;
      flow.timer.refresh();
      this.options.reply(data, client);
    });
    // A refused target (ECONNREFUSED from a connected socket), or any socket failure, ends the flow.
    upstream.on('error', () => this.end(flow));
    // `connect` reports a failed lookup or connect through its callback, not as an 'error' event,
    // and throws for arguments it refuses outright: either way the flow ends.
    try {
      upstream.connect(route.endpoint.port, route.endpoint.host, (error?: Error) => {
        if (flow.ended) return;
        if (error) return void this.end(flow);
        const queued = flow.pending ?? [];
        flow.pending = undefined;
        for (const data of queued) upstream.send(data);
      });
    } catch {
      this.end(flow);
    }
    return flow;
  }

  private end(flow: Flow): void {
    if (flow.ended) return;
    flow.ended = true;
    clearTimeout(flow.timer);
    if (this.flows.get(flow.key) === flow) this.flows.delete(flow.key);
    flow.upstream.removeAllListeners('message');
    // Closing must not throw, whatever state the socket is in; an error from it has nothing left to end.
    flow.upstream.on('error', () => {});
    try {
      flow.upstream.close();
    } catch {
      // already closed
    }
    flow.route.end();
  }
}
