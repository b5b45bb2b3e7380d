import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DescribeListenerAttributesCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { useTestGateway } from '../../support/gateway.js';
import { createListener, createLoadBalancer, forward, forwardDescribed } from './listener-fixtures.js';
import { createTargetGroup } from './target-group-fixtures.js';

const CERT = 'arn:aws:acm:us-east-1:000000000000:certificate/1234';

describe('listener protocols through the SDK', () => {
  const { gw } = useTestGateway();

  it('creates HTTPS listeners with a certificate, the default policy and authentication actions', async () => {
    const lbArn = await createLoadBalancer(gw, 'secure');
    const tgArn = await createTargetGroup(gw, 'secure-tg');
    await assert.rejects(createListener(gw, { LoadBalancerArn: lbArn, Protocol: 'HTTPS', Port: 443, DefaultActions: [forward(tgArn)] }), { name: 'ValidationError', message: /certificate must be specified/ });
    const cognito = { UserPoolArn: 'arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_x', UserPoolClientId: 'client', UserPoolDomain: 'auth' };
    const oidc = { Issuer: 'https://idp', AuthorizationEndpoint: 'https://idp/a', TokenEndpoint: 'https://idp/t', UserInfoEndpoint: 'https://idp/u', ClientId: 'c' };
    const listener = await createListener(gw, {
      LoadBalancerArn: lbArn, Protocol: 'HTTPS', Port: 443, Certificates: [{ CertificateArn: CERT }],
      DefaultActions: [{ Type: 'authenticate-cognito', Order: 1, AuthenticateCognitoConfig: cognito }, { ...forward(tgArn), Order: 2 }],
    });
    const defaults = { SessionCookieName: 'AWSELBAuthSessionCookie', Scope: 'openid', SessionTimeout: 604800, OnUnauthenticatedRequest: 'authenticate' };
    assert.deepEqual([listener.SslPolicy, listener.Certificates], ['ELBSecurityPolicy-2016-08', [{ CertificateArn: CERT }]]);
    assert.deepEqual(listener.DefaultActions, [{ Type: 'authenticate-cognito', AuthenticateCognitoConfig: { ...cognito, ...defaults }, Order: 1 }, forwardDescribed(tgArn, 2)]);
    const withOidc = await createListener(gw, {
      LoadBalancerArn: lbArn, Protocol: 'HTTPS', Port: 8443, SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06', Certificates: [{ CertificateArn: CERT }],
      DefaultActions: [{ Type: 'authenticate-oidc', Order: 1, AuthenticateOidcConfig: { ...oidc, ClientSecret: 'secret' } }, { ...forward(tgArn), Order: 2 }],
    });
    // AWS never returns the client secret.
    assert.deepEqual(withOidc.DefaultActions![0].AuthenticateOidcConfig, { ...oidc, ...defaults });
    // A map member survives the query protocol both ways (`entry.N.key/value`).
    const withParams = await createListener(gw, {
      LoadBalancerArn: lbArn, Protocol: 'HTTPS', Port: 9444, Certificates: [{ CertificateArn: CERT }],
      DefaultActions: [{ Type: 'authenticate-oidc', Order: 1, AuthenticateOidcConfig: { ...oidc, ClientSecret: 's', AuthenticationRequestExtraParams: { prompt: 'login', display: 'page' } } }, { ...forward(tgArn), Order: 2 }],
    });
    assert.deepEqual(withParams.DefaultActions![0].AuthenticateOidcConfig!.AuthenticationRequestExtraParams, { prompt: 'login', display: 'page' });
    assert.equal(withOidc.SslPolicy, 'ELBSecurityPolicy-TLS13-1-2-2021-06');
    await assert.rejects(createListener(gw, { LoadBalancerArn: lbArn, Protocol: 'HTTP', Port: 81, DefaultActions: [{ Type: 'authenticate-cognito', Order: 1, AuthenticateCognitoConfig: cognito }, { ...forward(tgArn), Order: 2 }] }),
      { name: 'InvalidLoadBalancerActionException' });
    await assert.rejects(createListener(gw, { LoadBalancerArn: lbArn, Protocol: 'HTTPS', Port: 9443, SslPolicy: 'Nope', Certificates: [{ CertificateArn: CERT }], DefaultActions: [forward(tgArn)] }),
      { name: 'SSLPolicyNotFoundException' });
  });

  it('checks protocols and ports against the load balancer type', async () => {
    const alb = await createLoadBalancer(gw, 'alb');
    const nlb = await createLoadBalancer(gw, 'nlb', 'network');
    const httpTg = await createTargetGroup(gw, 'http-tg');
    const tcpTg = await createTargetGroup(gw, 'tcp-tg', { Protocol: 'TCP' });
    await assert.rejects(createListener(gw, { LoadBalancerArn: alb, Protocol: 'TCP', Port: 80, DefaultActions: [forward(tcpTg)] }), { name: 'ValidationError', message: "Listener protocol 'TCP' must be one of 'HTTP, HTTPS'" });
    await assert.rejects(createListener(gw, { LoadBalancerArn: nlb, Protocol: 'HTTP', Port: 80, DefaultActions: [forward(httpTg)] }), { name: 'ValidationError' });
    await assert.rejects(createListener(gw, { LoadBalancerArn: alb, Protocol: 'HTTP', DefaultActions: [forward(httpTg)] }), { name: 'ValidationError', message: /port must be specified/ });
    await assert.rejects(createListener(gw, { LoadBalancerArn: alb, Protocol: 'HTTP', Port: 80, DefaultActions: [forward(tcpTg)] }), { name: 'IncompatibleProtocolsException' });
    await assert.rejects(createListener(gw, { LoadBalancerArn: nlb, Protocol: 'UDP', Port: 53, DefaultActions: [forward(tcpTg)] }), { name: 'IncompatibleProtocolsException' });
    const tcp = await createListener(gw, { LoadBalancerArn: nlb, Protocol: 'TCP', Port: 5432, DefaultActions: [forward(tcpTg)] });
    assert.deepEqual(tcp.DefaultActions, [forwardDescribed(tcpTg)]);
    const tls = await createListener(gw, { LoadBalancerArn: nlb, Protocol: 'TLS', Port: 443, Certificates: [{ CertificateArn: CERT }], AlpnPolicy: ['HTTP2Preferred'], DefaultActions: [forward(tcpTg)] });
    assert.deepEqual([tls.SslPolicy, tls.AlpnPolicy], ['ELBSecurityPolicy-2016-08', ['HTTP2Preferred']]);
    await assert.rejects(createListener(gw, { LoadBalancerArn: nlb, Protocol: 'TCP', Port: 1, DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } }] }), { name: 'InvalidLoadBalancerActionException' });
  });

  it('gives Gateway Load Balancer listeners no port and GENEVE target groups only', async () => {
    const gwlb = await createLoadBalancer(gw, 'gwlb', 'gateway');
    const geneve = await createTargetGroup(gw, 'geneve', { Protocol: 'GENEVE', Port: 6081 });
    await assert.rejects(createListener(gw, { LoadBalancerArn: gwlb, Port: 6081, DefaultActions: [forward(geneve)] }), { name: 'ValidationError', message: /port cannot be specified/ });
    // A protocol, even GENEVE, is refused like a port (CreateListener API reference: neither for GWLB).
    await assert.rejects(createListener(gw, { LoadBalancerArn: gwlb, Protocol: 'GENEVE', DefaultActions: [forward(geneve)] }),
      { name: 'ValidationError', message: 'A protocol cannot be specified for gateway listeners' });
    const listener = await createListener(gw, { LoadBalancerArn: gwlb, DefaultActions: [forward(geneve)] });
    assert.deepEqual([listener.Port, listener.Protocol, listener.DefaultActions], [undefined, undefined, [forwardDescribed(geneve)]]);
    const { Attributes } = await gw.client().send(new DescribeListenerAttributesCommand({ ListenerArn: listener.ListenerArn }));
    assert.deepEqual(Attributes, [{ Key: 'send_tcp_reset.on_idle_timeout.enabled', Value: 'false' }, { Key: 'tcp.idle_timeout.seconds', Value: '350' }]);
  });
});
