import type { RoutedListener, RoutedLoadBalancer, RoutedRule } from '../route-table/route-table.js';

// Names of the objects in the Traefik configuration. They are derived from names and IDs only,
// never from positions, so one change renames nothing else and Traefik reloads only what moved.
// Traefik forbids `@` in names (it separates the provider); everything is reduced to [A-Za-z0-9-].

/**
 * Traefik entrypoints are static (reference/traefik.md §2), so the cluster declares a pool of them
 * and each listener port maps to one by name: `elb-<port>` listening on `:<port>/tcp` (HTTP, HTTPS,
 * TCP and TLS listeners) and `elb-<port>-udp` on `:<port>/udp` (UDP, and the UDP half of TCP_UDP).
 * A listener whose entrypoint is not declared is simply unreachable (Traefik logs
 * `entryPoint "…" doesn't exist` and disables the router).
 */
export function entryPointName(port: number, udp = false): string {
  return udp ? `elb-${port}-udp` : `elb-${port}`;
}

function clean(text: string): string {
  return text.replace(/[^A-Za-z0-9-]/g, '-');
}

/** The last segment of an ARN: the resource's 16-hex ID. */
function idOf(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/** `<lb name>-<lb id>-<port>`: unique, since a load balancer has one listener per port. */
export function listenerKey(lb: RoutedLoadBalancer, listener: RoutedListener): string {
  return clean(`${lb.name}-${idOf(lb.arn)}-${listener.port}`);
}

/** `<listener key>-r<priority>` or `<listener key>-default`. */
export function ruleKey(lb: RoutedLoadBalancer, listener: RoutedListener, rule: RoutedRule): string {
  return `${listenerKey(lb, listener)}-${rule.priority === 'default' ? 'default' : `r${rule.priority}`}`;
}

/** `tg-<name>-<id>`, from the ARN (`…:targetgroup/<name>/<id>`) so an unknown group still has one. */
export function targetGroupServiceName(arn: string): string {
  const [, name = 'unknown', id = 'unknown'] = arn.split('/');
  return clean(`tg-${name}-${id}`);
}

/** The service pointing at kecs-lb's own action endpoint (fixed responses). */
export const ACTIONS_SERVICE = 'kecs-actions';

/** The servers transport for HTTPS target groups: ALB does not verify target certificates. */
export const INSECURE_TRANSPORT = 'kecs-insecure-tls';
