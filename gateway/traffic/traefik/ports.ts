import type { RouteTable, RoutedListener, RoutedLoadBalancer } from '../route-table/route-table.js';
import { entryPointName } from './names.js';

/** One listener as served on one Traefik entrypoint. */
export interface Placement {
  lb: RoutedLoadBalancer;
  listener: RoutedListener;
  entryPoint: string;
  kind: 'http' | 'tcp' | 'udp';
  /** Routers answer only this Host (the load balancer's DNS name)… */
  onlyHost?: string;
  /** …or any Host but these (other load balancers' DNS names on the same entrypoint). */
  exceptHosts: string[];
}

const KINDS: Record<string, Placement['kind'][]> = {
  HTTP: ['http'],
  HTTPS: ['http'],
  TCP: ['tcp'],
  TLS: ['tcp'],
  UDP: ['udp'],
  TCP_UDP: ['tcp', 'udp'],
};

/**
 * Where each listener is served. On AWS every load balancer has its own addresses, so two can
 * listen on one port; in Traefik they share the port's entrypoint. The convention: the first
 * load balancer in route-table order — the oldest — owns the
 * port and answers any Host on it; another load balancer's HTTP(S) listener on that port answers
 * only Host = its DNS name, and the owner's routers exclude those names, so no request can match
 * routers of two load balancers and the ALB priorities never compete across load balancers. A
 * plain TCP/UDP listener cannot be told apart by Host, so only the owner's is served; likewise an
 * HTTP listener on a port a TCP listener owns (Traefik runs TCP routers first, and `HostSNI(`*`)`
 * takes every connection).
 */
export function placeListeners(table: RouteTable): Placement[] {
  const byEntryPoint = new Map<string, Placement[]>();
  for (const lb of table.loadBalancers) {
    if (lb.type === 'gateway') continue;
    for (const listener of lb.listeners) {
      for (const kind of KINDS[listener.protocol] ?? []) {
        const entryPoint = entryPointName(listener.port, kind === 'udp');
        const placements = byEntryPoint.get(entryPoint) ?? [];
        placements.push({ lb, listener, entryPoint, kind, exceptHosts: [] });
        byEntryPoint.set(entryPoint, placements);
      }
    }
  }
  const served: Placement[] = [];
  for (const [owner, ...others] of byEntryPoint.values()) {
    if (owner.kind !== 'http') {
      served.push(owner);
      continue;
    }
    const guests = others.filter((placement) => placement.kind === 'http' && placement.lb.dnsName !== owner.lb.dnsName);
    served.push({ ...owner, exceptHosts: guests.map((guest) => guest.lb.dnsName).sort() });
    served.push(...guests.map((guest) => ({ ...guest, onlyHost: guest.lb.dnsName })));
  }
  return served;
}
