import type { Action } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { RoutedTargetGroup, RouteTable } from '../route-table/route-table.js';
import { targetGroupServiceName } from './names.js';
import { forwardTargets, weightedChildren } from './services.js';
import type { StickyCookie, WeightedChild } from './types.js';

/** How one namespace (http, tcp or udp) builds the services of a forward action. */
export interface ForwardKind<S> {
  targetGroup(group: RoutedTargetGroup | undefined): S;
  weighted(children: WeightedChild[], action: Action): S;
}

/**
 * The service a forward action's router points at, adding what it needs to `services`: the
 * target group's own service for one group, or `<rule key>-forward`, a `weighted` service over
 * the groups' services, for several. A group with weight 0 gets no traffic in either system
 * (Traefik ignores non-positive weights: wrr.go). A group without routable targets keeps its
 * share and answers 503 for it; undefined when the action names no group.
 */
export function forwardService<S>(services: Record<string, S>, key: string, action: Action, table: RouteTable, kind: ForwardKind<S>): string | undefined {
  const targets = forwardTargets(action);
  if (targets.length === 0) return undefined;
  for (const target of targets) {
    services[targetGroupServiceName(target.arn)] ??= kind.targetGroup(table.targetGroups[target.arn]);
  }
  if (targets.length === 1) return targetGroupServiceName(targets[0].arn);
  const name = `${key}-forward`;
  services[name] = kind.weighted(weightedChildren(targets.map((t) => ({ name: targetGroupServiceName(t.arn), weight: t.weight }))), action);
  return name;
}

/** A weighted service with an optional sticky cookie (HTTP only). */
export function weighted(children: WeightedChild[], cookie?: StickyCookie): { weighted: { services: WeightedChild[]; sticky?: { cookie: StickyCookie } } } {
  return { weighted: { services: children, ...(cookie ? { sticky: { cookie } } : {}) } };
}
