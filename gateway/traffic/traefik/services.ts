import type { Action } from '@aws-sdk/client-elastic-load-balancing-v2';
import { targetHost, type RoutedTarget, type RoutedTargetGroup } from '../route-table/route-table.js';
import { INSECURE_TRANSPORT } from './names.js';
import type { HttpService, StickyCookie, TcpService, UdpService, WeightedChild } from './types.js';

/** A target's host in a URL or address (an instance's private IP for instance targets): IPv6 literals need brackets. */
function hostOf(target: RoutedTarget): string {
  const host = targetHost(target);
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * The target groups of a forward action with their weights: `ForwardConfig.TargetGroups` when
 * given, else the top-level `TargetGroupArn` (both forms are stored as the API received them).
 * A missing weight is 1 (API reference, TargetGroupTuple).
 */
export function forwardTargets(action: Action): { arn: string; weight: number }[] {
  const tuples = action.ForwardConfig?.TargetGroups ?? [];
  if (tuples.length > 0) return tuples.filter((t) => t.TargetGroupArn).map((t) => ({ arn: t.TargetGroupArn!, weight: t.Weight ?? 1 }));
  return action.TargetGroupArn ? [{ arn: action.TargetGroupArn, weight: 1 }] : [];
}

/**
 * Target stickiness as a Traefik sticky cookie. `lb_cookie` is ALB's `AWSALB` with the
 * configured duration. `app_cookie` cannot be expressed (Traefik cannot follow a cookie the
 * application sets), so Traefik's own cookie stands in for it under ALB's `AWSALBAPP` name.
 * `source_ip` (NLB) has no TCP equivalent and is ignored.
 */
function targetCookie(group: RoutedTargetGroup): StickyCookie | undefined {
  const { enabled, type, durationSeconds } = group.stickiness;
  if (!enabled) return undefined;
  if (type === 'lb_cookie') return { name: 'AWSALB', maxAge: durationSeconds };
  if (type === 'app_cookie') return { name: 'AWSALBAPP', maxAge: durationSeconds };
  return undefined;
}

/**
 * An HTTP target group: only its routable targets are listed. A group with none keeps a valid
 * service with `servers: []`, which Traefik answers with 503 "no available server"
 * (wrr.go/p2c.go `errNoAvailableServer`) — ALB's 503 too, with a different body.
 * round_robin → `wrr`; least_outstanding_requests → `p2c` (fewest active requests of two picks,
 * Traefik v3.4+); weighted_random has no equivalent and becomes `wrr`.
 */
export function httpTargetGroupService(group: RoutedTargetGroup | undefined): HttpService {
  const https = group?.protocol === 'HTTPS';
  const cookie = group && targetCookie(group);
  return {
    loadBalancer: {
      servers: (group?.targets ?? []).map((t) => ({ url: `${https ? 'https' : 'http'}://${hostOf(t)}:${t.port}` })),
      strategy: group?.algorithm === 'least_outstanding_requests' ? 'p2c' : 'wrr',
      // ALB passes the client's Host header to targets unchanged.
      passHostHeader: true,
      ...(cookie ? { sticky: { cookie } } : {}),
      ...(https ? { serversTransport: INSECURE_TRANSPORT } : {}),
    },
  };
}

/**
 * A TCP/TLS target group: routable targets only; an empty list makes Traefik close the connection
 * (tcp/wrr_load_balancer.go "no servers in the pool"). TLS groups re-encrypt without verifying.
 * Traefik v3's TCP load balancer is weighted round robin with no strategy option
 * (pkg/server/service/tcp/service.go builds only `tcp.NewWRRLoadBalancer`), so
 * least_outstanding_requests (kecs-lb's least connections) is not expressed: no key is added
 * that Traefik would reject, and the README's Traefik table says so.
 */
export function tcpTargetGroupService(group: RoutedTargetGroup | undefined): TcpService {
  const tls = group?.protocol === 'TLS';
  return {
    loadBalancer: {
      servers: (group?.targets ?? []).map((t) => ({ address: `${hostOf(t)}:${t.port}`, ...(tls ? { tls: true } : {}) })),
      ...(tls ? { serversTransport: INSECURE_TRANSPORT } : {}),
    },
  };
}

/** A UDP target group (UDP, or the UDP half of TCP_UDP): routable targets only. */
export function udpTargetGroupService(group: RoutedTargetGroup | undefined): UdpService {
  return { loadBalancer: { servers: (group?.targets ?? []).map((t) => ({ address: `${hostOf(t)}:${t.port}` })) } };
}

/** Weighted children sorted by name: their order means nothing to Traefik, and it keeps bytes stable. */
export function weightedChildren(children: WeightedChild[]): WeightedChild[] {
  return [...children].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Target-group stickiness of a weighted forward (ForwardConfig.TargetGroupStickinessConfig) as
 * the weighted service's `AWSALBTG` cookie.
 */
export function groupCookie(action: Action): StickyCookie | undefined {
  const config = action.ForwardConfig?.TargetGroupStickinessConfig;
  return config?.Enabled ? { name: 'AWSALBTG', maxAge: config.DurationSeconds ?? 86400 } : undefined;
}
