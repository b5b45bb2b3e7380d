import type { Action, RuleCondition, RuleTransform } from '@aws-sdk/client-elastic-load-balancing-v2';

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
  /** The trust stores of listeners in mutual TLS `verify` mode, keyed by ARN. */
  trustStores?: Record<string, RoutedTrustStore>;
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
  /** HTTPS listeners with mutual TLS `passthrough` or `verify`; absent when it is off. */
  mutualAuthentication?: RoutedMutualAuthentication;
  /** HTTPS and TLS listeners: what TLS termination needs. */
  tls?: RoutedTls;
}

/** A listener's `MutualAuthentication` (API reference, MutualAuthenticationAttributes). */
export type RoutedMutualAuthentication =
  | { mode: 'passthrough' }
  | {
    mode: 'verify';
    /** A key of `RouteTable.trustStores`. */
    trustStoreArn: string;
    ignoreClientCertificateExpiry: boolean;
    advertiseTrustStoreCaNames: boolean;
  };

/** A trust store as verify mode needs it: its CA bundle and what its revocation lists revoke. */
export interface RoutedTrustStore {
  caCertificatesBundle: string;
  /** One entry per revocation list, by revocation id. */
  revocations: RoutedRevocationList[];
}

export interface RoutedRevocationList {
  /** The CRL's issuer name (as @peculiar/x509 writes it); null for lists recorded before it was kept. */
  issuer: string | null;
  /** Revoked serial numbers, hexadecimal. */
  serials: string[];
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
  /**
   * Host-header and URL rewrites for forwarded requests (route-table/rewrite.ts). The compiler
   * always sets it ([] for none); optional so hand-built tables need not spell it out.
   */
  transforms?: RuleTransform[];
}

export interface RoutedTarget {
  id: string;
  port: number;
  /** Where to connect when the id is not an address (an instance's private IP); absent, the id is the address. */
  address?: string;
}

/** The host a data plane connects to for this target. */
export function targetHost(target: RoutedTarget): string {
  return target.address ?? target.id;
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
