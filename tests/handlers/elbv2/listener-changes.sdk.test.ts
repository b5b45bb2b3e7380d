import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DeleteTargetGroupCommand,
  DescribeListenerAttributesCommand,
  DescribeListenersCommand,
  ModifyListenerAttributesCommand,
  ModifyListenerCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { useTestGateway } from '../../support/gateway.js';
import { albWithListener, createListener, createLoadBalancer, forward, forwardDescribed } from './listener-fixtures.js';
import { createTargetGroup, routingVersion } from './target-group-fixtures.js';

const CERT = 'arn:aws:acm:us-east-1:000000000000:certificate/1234';

describe('listener changes and attributes through the SDK', () => {
  const { gw, elb } = useTestGateway();

  it('changes port and default actions, moving the target group link', async () => {
    const { lbArn, tgArn, listener } = await albWithListener(gw, 'mod');
    const next = await createTargetGroup(gw, 'mod-next');
    const before = await routingVersion(gw);
    const { Listeners: [changed] = [] } = await elb.send(new ModifyListenerCommand({ ListenerArn: listener.ListenerArn, Port: 8080, DefaultActions: [forward(next)] }));
    assert.deepEqual([changed.Port, changed.DefaultActions], [8080, [forwardDescribed(next)]]);
    assert.ok(await routingVersion(gw) > before);
    assert.deepEqual((await elb.send(new DescribeListenersCommand({ LoadBalancerArn: lbArn }))).Listeners, [changed]);
    await elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: tgArn }));
    await assert.rejects(elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: next })), { name: 'ResourceInUseException' });
    const other = await createListener(gw, { LoadBalancerArn: lbArn, Protocol: 'HTTP', Port: 9090, DefaultActions: [forward(next)] });
    await assert.rejects(elb.send(new ModifyListenerCommand({ ListenerArn: other.ListenerArn, Port: 8080 })), { name: 'DuplicateListenerException' });
  });

  it('switches HTTP to HTTPS with a certificate and back, dropping policy and certificate', async () => {
    const { listener } = await albWithListener(gw, 'tls');
    await assert.rejects(elb.send(new ModifyListenerCommand({ ListenerArn: listener.ListenerArn, Protocol: 'HTTPS' })), { name: 'ValidationError', message: /certificate must be specified/ });
    const { Listeners: [https] = [] } = await elb.send(new ModifyListenerCommand({ ListenerArn: listener.ListenerArn, Protocol: 'HTTPS', Port: 443, Certificates: [{ CertificateArn: CERT }] }));
    assert.deepEqual([https.Protocol, https.SslPolicy, https.Certificates], ['HTTPS', 'ELBSecurityPolicy-2016-08', [{ CertificateArn: CERT }]]);
    const { Listeners: [policy] = [] } = await elb.send(new ModifyListenerCommand({ ListenerArn: listener.ListenerArn, SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' }));
    assert.deepEqual([policy.SslPolicy, policy.Certificates], ['ELBSecurityPolicy-TLS13-1-2-2021-06', [{ CertificateArn: CERT }]]);
    const { Listeners: [http] = [] } = await elb.send(new ModifyListenerCommand({ ListenerArn: listener.ListenerArn, Protocol: 'HTTP', Port: 80 }));
    assert.deepEqual([http.Protocol, http.SslPolicy, http.Certificates], ['HTTP', undefined, undefined]);
  });

  it('re-checks the default actions when the protocol changes', async () => {
    const lbArn = await createLoadBalancer(gw, 'reauth');
    const tgArn = await createTargetGroup(gw, 'reauth-tg');
    const cognito = { UserPoolArn: 'arn:aws:cognito-idp:us-east-1:000000000000:userpool/p', UserPoolClientId: 'c', UserPoolDomain: 'd' };
    const listener = await createListener(gw, {
      LoadBalancerArn: lbArn, Protocol: 'HTTPS', Port: 443, Certificates: [{ CertificateArn: CERT }],
      DefaultActions: [{ Type: 'authenticate-cognito', Order: 1, AuthenticateCognitoConfig: cognito }, { ...forward(tgArn), Order: 2 }],
    });
    await assert.rejects(elb.send(new ModifyListenerCommand({ ListenerArn: listener.ListenerArn, Protocol: 'HTTP' })), { name: 'InvalidLoadBalancerActionException' });
  });

  it('describes ALB listener attributes and rejects unknown keys the way Terraform expects', async () => {
    const { listener } = await albWithListener(gw, 'attrs');
    const { Attributes = [] } = await elb.send(new DescribeListenerAttributesCommand({ ListenerArn: listener.ListenerArn }));
    assert.deepEqual(Attributes.find((a) => a.Key === 'routing.http.response.server.enabled'), { Key: 'routing.http.response.server.enabled', Value: 'true' });
    assert.ok(Attributes.some((a) => a.Key === 'routing.http.response.strict_transport_security.header_value'));
    const { Attributes: changed = [] } = await elb.send(new ModifyListenerAttributesCommand({
      ListenerArn: listener.ListenerArn, Attributes: [{ Key: 'routing.http.response.server.enabled', Value: 'false' }],
    }));
    assert.equal(changed.find((a) => a.Key === 'routing.http.response.server.enabled')?.Value, 'false');
    await assert.rejects(elb.send(new ModifyListenerAttributesCommand({ ListenerArn: listener.ListenerArn, Attributes: [{ Key: 'tcp.idle_timeout.seconds', Value: '100' }] })),
      { name: 'ValidationError', message: "The attribute key 'tcp.idle_timeout.seconds' is not recognized" });
  });

  it('keeps the TCP idle timeout of NLB TCP listeners and has no keys for TLS ones', async () => {
    const nlb = await createLoadBalancer(gw, 'tcp', 'network');
    const tgArn = await createTargetGroup(gw, 'tcp-tg', { Protocol: 'TCP' });
    const tcp = await createListener(gw, { LoadBalancerArn: nlb, Protocol: 'TCP', Port: 5432, DefaultActions: [forward(tgArn)] });
    const describe = async (arn: string) => (await elb.send(new DescribeListenerAttributesCommand({ ListenerArn: arn }))).Attributes;
    assert.deepEqual(await describe(tcp.ListenerArn!), [{ Key: 'tcp.idle_timeout.seconds', Value: '350' }]);
    await elb.send(new ModifyListenerAttributesCommand({ ListenerArn: tcp.ListenerArn, Attributes: [{ Key: 'tcp.idle_timeout.seconds', Value: '6000' }] }));
    assert.deepEqual(await describe(tcp.ListenerArn!), [{ Key: 'tcp.idle_timeout.seconds', Value: '6000' }]);
    await assert.rejects(elb.send(new ModifyListenerAttributesCommand({ ListenerArn: tcp.ListenerArn, Attributes: [{ Key: 'tcp.idle_timeout.seconds', Value: '59' }] })), { name: 'ValidationError' });
    const tls = await createListener(gw, { LoadBalancerArn: nlb, Protocol: 'TLS', Port: 443, Certificates: [{ CertificateArn: CERT }], DefaultActions: [forward(tgArn)] });
    assert.deepEqual(await describe(tls.ListenerArn!), []);
  });
});
