import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { echoActions, forwardedTargetGroups, normalizeActions, type ActionScope } from '../../../../handlers/elbv2/lib/actions.js';
import type { ActionInput } from '../../../../handlers/elbv2/lib/rule-schemas.js';

const TG = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/a/0123456789abcdef';
const TG2 = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/b/0123456789abcdef';
const http: ActionScope = { lbType: 'application', protocol: 'HTTP' };
const https: ActionScope = { lbType: 'application', protocol: 'HTTPS' };
const oidc = { Issuer: 'https://idp', AuthorizationEndpoint: 'https://idp/auth', TokenEndpoint: 'https://idp/token', UserInfoEndpoint: 'https://idp/me', ClientId: 'c' };

function rejects(actions: ActionInput[], scope: ActionScope, code: string, message: RegExp): void {
  assert.throws(() => normalizeActions(actions, scope), { code, message });
}

describe('normalizeActions', () => {
  it('describes a simple forward with TargetGroupArn and ForwardConfig, as AWS does', () => {
    assert.deepEqual(normalizeActions([{ Type: 'forward', TargetGroupArn: TG }], http), [{
      Type: 'forward', TargetGroupArn: TG, Order: undefined,
      ForwardConfig: { TargetGroups: [{ TargetGroupArn: TG, Weight: 1 }], TargetGroupStickinessConfig: { Enabled: false } },
    }]);
  });

  it('adds TargetGroupArn to a one-group ForwardConfig but not to a weighted one', () => {
    const [single] = normalizeActions([{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: TG, Weight: 7 }] } }], http);
    assert.equal(single.TargetGroupArn, TG);
    const [weighted] = normalizeActions([{ Type: 'forward', Order: 1, ForwardConfig: {
      TargetGroups: [{ TargetGroupArn: TG, Weight: 80 }, { TargetGroupArn: TG2, Weight: 20 }],
      TargetGroupStickinessConfig: { Enabled: true, DurationSeconds: 3600 },
    } }], http);
    assert.equal(weighted.TargetGroupArn, undefined);
    assert.deepEqual(weighted.ForwardConfig?.TargetGroupStickinessConfig, { Enabled: true, DurationSeconds: 3600 });
    assert.deepEqual(forwardedTargetGroups([weighted]), [TG, TG2]);
  });

  it('checks forward actions', () => {
    rejects([{ Type: 'forward' }], http, 'ValidationError', /target group ARN must be specified/);
    rejects([{ Type: 'forward', TargetGroupArn: TG, ForwardConfig: { TargetGroups: [{ TargetGroupArn: TG2 }] } }], http, 'ValidationError', /must contain only that target group/);
    rejects([{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: TG }, { TargetGroupArn: TG }] } }], http, 'ValidationError', /only once/);
    const six = Array.from({ length: 6 }, (_, i) => ({ TargetGroupArn: TG.replace('/a/', `/g${i}/`) }));
    rejects([{ Type: 'forward', ForwardConfig: { TargetGroups: six } }], http, 'ValidationError', /at most 5 target groups/);
    rejects([{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: TG }, { TargetGroupArn: TG2 }] } }], { lbType: 'network', protocol: 'TCP' }, 'ValidationError', /at most 1 target group /);
    rejects([{ Type: 'forward', TargetGroupArn: TG, ForwardConfig: { TargetGroups: [{ TargetGroupArn: TG }], TargetGroupStickinessConfig: { Enabled: true } } }], http, 'ValidationError', /duration must be specified/);
  });

  it('fills redirect components with their #{} keys and refuses loops and HTTPS→HTTP', () => {
    const [redirect] = normalizeActions([{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }], http);
    assert.deepEqual(redirect.RedirectConfig, { Protocol: 'HTTPS', Port: '443', Host: '#{host}', Path: '/#{path}', Query: '#{query}', StatusCode: 'HTTP_301' });
    rejects([{ Type: 'redirect', RedirectConfig: { StatusCode: 'HTTP_302' } }], http, 'ValidationError', /would loop/);
    rejects([{ Type: 'redirect', RedirectConfig: { Query: 'a=b', StatusCode: 'HTTP_302' } }], http, 'ValidationError', /would loop/);
    rejects([{ Type: 'redirect', RedirectConfig: { Path: 'no-slash', StatusCode: 'HTTP_302' } }], http, 'ValidationError', /must start with a '\/'/);
    rejects([{ Type: 'redirect', RedirectConfig: { Port: '70000', StatusCode: 'HTTP_302' } }], http, 'ValidationError', /redirect port/);
    rejects([{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTP', Host: 'x.example.com', StatusCode: 'HTTP_302' } }], https, 'InvalidLoadBalancerAction', /HTTPS to HTTP/);
  });

  it('keeps fixed responses as given', () => {
    const [fixed] = normalizeActions([{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404', ContentType: 'text/plain', MessageBody: 'nope' } }], http);
    assert.deepEqual(fixed.FixedResponseConfig, { MessageBody: 'nope', StatusCode: '404', ContentType: 'text/plain' });
  });

  it('orders actions, wants the terminal one last, and authentication only on HTTPS', () => {
    const actions: ActionInput[] = [
      { Type: 'forward', TargetGroupArn: TG, Order: 2 },
      { Type: 'authenticate-oidc', Order: 1, AuthenticateOidcConfig: { ...oidc, ClientSecret: 's' } },
    ];
    const normalized = normalizeActions(actions, https);
    assert.deepEqual(normalized.map((a) => a.Type), ['authenticate-oidc', 'forward']);
    assert.deepEqual(normalized[0].AuthenticateOidcConfig, {
      ...oidc, ClientSecret: 's', SessionCookieName: 'AWSELBAuthSessionCookie', Scope: 'openid', SessionTimeout: 604800,
      AuthenticationRequestExtraParams: undefined, OnUnauthenticatedRequest: 'authenticate',
    });
    rejects(actions, http, 'InvalidLoadBalancerAction', /only on HTTPS listeners/);
    rejects([{ ...actions[0], Order: 1 }, { ...actions[1], Order: 2 }], https, 'InvalidLoadBalancerAction', /must be the last action/);
    rejects([actions[0], { ...actions[0], Order: 3 }], http, 'InvalidLoadBalancerAction', /must be the last action/);
    rejects([{ ...actions[0], Order: undefined }, actions[1]], https, 'ValidationError', /order must be specified/);
    rejects([actions[0], { ...actions[1], Order: 2 }], https, 'ValidationError', /different order/);
  });

  it('keeps the existing client secret when asked to and never echoes secrets', () => {
    const previous = normalizeActions([{ Type: 'authenticate-oidc', Order: 1, AuthenticateOidcConfig: { ...oidc, ClientSecret: 'old' } }, { Type: 'forward', TargetGroupArn: TG, Order: 2 }], https);
    const next = normalizeActions([{ Type: 'authenticate-oidc', Order: 1, AuthenticateOidcConfig: { ...oidc, UseExistingClientSecret: true } }, { Type: 'forward', TargetGroupArn: TG, Order: 2 }], { ...https, previous });
    assert.equal(next[0].AuthenticateOidcConfig?.ClientSecret, 'old');
    assert.equal(echoActions(next)[0].AuthenticateOidcConfig?.ClientSecret, undefined);
    rejects([{ Type: 'authenticate-oidc', Order: 1, AuthenticateOidcConfig: oidc }, { Type: 'forward', TargetGroupArn: TG, Order: 2 }], https, 'ValidationError', /client secret must be specified/);
  });

  it('refuses configs of other types and non-forward actions on NLBs', () => {
    rejects([{ Type: 'forward', TargetGroupArn: TG, RedirectConfig: { StatusCode: 'HTTP_301' } }], http, 'ValidationError', /RedirectConfig cannot be specified/);
    rejects([{ Type: 'fixed-response' }], http, 'ValidationError', /FixedResponseConfig must be specified/);
    rejects([{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } }], { lbType: 'network', protocol: 'TCP' }, 'InvalidLoadBalancerAction', /only 'forward'/);
    rejects([], http, 'ValidationError', /At least one action/);
  });
});
