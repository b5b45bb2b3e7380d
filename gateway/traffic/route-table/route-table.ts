import type { Action, RuleCondition } from '@aws-sdk/client-elastic-load-balancing-v2';

/**
 * The route table: everything the data planes (the embedded proxy and Traefik's dynamic
 * configuration) need, compiled from the state by a pure function. Both consumers read only this.
 */
export interface RouteTable {
  /** The routing version the table was compiled at. */
  version: string;
  /**
   * Oldest first (ARN breaks ties), listeners by port: a stable order, so a data plane that must
   * pick one of several load balancers sharing a listener port can pick the first.
   */
  loadBalancers: RoutedLoadBalancer[];
  /** Keyed by target group ARN. */
  targetGroups: Record<string, RoutedTargetGroup>;
}

export interface RoutedLoadBalancer {
  arn: string;
  name: string;
  type: 'application' | 'network' | 'gateway';
  /** Lower-case DNS name; the gateway port routes by Host header = this name. */
  dnsName: string;
  idleTimeoutSeconds: number;
  /** ALB `routing.http.xff_header_processing.mode` etc. could be added here as they are honoured. */
  listeners: RoutedListener[];
}

export interface RoutedListener {
  arn: string;
  loadBalancerArn: string;
  protocol: string;
  port: number;
  /** In ALB evaluation order: priority ascending, the default rule last. */
  rules: RoutedRule[];
  /** HTTPS and TLS listeners: what TLS termination needs. */
  tls?: RoutedTls;
}

export interface RoutedTls {
  /** The default certificate first, then the certificate list (AddListenerCertificates) oldest first, once each. */
  certificateArns: string[];
  sslPolicy: string | undefined;
  /** The listener's AlpnPolicy (TLS listeners); undefined when none was set. */
  alpnPolicy: string | undefined;
}

export interface RoutedRule {
  arn: string;
  priority: number | 'default';
  /** As stored (both the legacy `Values` and the `*Config` forms may be present). */
  conditions: RuleCondition[];
  /** Sorted by `Order`; the last one is the terminal action. */
  actions: Action[];
}

export interface RoutedTarget {
  id: string;
  port: number;
}

export interface RoutedTargetGroup {
  arn: string;
  name: string;
  protocol: string | null;
  /**
   * `load_balancing.algorithm.type`. On TCP/TLS groups (a kecs-lb extension, see
   * target-group-attributes.ts) `least_outstanding_requests` means fewest open connections.
   */
  algorithm: 'round_robin' | 'least_outstanding_requests' | 'weighted_random';
  stickiness: { enabled: boolean; type: string; durationSeconds: number; cookieName?: string };
  /**
   * Targets that may receive traffic: the healthy ones; all registered (non-draining) ones when
   * none is healthy (ALB fails open); none when nothing is registered.
   */
  targets: RoutedTarget[];
}
