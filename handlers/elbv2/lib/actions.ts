import type { Action } from '@aws-sdk/client-elastic-load-balancing-v2';
import { validationError } from '../../../gateway/api/errors.js';
import { normalizeCognito, normalizeFixedResponse, normalizeForward, normalizeOidc, normalizeRedirect } from './action-configs.js';
import type { LoadBalancerType } from './arn.js';
import { invalidLoadBalancerAction } from './errors.js';
import type { ActionInput } from './rule-schemas.js';

/** What an action list is checked against: the load balancer's type and the listener's protocol. */
export interface ActionScope {
  lbType: LoadBalancerType;
  protocol: string | null;
  /** The actions being replaced, for `UseExistingClientSecret`. */
  previous?: readonly Action[];
}

type ConfigKey = 'ForwardConfig' | 'RedirectConfig' | 'FixedResponseConfig' | 'AuthenticateOidcConfig' | 'AuthenticateCognitoConfig' | 'JwtValidationConfig';

const CONFIG_OF: Record<string, ConfigKey> = {
  forward: 'ForwardConfig',
  redirect: 'RedirectConfig',
  'fixed-response': 'FixedResponseConfig',
  'authenticate-oidc': 'AuthenticateOidcConfig',
  'authenticate-cognito': 'AuthenticateCognitoConfig',
  'jwt-validation': 'JwtValidationConfig',
};

/** Actions that end a rule; ALB guide, "Listener rules": exactly one, performed last. */
const TERMINAL = new Set(['forward', 'redirect', 'fixed-response']);

/** Target groups per forward action: 5 on an ALB (quota "Target groups per action"), 1 on NLB and GWLB. */
const MAX_GROUPS: Record<LoadBalancerType, number> = { application: 5, network: 1, gateway: 1 };

/**
 * Checks an action list and returns it as AWS describes it afterwards (sorted by Order, defaults
 * filled, forward actions in both forms). The result is what gets stored and echoed.
 */
export function normalizeActions(actions: readonly ActionInput[], scope: ActionScope): Action[] {
  if (actions.length === 0) throw validationError('At least one action must be specified');
  if (actions.length > 1) {
    // API reference, Action.Order: "required for rules with multiple actions".
    if (actions.some((a) => a.Order === undefined)) throw validationError('An order must be specified for each action when there is more than one action');
    if (new Set(actions.map((a) => a.Order)).size !== actions.length) throw validationError('Each action must have a different order');
  }
  const sorted = [...actions].sort((a, b) => (a.Order ?? 0) - (b.Order ?? 0));
  return sorted.map((action, index) => {
    const last = index === sorted.length - 1;
    if (TERMINAL.has(action.Type) !== last) {
      throw invalidLoadBalancerAction(last ? "The last action must be of type 'forward', 'redirect' or 'fixed-response'" : `An action of type '${action.Type}' must be the last action`);
    }
    return normalizeAction(action, scope);
  });
}

function normalizeAction(action: ActionInput, scope: ActionScope): Action {
  const type = action.Type;
  if (scope.lbType !== 'application' && type !== 'forward') throw invalidLoadBalancerAction(`Action type '${type}' is not supported by ${scope.lbType} load balancers, only 'forward' is`);
  for (const [other, key] of Object.entries(CONFIG_OF)) {
    if (other !== type && action[key] !== undefined) throw validationError(`${key} cannot be specified for an action of type '${type}'`);
  }
  if (type !== 'forward' && action.TargetGroupArn !== undefined) throw validationError(`A target group ARN cannot be specified for an action of type '${type}'`);
  if (type !== 'forward' && action[CONFIG_OF[type]] === undefined) throw validationError(`${CONFIG_OF[type]} must be specified for an action of type '${type}'`);
  // ALB guide, "Authenticate users": authentication needs an HTTPS listener (and so does JWT validation).
  if (!TERMINAL.has(type) && scope.protocol !== 'HTTPS') throw invalidLoadBalancerAction(`Actions of type '${type}' are supported only on HTTPS listeners`);
  const Order = action.Order;
  switch (type) {
    case 'forward': {
      const forward = normalizeForward(action, MAX_GROUPS[scope.lbType]);
      return { Type: type, TargetGroupArn: forward.TargetGroupArn, Order, ForwardConfig: forward.ForwardConfig };
    }
    case 'redirect':
      return { Type: type, Order, RedirectConfig: normalizeRedirect(action.RedirectConfig!, scope.protocol) };
    case 'fixed-response':
      return { Type: type, Order, FixedResponseConfig: normalizeFixedResponse(action.FixedResponseConfig!) };
    case 'authenticate-oidc': {
      const previous = scope.previous?.find((a) => a.Type === type)?.AuthenticateOidcConfig;
      return { Type: type, AuthenticateOidcConfig: normalizeOidc(action.AuthenticateOidcConfig!, previous), Order };
    }
    case 'authenticate-cognito':
      return { Type: type, AuthenticateCognitoConfig: normalizeCognito(action.AuthenticateCognitoConfig!), Order };
    default:
      return { Type: type, Order, JwtValidationConfig: action.JwtValidationConfig };
  }
}

/** Every target group the actions forward to, each once, in a stable order (the order rows get locked in). */
export function forwardedTargetGroups(actions: readonly Action[]): string[] {
  const arns = actions.flatMap((a) => a.ForwardConfig?.TargetGroups?.map((t) => t.TargetGroupArn!) ?? []);
  return [...new Set(arns)].sort();
}

/**
 * Stored actions as Describe* returns them: without the OIDC client secret, which AWS never
 * returns (terraform-provider-aws keeps `client_secret` from its own state for that reason).
 */
export function echoActions(stored: readonly Action[]): Action[] {
  return stored.map((action) => {
    if (!action.AuthenticateOidcConfig) return action;
    const { ClientSecret: _secret, ...config } = action.AuthenticateOidcConfig;
    return { ...action, AuthenticateOidcConfig: config };
  });
}
