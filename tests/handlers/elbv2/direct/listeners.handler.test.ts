import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { handler as createListener } from '../../../../handlers/elbv2/CreateListener.js';
import { handler as createRule } from '../../../../handlers/elbv2/CreateRule.js';
import { handler as deleteListener } from '../../../../handlers/elbv2/DeleteListener.js';
import { handler as describeListenerAttributes } from '../../../../handlers/elbv2/DescribeListenerAttributes.js';
import { handler as describeListeners } from '../../../../handlers/elbv2/DescribeListeners.js';
import { handler as modifyListener } from '../../../../handlers/elbv2/ModifyListener.js';
import { handler as modifyListenerAttributes } from '../../../../handlers/elbv2/ModifyListenerAttributes.js';
import { testContext } from '../../../support/context.js';
import { albWithListener, fixedResponse, forward, makeLoadBalancer, makeTargetGroup, MISSING, routingVersion } from './fixtures.js';

const CERT = 'arn:aws:acm:us-east-1:000000000000:certificate/one';

describe('listener handlers, called directly', () => {
  const kit = testContext();

  describe('CreateListener', () => {
    it('answers a repeated create with the same settings with the same listener', async () => {
      const { lbArn, tgArn, listenerArn } = await albWithListener(kit.ctx(), 'web');
      const again = await createListener({ LoadBalancerArn: lbArn, Protocol: 'HTTP', Port: 80, DefaultActions: [forward(tgArn)] }, kit.ctx());
      assert.equal(again.Listeners![0].ListenerArn, listenerArn);
      assert.equal((await describeListeners({ LoadBalancerArn: lbArn }, kit.ctx())).Listeners!.length, 1);
    });

    it('refuses the same port with other settings as DuplicateListener', async () => {
      const { lbArn } = await albWithListener(kit.ctx(), 'web');
      await assert.rejects(createListener({ LoadBalancerArn: lbArn, Protocol: 'HTTP', Port: 80, DefaultActions: [fixedResponse()] }, kit.ctx()), {
        code: 'DuplicateListener', message: 'A listener already exists on this port for this load balancer',
      });
    });

    it('writes the listener and its default rule, and bumps the routing version', async () => {
      const lbArn = await makeLoadBalancer(kit.ctx(), 'web');
      const before = await routingVersion(kit.database);
      const { Listeners = [] } = await createListener({ LoadBalancerArn: lbArn, Protocol: 'HTTP', Port: 8080, DefaultActions: [fixedResponse('404')] }, kit.ctx());
      assert.ok(await routingVersion(kit.database) > before);
      const rules = await kit.database.db.selectFrom('rules').selectAll().where('listener_arn', '=', Listeners[0].ListenerArn!).execute();
      assert.deepEqual(rules.map((r) => [r.is_default, r.priority]), [[true, null]]);
    });

    it('refuses cross-resource mismatches: another load balancer’s target group, an incompatible protocol', async () => {
      const { tgArn } = await albWithListener(kit.ctx(), 'first');
      const second = await makeLoadBalancer(kit.ctx(), 'second');
      await assert.rejects(createListener({ LoadBalancerArn: second, Protocol: 'HTTP', Port: 80, DefaultActions: [forward(tgArn)] }, kit.ctx()), {
        code: 'TargetGroupAssociationLimit', message: `The following target groups cannot be associated with more than one load balancer: ${tgArn}`,
      });
      const nlb = await makeLoadBalancer(kit.ctx(), 'nlb', 'network');
      const httpGroup = await makeTargetGroup(kit.ctx(), 'http-tg');
      await assert.rejects(createListener({ LoadBalancerArn: nlb, Protocol: 'TCP', Port: 80, DefaultActions: [forward(httpGroup)] }, kit.ctx()), {
        code: 'IncompatibleProtocols', message: "Listener protocol 'TCP' is not supported with a target group with the protocol 'HTTP'",
      });
      await assert.rejects(createListener({ LoadBalancerArn: nlb, Protocol: 'TCP', Port: 80, DefaultActions: [forward(MISSING.targetGroup)] }, kit.ctx()), { code: 'TargetGroupNotFound' });
    });

    it('refuses settings the load balancer cannot have, and the API port', async () => {
      const lbArn = await makeLoadBalancer(kit.ctx(), 'web');
      await assert.rejects(createListener({ LoadBalancerArn: lbArn, Protocol: 'HTTPS', Port: 443, DefaultActions: [fixedResponse()] }, kit.ctx()), {
        code: 'ValidationError', message: 'A certificate must be specified for HTTPS listeners',
      });
      await assert.rejects(createListener({ LoadBalancerArn: lbArn, Protocol: 'TCP', Port: 80, DefaultActions: [fixedResponse()] }, kit.ctx()), {
        code: 'ValidationError', message: "Listener protocol 'TCP' must be one of 'HTTP, HTTPS'",
      });
      // The test database's config keeps the default KECS_PORT, 4566.
      await assert.rejects(createListener({ LoadBalancerArn: lbArn, Protocol: 'HTTP', Port: 4566, DefaultActions: [fixedResponse()] }, kit.ctx()), {
        code: 'InvalidConfigurationRequest',
      });
      await assert.rejects(createListener({ LoadBalancerArn: MISSING.loadBalancer, Protocol: 'HTTP', Port: 80, DefaultActions: [fixedResponse()] }, kit.ctx()), {
        code: 'LoadBalancerNotFound',
      });
    });
  });

  describe('DeleteListener', () => {
    it('takes its rules and their tags with it', async () => {
      const { listenerArn } = await albWithListener(kit.ctx(), 'web');
      await createRule({ ListenerArn: listenerArn, Priority: 1, Conditions: [{ Field: 'path-pattern', Values: ['/x'] }], Actions: [fixedResponse()], Tags: [{ Key: 'k', Value: 'v' }] }, kit.ctx());
      const before = await routingVersion(kit.database);
      assert.deepEqual(await deleteListener({ ListenerArn: listenerArn }, kit.ctx()), {});
      assert.ok(await routingVersion(kit.database) > before);
      assert.deepEqual(await kit.database.db.selectFrom('rules').select('arn').execute(), []);
      assert.deepEqual(await kit.database.db.selectFrom('tags').select('resource_arn').execute(), []);
      // Unlike DeleteLoadBalancer, a listener already gone is an error.
      await assert.rejects(deleteListener({ ListenerArn: listenerArn }, kit.ctx()), { code: 'ListenerNotFound', message: 'One or more listeners not found' });
    });
  });

  describe('DescribeListeners', () => {
    it('takes a load balancer or listener ARNs, exactly one of them', async () => {
      const { lbArn, listenerArn } = await albWithListener(kit.ctx(), 'web');
      assert.deepEqual((await describeListeners({ ListenerArns: [listenerArn] }, kit.ctx())).Listeners!.map((l) => l.Port), [80]);
      await assert.rejects(describeListeners({}, kit.ctx()), { code: 'ValidationError', message: 'You must specify either listener ARNs or a load balancer ARN' });
      await assert.rejects(describeListeners({ LoadBalancerArn: lbArn, ListenerArns: [listenerArn] }, kit.ctx()), {
        code: 'ValidationError', message: 'Listener ARNs and a load balancer ARN cannot be specified at the same time',
      });
      await assert.rejects(describeListeners({ ListenerArns: [listenerArn, MISSING.listener] }, kit.ctx()), { code: 'ListenerNotFound' });
      await assert.rejects(describeListeners({ LoadBalancerArn: MISSING.loadBalancer }, kit.ctx()), { code: 'LoadBalancerNotFound' });
    });

    it('pages in creation order', async () => {
      const lbArn = await makeLoadBalancer(kit.ctx(), 'web');
      for (const port of [81, 82, 83]) {
        await createListener({ LoadBalancerArn: lbArn, Protocol: 'HTTP', Port: port, DefaultActions: [fixedResponse()] }, kit.ctx());
        kit.clock.advance(1000);
      }
      const first = await describeListeners({ LoadBalancerArn: lbArn, PageSize: 2 }, kit.ctx());
      const rest = await describeListeners({ LoadBalancerArn: lbArn, PageSize: 2, Marker: first.NextMarker }, kit.ctx());
      assert.deepEqual([...first.Listeners!, ...rest.Listeners!].map((l) => l.Port), [81, 82, 83]);
    });
  });

  describe('ModifyListener', () => {
    it('needs a certificate to become HTTPS, and drops it when going back to HTTP', async () => {
      const { listenerArn } = await albWithListener(kit.ctx(), 'web');
      await assert.rejects(modifyListener({ ListenerArn: listenerArn, Protocol: 'HTTPS', Port: 443 }, kit.ctx()), {
        code: 'ValidationError', message: 'A certificate must be specified for HTTPS listeners',
      });
      const https = (await modifyListener({ ListenerArn: listenerArn, Protocol: 'HTTPS', Port: 443, Certificates: [{ CertificateArn: CERT }] }, kit.ctx())).Listeners![0];
      assert.equal(https.SslPolicy, 'ELBSecurityPolicy-2016-08');
      assert.deepEqual(https.Certificates, [{ CertificateArn: CERT }]);
      const http = (await modifyListener({ ListenerArn: listenerArn, Protocol: 'HTTP' }, kit.ctx())).Listeners![0];
      assert.deepEqual([http.Port, http.SslPolicy, http.Certificates], [443, undefined, undefined]);
    });

    it('refuses a port another listener holds, and the API port', async () => {
      const { lbArn, listenerArn } = await albWithListener(kit.ctx(), 'web');
      await createListener({ LoadBalancerArn: lbArn, Protocol: 'HTTP', Port: 8080, DefaultActions: [fixedResponse()] }, kit.ctx());
      await assert.rejects(modifyListener({ ListenerArn: listenerArn, Port: 8080 }, kit.ctx()), { code: 'DuplicateListener' });
      await assert.rejects(modifyListener({ ListenerArn: listenerArn, Port: 4566 }, kit.ctx()), { code: 'InvalidConfigurationRequest' });
      await assert.rejects(modifyListener({ ListenerArn: MISSING.listener, Port: 81 }, kit.ctx()), { code: 'ListenerNotFound' });
    });

    it("re-links the default rule's target groups when the default actions change", async () => {
      const { lbArn, tgArn, listenerArn } = await albWithListener(kit.ctx(), 'web');
      const other = await makeTargetGroup(kit.ctx(), 'other');
      await modifyListener({ ListenerArn: listenerArn, DefaultActions: [forward(other)] }, kit.ctx());
      const links = await kit.database.db.selectFrom('rule_target_groups').select(['target_group_arn', 'load_balancer_arn']).execute();
      // The old group is free again: only the new one is linked, to this load balancer.
      assert.deepEqual(links, [{ target_group_arn: other, load_balancer_arn: lbArn }]);
      assert.notEqual(other, tgArn);
    });
  });

  describe('DescribeListenerAttributes', () => {
    it("answers the keys of the listener's protocol", async () => {
      const { listenerArn } = await albWithListener(kit.ctx(), 'web');
      const http = await describeListenerAttributes({ ListenerArn: listenerArn }, kit.ctx());
      assert.equal(http.Attributes!.find((a) => a.Key === 'routing.http.response.server.enabled')?.Value, 'true');
      const nlb = await makeLoadBalancer(kit.ctx(), 'nlb', 'network');
      const tcpGroup = await makeTargetGroup(kit.ctx(), 'tcp-tg', { Protocol: 'TCP' });
      const { Listeners = [] } = await createListener({ LoadBalancerArn: nlb, Protocol: 'TCP', Port: 80, DefaultActions: [forward(tcpGroup)] }, kit.ctx());
      assert.deepEqual((await describeListenerAttributes({ ListenerArn: Listeners[0].ListenerArn! }, kit.ctx())).Attributes, [{ Key: 'tcp.idle_timeout.seconds', Value: '350' }]);
      await assert.rejects(describeListenerAttributes({ ListenerArn: MISSING.listener }, kit.ctx()), { code: 'ListenerNotFound' });
    });
  });

  describe('ModifyListenerAttributes', () => {
    it('sets a known key, refuses an unknown one and a bad value, and keeps values across a protocol change', async () => {
      const { listenerArn } = await albWithListener(kit.ctx(), 'web');
      const header = 'routing.http.response.x_frame_options.header_value';
      const { Attributes = [] } = await modifyListenerAttributes({ ListenerArn: listenerArn, Attributes: [{ Key: header, Value: 'DENY' }] }, kit.ctx());
      assert.equal(Attributes.find((a) => a.Key === header)?.Value, 'DENY');
      await assert.rejects(modifyListenerAttributes({ ListenerArn: listenerArn, Attributes: [{ Key: 'tcp.idle_timeout.seconds', Value: '400' }] }, kit.ctx()), {
        code: 'ValidationError', message: "The attribute key 'tcp.idle_timeout.seconds' is not recognized",
      });
      await assert.rejects(modifyListenerAttributes({ ListenerArn: listenerArn, Attributes: [{ Key: 'routing.http.response.server.enabled', Value: 'maybe' }] }, kit.ctx()), {
        code: 'ValidationError', message: "The value of attribute 'routing.http.response.server.enabled' must be true or false, got 'maybe'",
      });
      // HTTP → HTTPS keeps the header value and adds the HTTPS-only keys at their defaults.
      await modifyListener({ ListenerArn: listenerArn, Protocol: 'HTTPS', Port: 443, Certificates: [{ CertificateArn: CERT }] }, kit.ctx());
      const after = await describeListenerAttributes({ ListenerArn: listenerArn }, kit.ctx());
      assert.equal(after.Attributes!.find((a) => a.Key === header)?.Value, 'DENY');
      assert.equal(after.Attributes!.find((a) => a.Key === 'routing.http.request.x_amzn_tls_version.header_name')?.Value, 'X-Amzn-Tls-Version');
    });
  });
});
