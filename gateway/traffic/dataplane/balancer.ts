import type { RoutedTargetGroup } from '../route-table/route-table.js';

/** A routable target with its address resolved once per route table. */
export interface Endpoint {
  /** `id:port`, the identity stickiness cookies and in-flight counts refer to. */
  key: string;
  host: string;
  port: number;
  /** The target group's protocol is HTTPS or TLS: connections to the target use TLS. */
  tls?: true;
}

/**
 * Per target group: the round-robin cursor and the requests in flight per target (for a TCP
 * group, its open connections). It outlives route tables (kept by target group ARN), so a reload
 * neither resets the rotation nor forgets outstanding requests.
 */
export class GroupBalancer {
  private cursor = 0;
  private readonly inFlight = new Map<string, number>();

  /**
   * Picks a target by the group's `load_balancing.algorithm.type` (target group attributes):
   * round_robin; least_outstanding_requests (fewest in flight, ties rotated: least connections
   * for a TCP group); weighted_random
   * (uniform here, as every target carries the same weight until anomaly mitigation exists).
   */
  pick(endpoints: readonly Endpoint[], algorithm: RoutedTargetGroup['algorithm'], random: () => number = Math.random): Endpoint | undefined {
    const count = endpoints.length;
    if (count === 0) return undefined;
    if (algorithm === 'weighted_random') return endpoints[Math.floor(random() * count)];
    const start = this.cursor++ % count;
    if (algorithm !== 'least_outstanding_requests') return endpoints[start];
    let best = endpoints[start];
    let bestLoad = this.inFlight.get(best.key) ?? 0;
    for (let step = 1; step < count && bestLoad > 0; step++) {
      const candidate = endpoints[(start + step) % count];
      const load = this.inFlight.get(candidate.key) ?? 0;
      if (load < bestLoad) {
        best = candidate;
        bestLoad = load;
      }
    }
    return best;
  }

  /** Counts a request or connection in flight to `endpoint`; the returned function ends it (call once). */
  begin(endpoint: Endpoint): () => void {
    this.inFlight.set(endpoint.key, (this.inFlight.get(endpoint.key) ?? 0) + 1);
    return () => {
      const left = (this.inFlight.get(endpoint.key) ?? 1) - 1;
      if (left > 0) this.inFlight.set(endpoint.key, left);
      else this.inFlight.delete(endpoint.key);
    };
  }
}

/** The balancers of every target group, by ARN; groups gone from the route table are dropped. */
export class Balancers {
  private readonly byArn = new Map<string, GroupBalancer>();

  get(arn: string): GroupBalancer {
    let balancer = this.byArn.get(arn);
    if (!balancer) this.byArn.set(arn, balancer = new GroupBalancer());
    return balancer;
  }

  retain(arns: ReadonlySet<string>): void {
    for (const arn of this.byArn.keys()) if (!arns.has(arn)) this.byArn.delete(arn);
  }
}
