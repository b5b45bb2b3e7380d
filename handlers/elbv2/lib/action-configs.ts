import type {
  Action,
  AuthenticateCognitoActionConfig,
  AuthenticateOidcActionConfig,
  FixedResponseActionConfig,
  ForwardActionConfig,
  RedirectActionConfig,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { validationError } from '../../../gateway/api/errors.js';
import { invalidLoadBalancerAction } from './errors.js';

// One normaliser per action config: each checks what the schema cannot and returns the config as
// AWS describes it afterwards, which is what gets stored and echoed.

/**
 * A forward action as AWS describes it: always a ForwardConfig (weights default to 1, stickiness
 * to disabled) and, when exactly one target group is named, also the top-level TargetGroupArn
 * (terraform-provider-aws listener.go relies on both being present).
 */
export function normalizeForward(action: Action, maxGroups: number): { TargetGroupArn?: string; ForwardConfig: ForwardActionConfig } {
  const tuples = action.ForwardConfig?.TargetGroups ?? [];
  if (!action.TargetGroupArn && tuples.length === 0) throw validationError('A target group ARN must be specified for a forward action');
  // API reference, Action: with both members, ForwardConfig may name only the TargetGroupArn's group.
  if (action.TargetGroupArn && tuples.length > 0 && (tuples.length !== 1 || tuples[0].TargetGroupArn !== action.TargetGroupArn)) {
    throw validationError('When TargetGroupArn and ForwardConfig are both specified, ForwardConfig must contain only that target group');
  }
  const groups = tuples.length > 0
    ? tuples.map((t) => {
      if (!t.TargetGroupArn) throw validationError('A target group ARN must be specified for each target group of a ForwardConfig');
      return { TargetGroupArn: t.TargetGroupArn, Weight: t.Weight ?? 1 };
    })
    : [{ TargetGroupArn: action.TargetGroupArn!, Weight: 1 }];
  if (new Set(groups.map((g) => g.TargetGroupArn)).size !== groups.length) throw validationError('A target group can be specified only once in a forward action');
  if (groups.length > maxGroups) throw validationError(`A forward action can have at most ${maxGroups} target group${maxGroups === 1 ? '' : 's'} on this load balancer`);
  const sticky = action.ForwardConfig?.TargetGroupStickinessConfig;
  if (sticky?.Enabled && sticky.DurationSeconds === undefined) throw validationError('A duration must be specified when target group stickiness is enabled');
  const stickiness = sticky?.DurationSeconds === undefined ? { Enabled: sticky?.Enabled ?? false } : { Enabled: sticky.Enabled ?? false, DurationSeconds: sticky.DurationSeconds };
  return {
    TargetGroupArn: groups.length === 1 ? groups[0].TargetGroupArn : undefined,
    ForwardConfig: { TargetGroups: groups, TargetGroupStickinessConfig: stickiness },
  };
}

/** What a redirect keeps when a component is not given (API reference, RedirectActionConfig). */
const KEEP = { Protocol: '#{protocol}', Port: '#{port}', Host: '#{host}', Path: '/#{path}', Query: '#{query}' } as const;

/**
 * Fills the unchanged components with their `#{…}` keys, as AWS describes them. ALB guide,
 * "Redirect actions": no HTTPS→HTTP redirects, and at least one of protocol, host, port or path
 * must change so the redirect cannot loop.
 */
export function normalizeRedirect(config: RedirectActionConfig, listenerProtocol: string | null): RedirectActionConfig {
  const out = {
    Protocol: config.Protocol ?? KEEP.Protocol,
    Port: config.Port ?? KEEP.Port,
    Host: config.Host ?? KEEP.Host,
    Path: config.Path ?? KEEP.Path,
    Query: config.Query ?? KEEP.Query,
    StatusCode: config.StatusCode,
  };
  if (!out.Path.startsWith('/')) throw validationError(`The redirect path '${out.Path}' must start with a '/'`);
  if (out.Port !== KEEP.Port && !(/^\d{1,5}$/.test(out.Port) && Number(out.Port) >= 1 && Number(out.Port) <= 65535)) {
    throw validationError(`The redirect port '${out.Port}' must be '#{port}' or a number from 1 to 65535`);
  }
  if ((['Protocol', 'Port', 'Host', 'Path'] as const).every((key) => out[key] === KEEP[key])) {
    throw validationError('A redirect must change at least one of the protocol, host, port or path, or it would loop');
  }
  if (listenerProtocol === 'HTTPS' && out.Protocol === 'HTTP') throw invalidLoadBalancerAction('You cannot redirect HTTPS to HTTP');
  return out;
}

export function normalizeFixedResponse(config: FixedResponseActionConfig): FixedResponseActionConfig {
  return { MessageBody: config.MessageBody, StatusCode: config.StatusCode, ContentType: config.ContentType };
}

/** Defaults AWS reports for unset authentication settings (API reference, AuthenticateOidcActionConfig). */
const AUTH_DEFAULTS = { SessionCookieName: 'AWSELBAuthSessionCookie', Scope: 'openid', SessionTimeout: 604800, OnUnauthenticatedRequest: 'authenticate' } as const;

function authSettings(config: AuthenticateCognitoActionConfig | AuthenticateOidcActionConfig) {
  return {
    SessionCookieName: config.SessionCookieName ?? AUTH_DEFAULTS.SessionCookieName,
    Scope: config.Scope ?? AUTH_DEFAULTS.Scope,
    SessionTimeout: config.SessionTimeout ?? AUTH_DEFAULTS.SessionTimeout,
    AuthenticationRequestExtraParams: config.AuthenticationRequestExtraParams,
    OnUnauthenticatedRequest: config.OnUnauthenticatedRequest ?? AUTH_DEFAULTS.OnUnauthenticatedRequest,
  };
}

/** `UseExistingClientSecret` (ModifyRule/ModifyListener) keeps the secret of the action being replaced. */
export function normalizeOidc(config: AuthenticateOidcActionConfig, previous: AuthenticateOidcActionConfig | undefined): AuthenticateOidcActionConfig {
  const secret = config.UseExistingClientSecret ? previous?.ClientSecret : config.ClientSecret;
  if (!secret) {
    throw validationError(config.UseExistingClientSecret ? 'There is no existing client secret to use' : 'A client secret must be specified for an authenticate-oidc action');
  }
  const { Issuer, AuthorizationEndpoint, TokenEndpoint, UserInfoEndpoint, ClientId } = config;
  return { Issuer, AuthorizationEndpoint, TokenEndpoint, UserInfoEndpoint, ClientId, ClientSecret: secret, ...authSettings(config) };
}

export function normalizeCognito(config: AuthenticateCognitoActionConfig): AuthenticateCognitoActionConfig {
  const { UserPoolArn, UserPoolClientId, UserPoolDomain } = config;
  return { UserPoolArn, UserPoolClientId, UserPoolDomain, ...authSettings(config) };
}
