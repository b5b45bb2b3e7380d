import type { ReservedPort } from '../../config.js';
import type { ServedListener } from './served-table.js';

export type PortKind = 'http' | 'https' | 'tcp' | 'tls' | 'udp';

const KINDS: ReadonlySet<string> = new Set<PortKind>(['http', 'https', 'tcp', 'tls', 'udp']);
/** Kinds whose port serves one listener: connections carry no Host header to tell load balancers apart. */
const SINGLE: ReadonlySet<string> = new Set<PortKind>(['tcp', 'tls', 'udp']);

/** What one local port serves. */
export interface PortPlan {
  port: number;
  kind: PortKind;
  /** HTTP(S): the listeners sharing the port, by their load balancer's DNS name. TCP, TLS and UDP: exactly one. */
  listeners: ServedListener[];
  byHost: Map<string, ServedListener>;
}

export interface Placement {
  listener: ServedListener;
  /** The local servers it is placed on (two for TCP_UDP: a TCP one and a UDP one), when it is placed. */
  kinds?: PortKind[];
  /** Why the listener has no local port of its own, when it has none. */
  unserved?: string;
}

export interface Plan {
  /** TCP ports (HTTP and TCP listeners, and the TCP half of TCP_UDP ones). */
  ports: Map<number, PortPlan>;
  /**
   * UDP ports (UDP listeners, and the UDP half of TCP_UDP ones): UDP port numbers are a namespace
   * of their own, so TCP 53 and UDP 53 are two entries, one in each map.
   */
  udpPorts: Map<number, PortPlan>;
  /** ALBs reachable on the gateway port by Host header = DNS name, and the listener answering. */
  gatewayHosts: Map<string, ServedListener>;
  placements: Placement[];
}

/** The kind of local server a listener needs, or why the embedded data plane cannot serve it. */
function kindOf(listener: ServedListener): PortKind | string {
  const { type } = listener.loadBalancer;
  if (type === 'application' && listener.protocol === 'HTTP') return 'http';
  if (type === 'application' && listener.protocol === 'HTTPS') return 'https';
  // TCP_UDP: this is its TCP half; halvesOf adds the UDP one.
  if (type === 'network' && (listener.protocol === 'TCP' || listener.protocol === 'TCP_UDP')) return 'tcp';
  if (type === 'network' && listener.protocol === 'TLS') return 'tls';
  if (type === 'network' && listener.protocol === 'UDP') return 'udp';
  return `${listener.protocol} listeners of ${type} load balancers are not served by the embedded data plane`;
}

/** The local servers a listener of `kind` needs: a TCP_UDP listener needs a TCP server and a UDP socket on its port. */
function halvesOf(listener: ServedListener, kind: PortKind): PortKind[] {
  return listener.protocol === 'TCP_UDP' ? [kind, 'udp'] : [kind];
}

/**
 * On the gateway port an ALB answers with one listener's rules: its HTTP listener on port 80,
 * else its lowest-port HTTP listener, else (an HTTPS-only ALB) its HTTPS listener on 443, else
 * its lowest-port HTTPS listener. Listeners arrive sorted by port.
 */
function gatewayListener(listeners: readonly ServedListener[]): ServedListener | undefined {
  for (const protocol of ['HTTP', 'HTTPS']) {
    const candidates = listeners.filter((l) => l.protocol === protocol);
    const preferred = candidates.find((l) => l.port === (protocol === 'HTTP' ? 80 : 443)) ?? candidates[0];
    if (preferred) return preferred;
  }
  return undefined;
}

/**
 * Places listeners on local ports. Load balancers share an HTTP port by Host header; a port
 * keeps the kind of the first (oldest) load balancer placed on it, and a TCP or UDP port serves
 * one listener, so a later conflicting listener is reported as unserved (a TCP_UDP listener is
 * placed only when both its halves are free). A listener on a port the gateway itself uses (a
 * row CreateListener accepted before such ports were refused) is never bound, so it cannot take
 * the API port from a restarting gateway; those ports are TCP ports, so UDP ones are not refused.
 */
export function planPorts(listeners: readonly ServedListener[], reserved: readonly ReservedPort[] = []): Plan {
  const ports = new Map<number, PortPlan>();
  const udpPorts = new Map<number, PortPlan>();
  const placements: Placement[] = [];
  const byLoadBalancer = new Map<string, ServedListener[]>();
  for (const listener of listeners) {
    placements.push(place(listener, reserved, ports, udpPorts));
    if (listener.loadBalancer.type === 'application') {
      const list = byLoadBalancer.get(listener.loadBalancer.dnsName) ?? [];
      byLoadBalancer.set(listener.loadBalancer.dnsName, [...list, listener]);
    }
  }
  const gatewayHosts = new Map<string, ServedListener>();
  for (const [dnsName, list] of byLoadBalancer) {
    const chosen = gatewayListener(list);
    if (chosen) gatewayHosts.set(dnsName, chosen);
  }
  return { ports, udpPorts, gatewayHosts, placements };
}

/** Places one listener on its port in `ports` (TCP) and/or `udpPorts`, or says why it cannot be. */
function place(listener: ServedListener, reserved: readonly ReservedPort[], ports: Map<number, PortPlan>, udpPorts: Map<number, PortPlan>): Placement {
  const kind = kindOf(listener);
  if (!KINDS.has(kind)) return { listener, unserved: kind };
  const halves = halvesOf(listener, kind as PortKind);
  const taken = reserved.find((r) => r.port === listener.port);
  if (taken && halves.some((half) => half !== 'udp')) {
    return { listener, unserved: `port ${listener.port} is reserved for ${taken.use}` + (kind === 'http' || kind === 'https' ? `; the load balancer answers on the gateway port with Host: ${listener.loadBalancer.dnsName}` : '') };
  }
  for (const half of halves) {
    const existing = (half === 'udp' ? udpPorts : ports).get(listener.port);
    if (existing && (existing.kind !== half || SINGLE.has(half))) {
      return { listener, unserved: `port ${listener.port} is already served as ${existing.kind.toUpperCase()} for load balancer ${existing.listeners[0].loadBalancer.name}` };
    }
  }
  for (const half of halves) {
    const map = half === 'udp' ? udpPorts : ports;
    const plan: PortPlan = map.get(listener.port) ?? { port: listener.port, kind: half, listeners: [], byHost: new Map() };
    plan.listeners.push(listener);
    plan.byHost.set(listener.loadBalancer.dnsName, listener);
    map.set(listener.port, plan);
  }
  return { listener, kinds: halves };
}

/** The listener a request on an HTTP(S) port is for: by Host = DNS name, else the port's only one. */
export function listenerForHost(plan: PortPlan, host: string): ServedListener | undefined {
  return plan.byHost.get(host) ?? (plan.listeners.length === 1 ? plan.listeners[0] : undefined);
}
