import type { ReservedPort } from '../../config.js';
import type { ServedListener } from './served-table.js';

export type PortKind = 'http' | 'https' | 'tcp' | 'tls';

const KINDS: ReadonlySet<string> = new Set<PortKind>(['http', 'https', 'tcp', 'tls']);
/** Kinds whose port serves one listener: connections carry no Host header to tell load balancers apart. */
const SINGLE: ReadonlySet<string> = new Set<PortKind>(['tcp', 'tls']);

/** What one local port serves. */
export interface PortPlan {
  port: number;
  kind: PortKind;
  /** HTTP(S): the listeners sharing the port, by their load balancer's DNS name. TCP and TLS: exactly one. */
  listeners: ServedListener[];
  byHost: Map<string, ServedListener>;
}

export interface Placement {
  listener: ServedListener;
  /** Why the listener has no local port of its own, when it has none. */
  unserved?: string;
}

export interface Plan {
  ports: Map<number, PortPlan>;
  /** ALBs reachable on the gateway port by Host header = DNS name, and the listener answering. */
  gatewayHosts: Map<string, ServedListener>;
  placements: Placement[];
}

/** The kind of local server a listener needs, or why the embedded data plane cannot serve it. */
function kindOf(listener: ServedListener): PortKind | string {
  const { type } = listener.loadBalancer;
  if (type === 'application' && listener.protocol === 'HTTP') return 'http';
  if (type === 'application' && listener.protocol === 'HTTPS') return 'https';
  // TCP_UDP: its TCP half is served; the UDP half would need a datagram relay.
  if (type === 'network' && (listener.protocol === 'TCP' || listener.protocol === 'TCP_UDP')) return 'tcp';
  if (type === 'network' && listener.protocol === 'TLS') return 'tls';
  return `${listener.protocol} listeners of ${type} load balancers are not served by the embedded data plane`;
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
 * keeps the kind of the first (oldest) load balancer placed on it, and a TCP port serves one
 * listener, so a later conflicting listener is reported as unserved. A listener on a port the
 * gateway itself uses (a row CreateListener accepted before such ports were refused) is never
 * bound, so it cannot take the API port from a restarting gateway.
 */
export function planPorts(listeners: readonly ServedListener[], reserved: readonly ReservedPort[] = []): Plan {
  const ports = new Map<number, PortPlan>();
  const placements: Placement[] = [];
  const byLoadBalancer = new Map<string, ServedListener[]>();
  for (const listener of listeners) {
    const kind = kindOf(listener);
    const existing = ports.get(listener.port);
    const taken = reserved.find((r) => r.port === listener.port);
    if (taken) {
      placements.push({ listener, unserved: `port ${listener.port} is reserved for ${taken.use}` + (kind === 'http' || kind === 'https' ? `; the load balancer answers on the gateway port with Host: ${listener.loadBalancer.dnsName}` : '') });
    } else if (!KINDS.has(kind)) {
      placements.push({ listener, unserved: kind });
    } else if (existing && (existing.kind !== kind || SINGLE.has(kind))) {
      placements.push({ listener, unserved: `port ${listener.port} is already served as ${existing.kind.toUpperCase()} for load balancer ${existing.listeners[0].loadBalancer.name}` });
    } else {
      const plan: PortPlan = existing ?? { port: listener.port, kind: kind as PortKind, listeners: [], byHost: new Map() };
      plan.listeners.push(listener);
      plan.byHost.set(listener.loadBalancer.dnsName, listener);
      ports.set(listener.port, plan);
      placements.push({ listener });
    }
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
  return { ports, gatewayHosts, placements };
}

/** The listener a request on an HTTP(S) port is for: by Host = DNS name, else the port's only one. */
export function listenerForHost(plan: PortPlan, host: string): ServedListener | undefined {
  return plan.byHost.get(host) ?? (plan.listeners.length === 1 ? plan.listeners[0] : undefined);
}
