import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { BlockList } from 'node:net';
import { networkInterfaces } from 'node:os';
import { addCidr, inRanges } from '../../target-addresses.js';
import type { Endpoint } from './balancer.js';
import type { PortKind } from './port-plan.js';

/** The header that carries, from this process to itself, the listeners a request went through. */
const HOPS = 'x-lb-hops';

/** Loopback, the unspecified addresses and every address of this machine's interfaces. */
function localAddresses(): BlockList {
  const list = new BlockList();
  for (const cidr of ['127.0.0.0/8', '::1/128', '0.0.0.0/32', '::/128']) addCidr(list, cidr);
  for (const addresses of Object.values(networkInterfaces())) {
    for (const { address, family } of addresses ?? []) list.addAddress(address.split('%')[0], family === 'IPv4' ? 'ipv4' : 'ipv6');
  }
  return list;
}

/**
 * Stops a load balancer whose target is itself (a target group holding the listener's own
 * address and port) from turning one request into endless hops. AWS never gets there: a
 * load balancer's own addresses cannot be its targets (`unused`/Target.IpUnusable, API_TargetHealth),
 * and a longer loop ends at ALB's 463 (more than 30 X-Forwarded-For addresses). Here a target is
 * any address, so:
 *
 * - HTTP: a request forwarded to one of this process's own ports (a listener port, or the API
 *   port that serves ALBs by Host header) carries a header naming the listeners it went
 *   through, tagged with a random per-process token. A listener that finds itself in it answers
 *   508 Loop Detected (RFC 5842 §7.2), which travels back as the inner hop's response. Chains
 *   through distinct listeners (ALB → ALB) still work; only a cycle is refused, after one hop.
 *   The header never reaches a target that is not this process: it is removed from every
 *   request and only added for our own ports.
 * - TCP (NLB): bytes carry no mark, so a connection whose target is one of this process's own TCP
 *   listener ports is reset at once (NLB → ALB on its HTTP port still works).
 * - UDP (NLB): likewise, a datagram whose target is one of this process's UDP listener ports is
 *   dropped (udp-route.ts).
 */
export class LoopGuard {
  private readonly token = randomBytes(8).toString('hex');
  private readonly local = localAddresses();

  /**
   * `served(port, kind)`: what this process serves on a local port now, if anything; for `udp`,
   * on the UDP port of that number (a namespace of its own), else on the TCP port.
   */
  constructor(private readonly served: (port: number, kind?: PortKind) => PortKind | undefined) {}

  /** True when `endpoint` is this process, serving `kind` on that port (any TCP kind if omitted). */
  isOwn(endpoint: Endpoint, kind?: PortKind): boolean {
    const servedKind = this.served(endpoint.port, kind);
    return servedKind !== undefined && (kind === undefined || servedKind === kind) && inRanges(this.local, endpoint.host);
  }

  /** True when the request already went through `listenerArn` in this process. */
  looped(headers: IncomingHttpHeaders, listenerArn: string): boolean {
    return this.ours(headers).includes(this.entry(listenerArn));
  }

  /** Removes the hop header from `out`, and adds it back, extended, when `endpoint` is this process. */
  mark(out: OutgoingHttpHeaders, incoming: IncomingHttpHeaders, listenerArn: string, endpoint: Endpoint): void {
    delete out[HOPS];
    if (this.isOwn(endpoint)) out[HOPS] = [...this.ours(incoming), this.entry(listenerArn)].join(',');
  }

  private entry(listenerArn: string): string {
    return `${this.token}/${listenerArn.slice(listenerArn.lastIndexOf('/') + 1)}`;
  }

  /** The entries of this process (another process's token, or a client's, counts for nothing). */
  private ours(headers: IncomingHttpHeaders): string[] {
    const value = headers[HOPS];
    if (typeof value !== 'string') return [];
    return value.split(',').map((entry) => entry.trim()).filter((entry) => entry.startsWith(`${this.token}/`));
  }
}
