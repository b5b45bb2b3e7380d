import type { Action, RedirectActionConfig, RuleCondition } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { RoutedListener, RoutedLoadBalancer, RoutedTls, RouteTable } from '../route-table/route-table.js';
import { compileConditions, type Matcher } from './conditions.js';
import type { Endpoint } from './balancer.js';
import type { ForwardPlan, ServedGroup } from './forward.js';
import { fixedResponse, type GeneratedResponse } from './responses.js';

export type ServedAction =
  | { type: 'forward'; plan: ForwardPlan }
  | { type: 'redirect'; config: RedirectActionConfig }
  | { type: 'fixed-response'; response: GeneratedResponse };

export interface ServedRule {
  arn: string;
  /** For the access log's matched_rule_priority. */
  priority: number | 'default';
  matches: Matcher;
  action: ServedAction;
}

/** One listener of one load balancer, ready to answer requests. */
export interface ServedListener {
  arn: string;
  protocol: string;
  port: number;
  loadBalancer: Pick<RoutedLoadBalancer, 'arn' | 'name' | 'type' | 'dnsName'>;
  idleTimeoutMs: number;
  rules: ServedRule[];
  /** HTTPS and TLS listeners: their certificates and policies, and the host names their rules match. */
  tls?: ServedTls;
}

export interface ServedTls extends RoutedTls {
  /** The host-header values of the listener's rules: the local CA's certificates name them too. */
  hostNames: string[];
}

/** A route table compiled for serving: conditions compiled, target addresses resolved. */
export interface ServedTable {
  version: string;
  listeners: ServedListener[];
  groups: Record<string, ServedGroup>;
  /** Rules left out because they could not be compiled, with the reason, for the log. */
  problems: string[];
}

/**
 * The terminal action is the last one (the route table sorts by Order). The non-terminal
 * authenticate-oidc/-cognito and jwt-validation actions need an identity provider and TLS, which
 * the embedded data plane does not have: they are skipped, as the README states.
 */
function serveAction(actions: readonly Action[]): ServedAction {
  const action = actions.at(-1);
  switch (action?.Type) {
    case 'forward': {
      const tuples = action.ForwardConfig?.TargetGroups ?? [];
      const groups = tuples.length > 0
        ? tuples.map((t) => ({ arn: t.TargetGroupArn!, weight: t.Weight ?? 1 }))
        : [{ arn: action.TargetGroupArn!, weight: 1 }];
      const sticky = action.ForwardConfig?.TargetGroupStickinessConfig;
      return { type: 'forward', plan: { groups, groupStickinessSeconds: sticky?.Enabled ? sticky.DurationSeconds ?? 86400 : undefined } };
    }
    case 'redirect':
      if (!action.RedirectConfig) throw new Error('redirect action without RedirectConfig');
      return { type: 'redirect', config: action.RedirectConfig };
    case 'fixed-response':
      if (!action.FixedResponseConfig) throw new Error('fixed-response action without FixedResponseConfig');
      return { type: 'fixed-response', response: fixedResponse(action.FixedResponseConfig) };
    default:
      throw new Error(`unsupported terminal action '${action?.Type}'`);
  }
}

/** The host names a listener's rules match on (HostHeaderConfig, or the legacy Values). */
function hostNamesOf(listener: RoutedListener): string[] {
  const names = listener.rules.flatMap((rule) => rule.conditions)
    .filter((condition: RuleCondition) => condition.Field === 'host-header')
    .flatMap((condition) => condition.HostHeaderConfig?.Values ?? condition.Values ?? []);
  return [...new Set(names)];
}

function serveListener(lb: RoutedLoadBalancer, listener: RoutedListener, problems: string[]): ServedListener {
  const rules: ServedRule[] = [];
  for (const rule of listener.rules) {
    try {
      rules.push({ arn: rule.arn, priority: rule.priority, matches: compileConditions(rule.conditions), action: serveAction(rule.actions) });
    } catch (error) {
      problems.push(`rule ${rule.arn} left out: ${(error as Error).message}`);
    }
  }
  return {
    arn: listener.arn,
    protocol: listener.protocol,
    port: listener.port,
    loadBalancer: { arn: lb.arn, name: lb.name, type: lb.type, dnsName: lb.dnsName },
    idleTimeoutMs: lb.idleTimeoutSeconds * 1000,
    rules,
    ...(listener.tls ? { tls: { ...listener.tls, hostNames: hostNamesOf(listener) } } : {}),
  };
}

/**
 * Compiles a route table for serving. Pure apart from building closures and RegExps. Targets
 * `allowsTarget` refuses (KECS_TARGET_ADDRESSES) are left out, with a problem each: a group left
 * with none answers 503 (HTTP) or resets (TCP), so the data plane never connects to them.
 */
export function serveTable(table: RouteTable, allowsTarget: (host: string) => boolean = () => true): ServedTable {
  const problems: string[] = [];
  const listeners = table.loadBalancers.flatMap((lb) => lb.listeners.map((listener) => serveListener(lb, listener, problems)));
  const groups: Record<string, ServedGroup> = {};
  for (const [arn, group] of Object.entries(table.targetGroups)) {
    const allowed = group.targets.filter(({ id, port }) => {
      if (allowsTarget(id)) return true;
      problems.push(`target ${id}:${port} of ${arn} is outside KECS_TARGET_ADDRESSES: no traffic is forwarded to it`);
      return false;
    });
    // HTTPS and TLS target groups are reached over TLS.
    const tls = group.protocol === 'HTTPS' || group.protocol === 'TLS';
    const endpoints = allowed.map(({ id, port }): Endpoint => ({ key: `${id}:${port}`, host: id, port, ...(tls ? { tls } : {}) }));
    groups[arn] = {
      arn,
      algorithm: group.algorithm,
      stickiness: group.stickiness,
      endpoints,
      byKey: new Map(endpoints.map((endpoint) => [endpoint.key, endpoint])),
    };
  }
  return { version: table.version, listeners, groups, problems };
}
