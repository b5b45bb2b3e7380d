import type { Action, RuleCondition } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { ListenerCertificateTable, ListenerRow, LoadBalancerRow, RuleRow, TargetGroupRow, TargetRow } from '../../database/tables.js';
import type { RoutedListener, RoutedLoadBalancer, RoutedRule, RoutedTargetGroup, RoutedTls, RouteTable } from './route-table.js';
import { routableTargets } from './routable-targets.js';

/** The rows the route table is compiled from, read in one snapshot together with the routing version. */
export interface RoutingState {
  version: string;
  loadBalancers: Pick<LoadBalancerRow, 'arn' | 'name' | 'type' | 'dns_name' | 'attributes' | 'created_at'>[];
  listeners: Pick<ListenerRow, 'arn' | 'load_balancer_arn' | 'port' | 'protocol'>[];
  rules: Pick<RuleRow, 'arn' | 'listener_arn' | 'priority' | 'is_default' | 'conditions' | 'actions'>[];
  targetGroups: Pick<TargetGroupRow, 'arn' | 'name' | 'protocol' | 'attributes'>[];
  targets: Pick<TargetRow, 'target_group_arn' | 'id' | 'port' | 'state'>[];
  /** The TLS settings of HTTPS and TLS listeners; absent, they have none. */
  listenerTls?: Pick<ListenerRow, 'arn' | 'ssl_policy' | 'certificates' | 'alpn_policy'>[];
  /** Listeners' certificate lists (AddListenerCertificates). */
  listenerCertificates?: Pick<ListenerCertificateTable, 'listener_arn' | 'certificate_arn' | 'created_at'>[];
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Compiles the state into the route table. Pure: the same rows in any order give an equal table,
 * because every list is sorted here — load balancers oldest first (ARN breaks ties), listeners by
 * port, rules in ALB evaluation order, actions by `Order`, targets by id and port.
 */
export function compileRouteTable(state: RoutingState): RouteTable {
  const rulesOf = groupBy(state.rules, (rule) => rule.listener_arn);
  const listenersOf = groupBy(state.listeners, (listener) => listener.load_balancer_arn);
  const targetsOf = groupBy(state.targets, (target) => target.target_group_arn);
  const tlsOf = new Map((state.listenerTls ?? []).map((row) => [row.arn, row]));
  const certificatesOf = groupBy(state.listenerCertificates ?? [], (row) => row.listener_arn);

  const loadBalancers = [...state.loadBalancers]
    .sort((a, b) => a.created_at.getTime() - b.created_at.getTime() || byText(a.arn, b.arn))
    .map((lb): RoutedLoadBalancer => ({
      arn: lb.arn,
      name: lb.name,
      type: lb.type as RoutedLoadBalancer['type'],
      dnsName: lb.dns_name.toLowerCase(),
      idleTimeoutSeconds: idleTimeout(lb),
      listeners: (listenersOf.get(lb.arn) ?? [])
        // Gateway Load Balancer listeners have no port or protocol: nothing to serve.
        .filter((listener) => listener.port !== null && listener.protocol !== null)
        .sort((a, b) => a.port! - b.port! || byText(a.arn, b.arn))
        .map((listener): RoutedListener => ({
          arn: listener.arn,
          loadBalancerArn: lb.arn,
          protocol: listener.protocol!,
          port: listener.port!,
          rules: orderRules(rulesOf.get(listener.arn) ?? []),
          ...(listener.protocol === 'HTTPS' || listener.protocol === 'TLS'
            ? { tls: compileTls(tlsOf.get(listener.arn), certificatesOf.get(listener.arn) ?? []) }
            : {}),
        })),
    }));

  const targetGroups: Record<string, RoutedTargetGroup> = {};
  for (const group of [...state.targetGroups].sort((a, b) => byText(a.arn, b.arn))) {
    targetGroups[group.arn] = compileTargetGroup(group, targetsOf.get(group.arn) ?? []);
  }
  return { version: state.version, loadBalancers, targetGroups };
}

/** A secure listener's default certificate, certificate list (oldest first), policy and ALPN policy. */
function compileTls(row: NonNullable<RoutingState['listenerTls']>[number] | undefined, listed: NonNullable<RoutingState['listenerCertificates']>): RoutedTls {
  const defaults = ((row?.certificates ?? []) as Array<{ CertificateArn?: string }>).map((c) => c.CertificateArn).filter((arn): arn is string => !!arn);
  const others = [...listed]
    .sort((a, b) => a.created_at.getTime() - b.created_at.getTime() || byText(a.certificate_arn, b.certificate_arn))
    .map((c) => c.certificate_arn);
  return {
    certificateArns: [...new Set([...defaults, ...others])],
    sslPolicy: row?.ssl_policy ?? undefined,
    alpnPolicy: row?.alpn_policy?.[0],
  };
}

/** ALB evaluation order: priority ascending (1 first), the default rule last. */
function orderRules(rows: RoutingState['rules']): RoutedRule[] {
  return [...rows]
    .sort((a, b) => (a.priority ?? Infinity) - (b.priority ?? Infinity) || byText(a.arn, b.arn))
    .map((rule) => ({
      arn: rule.arn,
      priority: rule.is_default || rule.priority === null ? 'default' : rule.priority,
      conditions: rule.conditions as RuleCondition[],
      actions: orderActions(rule.actions as Action[]),
    }));
}

/** Actions run by ascending `Order` (API reference, Action); a lone action may have none. */
function orderActions(actions: Action[]): Action[] {
  return actions
    .map((action, index) => ({ action, index }))
    .sort((a, b) => (a.action.Order ?? Infinity) - (b.action.Order ?? Infinity) || a.index - b.index)
    .map(({ action }) => action);
}

/** ALB `idle_timeout.timeout_seconds` (default 60); NLBs have a fixed 350 s TCP idle timeout. */
function idleTimeout(lb: RoutingState['loadBalancers'][number]): number {
  const fallback = lb.type === 'application' ? 60 : 350;
  const value = Number(lb.attributes['idle_timeout.timeout_seconds']);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

const ALGORITHMS = new Set<RoutedTargetGroup['algorithm']>(['round_robin', 'least_outstanding_requests', 'weighted_random']);

function compileTargetGroup(group: RoutingState['targetGroups'][number], targets: RoutingState['targets']): RoutedTargetGroup {
  const attributes = group.attributes;
  const algorithm = attributes['load_balancing.algorithm.type'] as RoutedTargetGroup['algorithm'];
  const layer4 = group.protocol !== null && !['HTTP', 'HTTPS'].includes(group.protocol);
  // Attribute defaults: API reference, TargetGroupAttribute (lb_cookie for ALB, source_ip for NLB, one day).
  const type = attributes['stickiness.type'] ?? (layer4 ? 'source_ip' : 'lb_cookie');
  const durationKey = type === 'app_cookie' ? 'stickiness.app_cookie.duration_seconds' : 'stickiness.lb_cookie.duration_seconds';
  const cookieName = type === 'app_cookie' ? attributes['stickiness.app_cookie.cookie_name'] : undefined;
  return {
    arn: group.arn,
    name: group.name,
    protocol: group.protocol,
    algorithm: ALGORITHMS.has(algorithm) ? algorithm : 'round_robin',
    stickiness: {
      enabled: attributes['stickiness.enabled'] === 'true',
      type,
      durationSeconds: Number(attributes[durationKey] ?? 86400),
      ...(cookieName ? { cookieName } : {}),
    },
    targets: routableTargets(targets)
      .map(({ id, port }) => ({ id, port }))
      .sort((a, b) => byText(a.id, b.id) || a.port - b.port),
  };
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const list = groups.get(key(row));
    if (list) list.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}
