import type { Action } from '@aws-sdk/client-elastic-load-balancing-v2';
import { encodeFixedResponse, FIXED_RESPONSE_PATH } from '../route-table/fixed-response.js';
import type { RoutedRule, RouteTable } from '../route-table/route-table.js';
import { forwardService, weighted } from './forward.js';
import { ACTIONS_SERVICE, ruleKey } from './names.js';
import type { Placement } from './ports.js';
import { redirectMiddlewares } from './redirect.js';
import { conditionParts, literal } from './rules.js';
import { groupCookie, httpTargetGroupService } from './services.js';
import { transformMiddlewares } from './transforms.js';
import type { HttpMiddleware, HttpRouter, HttpService } from './types.js';

/** The HTTP half of the configuration being built. */
export interface HttpDraft {
  routers: Record<string, HttpRouter>;
  services: Record<string, HttpService>;
  middlewares: Record<string, HttpMiddleware>;
}

/**
 * ALB evaluates the lowest priority first, Traefik the highest (mux.go sorts descending), so a
 * rule gets `100000 − priority` (ALB priorities are 1–50000) and the default rule 1, below all.
 * Explicit and unique per entrypoint, since Traefik breaks ties in no defined order.
 */
function routerPriority(rule: RoutedRule): number {
  return rule.priority === 'default' ? 1 : 100000 - rule.priority;
}

/** One router per rule of an HTTP/HTTPS listener (rules with an inexpressible condition get none). */
export function addHttpListener(draft: HttpDraft, placement: Placement, table: RouteTable, actionsUrl: string): void {
  const { lb, listener } = placement;
  for (const rule of listener.rules) {
    const parts = conditionParts(rule.conditions);
    // Non-terminal actions (authenticate-oidc, authenticate-cognito, jwt-validation) have no
    // Traefik equivalent and are skipped; the terminal action — the last one — decides.
    const action = rule.actions.at(-1);
    if (!parts || !action) continue;
    const key = ruleKey(lb, listener, rule);
    const target = terminal(draft, key, rule, action, placement, table, actionsUrl);
    if (!target) continue;
    const positive = [...(placement.onlyHost ? [`Host(${literal(placement.onlyHost)})`] : []), ...parts];
    const negative = placement.exceptHosts.map((host) => `!Host(${literal(host)})`);
    draft.routers[key] = {
      entryPoints: [placement.entryPoint],
      // A rule without conditions (the default rule) matches every request.
      rule: [...(positive.length > 0 ? positive : ['PathPrefix(`/`)']), ...negative].join(' && '),
      priority: routerPriority(rule),
      service: target.service,
      ...(target.middlewares ? { middlewares: target.middlewares } : {}),
      ...(listener.protocol === 'HTTPS' ? { tls: {} } : {}),
    };
  }
}

function terminal(draft: HttpDraft, key: string, rule: RoutedRule, action: Action, placement: Placement, table: RouteTable, actionsUrl: string): { service: string; middlewares?: string[] } | undefined {
  switch (action.Type) {
    case 'forward': {
      const service = forwardService(draft.services, key, action, table, {
        targetGroup: httpTargetGroupService,
        weighted: (children, forward) => weighted(children, groupCookie(forward)),
      });
      if (!service) return undefined;
      // Transforms rewrite forwarded requests only (ALB guide, "Transforms for listener rules").
      const transforms = transformMiddlewares(rule, key);
      for (const [name, middleware] of transforms) draft.middlewares[name] = middleware;
      return transforms.length > 0 ? { service, middlewares: transforms.map(([name]) => name) } : { service };
    }
    case 'redirect': {
      if (!action.RedirectConfig) return undefined;
      const middlewares = redirectMiddlewares(action.RedirectConfig, placement.listener);
      const names = middlewares.length === 1 ? [`${key}-redirect`] : [`${key}-redirect-query`, `${key}-redirect`];
      names.forEach((name, index) => { draft.middlewares[name] = middlewares[index]; });
      // noop@internal (Traefik's internal 418 service) only ends the chain: the redirect answers first.
      return { service: 'noop@internal', middlewares: names };
    }
    case 'fixed-response': {
      if (!action.FixedResponseConfig) return undefined;
      const name = `${key}-fixed-response`;
      draft.middlewares[name] = { replacePath: { path: FIXED_RESPONSE_PATH + encodeFixedResponse(action.FixedResponseConfig) } };
      // The gateway answers; the client's Host is not forwarded, it means nothing to the gateway.
      draft.services[ACTIONS_SERVICE] = { loadBalancer: { servers: [{ url: actionsUrl }], strategy: 'wrr', passHostHeader: false } };
      return { service: ACTIONS_SERVICE, middlewares: [name] };
    }
    default:
      return undefined;
  }
}
