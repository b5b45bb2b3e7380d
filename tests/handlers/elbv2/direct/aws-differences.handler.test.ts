import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { handler as createListener } from '../../../../handlers/elbv2/CreateListener.js';
import { handler as describeTargetGroupAttributes } from '../../../../handlers/elbv2/DescribeTargetGroupAttributes.js';
import { handler as modifyLoadBalancerAttributes } from '../../../../handlers/elbv2/ModifyLoadBalancerAttributes.js';
import { handler as modifyTargetGroupAttributes } from '../../../../handlers/elbv2/ModifyTargetGroupAttributes.js';
import { testContext } from '../../../support/context.js';
import { makeLoadBalancer, makeTargetGroup } from './fixtures.js';

/** terraform-provider-aws internal/service/elbv2/load_balancer.go: the keys its retry drops. */
const TERRAFORM_RETRY = /attribute key ('|")?([^'" ]+)('|")? is not (recognized|supported)/;

describe('differences from AWS removed, called directly', () => {
  const kit = testContext();
  const modify = (arn: string, attributes: Record<string, string>) =>
    modifyTargetGroupAttributes({ TargetGroupArn: arn, Attributes: Object.entries(attributes).map(([Key, Value]) => ({ Key, Value })) }, kit.ctx());

  describe('target group stickiness, checked in AWS order', () => {
    it('1: a key the protocol does not have is not recognized, before any stickiness check', async () => {
      const http = await makeTargetGroup(kit.ctx(), 'http');
      await assert.rejects(modify(http, { 'stickiness.type': 'nonsense', 'proxy_protocol_v2.enabled': 'true' }), {
        code: 'ValidationError', message: "Target group attribute key 'proxy_protocol_v2.enabled' is not recognized",
      });
    });

    it("2: a type outside the protocol family's set", async () => {
      const http = await makeTargetGroup(kit.ctx(), 'http');
      await assert.rejects(modify(http, { 'stickiness.type': 'source_ip_dest_ip' }), {
        code: 'ValidationError', message: "'Stickiness type' must be one of [app_cookie, lb_cookie, source_ip]",
      });
      const tcp = await makeTargetGroup(kit.ctx(), 'tcp', { Protocol: 'TCP' });
      await assert.rejects(modify(tcp, { 'stickiness.type': 'cookie' }), {
        code: 'ValidationError', message: "'Stickiness type' must be one of [app_cookie, lb_cookie, source_ip]",
      });
      const geneve = await makeTargetGroup(kit.ctx(), 'geneve', { Protocol: 'GENEVE', Port: 6081 });
      await assert.rejects(modify(geneve, { 'stickiness.type': 'source_ip' }), {
        code: 'ValidationError', message: "'Stickiness type' must be one of [source_ip_dest_ip_proto, source_ip_dest_ip]",
      });
    });

    it('3: a valid type on the wrong protocol, even with stickiness disabled', async () => {
      const http = await makeTargetGroup(kit.ctx(), 'http');
      await assert.rejects(modify(http, { 'stickiness.enabled': 'false', 'stickiness.type': 'source_ip' }), {
        code: 'InvalidConfigurationRequest', message: "Stickiness type 'source_ip' is not supported for target groups with the HTTP protocol",
      });
      const https = await makeTargetGroup(kit.ctx(), 'https', { Protocol: 'HTTPS', Port: 443 });
      await assert.rejects(modify(https, { 'stickiness.type': 'source_ip' }), {
        code: 'InvalidConfigurationRequest', message: "Stickiness type 'source_ip' is not supported for target groups with the HTTPS protocol",
      });
      for (const [protocol, type] of [['TCP', 'lb_cookie'], ['TLS', 'app_cookie'], ['UDP', 'lb_cookie'], ['TCP_UDP', 'app_cookie']]) {
        const arn = await makeTargetGroup(kit.ctx(), `g-${protocol.toLowerCase().replace('_', '-')}`, { Protocol: protocol as 'TCP' });
        await assert.rejects(modify(arn, { 'stickiness.type': type }), {
          code: 'InvalidConfigurationRequest', message: `Stickiness type '${type}' is not supported for target groups with the ${protocol} protocol`,
        });
      }
    });

    it('4: TLS target groups cannot turn stickiness on, other NLB groups can', async () => {
      const tls = await makeTargetGroup(kit.ctx(), 'tls', { Protocol: 'TLS', Port: 443 });
      await assert.rejects(modify(tls, { 'stickiness.enabled': 'true' }), {
        code: 'InvalidConfigurationRequest', message: 'You cannot enable stickiness on target groups with the TLS protocol',
      });
      await assert.rejects(modify(tls, { 'stickiness.type': 'source_ip', 'stickiness.enabled': 'true' }), {
        code: 'InvalidConfigurationRequest', message: 'You cannot enable stickiness on target groups with the TLS protocol',
      });
      // Off stays allowed, and nothing was written by the refusals.
      await modify(tls, { 'stickiness.enabled': 'false', 'stickiness.type': 'source_ip' });
      const attributes = (await describeTargetGroupAttributes({ TargetGroupArn: tls }, kit.ctx())).Attributes!;
      assert.equal(attributes.find((a) => a.Key === 'stickiness.enabled')!.Value, 'false');
      const tcp = await makeTargetGroup(kit.ctx(), 'tcp', { Protocol: 'TCP' });
      const { Attributes = [] } = await modify(tcp, { 'stickiness.enabled': 'true', 'stickiness.type': 'source_ip' });
      assert.equal(Attributes.find((a) => a.Key === 'stickiness.enabled')!.Value, 'true');
      const http = await makeTargetGroup(kit.ctx(), 'http');
      await modify(http, { 'stickiness.enabled': 'true', 'stickiness.type': 'app_cookie', 'stickiness.app_cookie.cookie_name': 'session' });
    });
  });

  it("names unknown load balancer attribute keys as AWS does, in a form Terraform's retry still matches", async () => {
    const alb = await makeLoadBalancer(kit.ctx(), 'alb');
    const error = await modifyLoadBalancerAttributes({ LoadBalancerArn: alb, Attributes: [{ Key: 'routing.http.nope', Value: 'x' }] }, kit.ctx())
      .then(() => assert.fail('accepted'), (e: Error & { code: string }) => e);
    assert.deepEqual([error.code, error.message], ['ValidationError', "Load balancer attribute key 'routing.http.nope' is not recognized"]);
    assert.equal(TERRAFORM_RETRY.exec(error.message)?.[2], 'routing.http.nope');
    const nlb = await makeLoadBalancer(kit.ctx(), 'nlb', 'network');
    const other = await modifyLoadBalancerAttributes({ LoadBalancerArn: nlb, Attributes: [{ Key: 'idle_timeout.timeout_seconds', Value: '9' }] }, kit.ctx())
      .then(() => assert.fail('accepted'), (e: Error) => e);
    assert.equal(TERRAFORM_RETRY.exec(other.message)?.[2], 'idle_timeout.timeout_seconds');
  });

  it('takes QUIC and TCP_QUIC listeners on Network Load Balancers, forwarding to QUIC target groups', async () => {
    const nlb = await makeLoadBalancer(kit.ctx(), 'nlb', 'network');
    const quic = await makeTargetGroup(kit.ctx(), 'quic', { Protocol: 'QUIC', Port: 443 });
    const tcpQuic = await makeTargetGroup(kit.ctx(), 'tcp-quic', { Protocol: 'TCP_QUIC', Port: 443 });
    const q = await createListener({ LoadBalancerArn: nlb, Protocol: 'QUIC', Port: 443, DefaultActions: [{ Type: 'forward', TargetGroupArn: quic }] }, kit.ctx());
    assert.deepEqual([q.Listeners![0].Protocol, q.Listeners![0].SslPolicy], ['QUIC', undefined]);
    const t = await createListener({ LoadBalancerArn: nlb, Protocol: 'TCP_QUIC', Port: 8443, DefaultActions: [{ Type: 'forward', TargetGroupArn: tcpQuic }] }, kit.ctx());
    assert.equal(t.Listeners![0].Protocol, 'TCP_QUIC');
    await assert.rejects(createListener({ LoadBalancerArn: nlb, Protocol: 'TCP_QUIC', Port: 9443, DefaultActions: [{ Type: 'forward', TargetGroupArn: quic }] }, kit.ctx()), { code: 'IncompatibleProtocols' });
    const alb = await makeLoadBalancer(kit.ctx(), 'alb');
    await assert.rejects(createListener({ LoadBalancerArn: alb, Protocol: 'QUIC', Port: 443, DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } }] }, kit.ctx()), { code: 'ValidationError' });
  });

  it('refuses a protocol on a Gateway Load Balancer listener as it refuses a port', async () => {
    const gwlb = await makeLoadBalancer(kit.ctx(), 'gwlb', 'gateway');
    const geneve = await makeTargetGroup(kit.ctx(), 'geneve', { Protocol: 'GENEVE', Port: 6081 });
    await assert.rejects(createListener({ LoadBalancerArn: gwlb, Protocol: 'GENEVE', DefaultActions: [{ Type: 'forward', TargetGroupArn: geneve }] }, kit.ctx()), {
      code: 'ValidationError', message: 'A protocol cannot be specified for gateway listeners',
    });
    await assert.rejects(createListener({ LoadBalancerArn: gwlb, Port: 6081, DefaultActions: [{ Type: 'forward', TargetGroupArn: geneve }] }, kit.ctx()), {
      code: 'ValidationError', message: 'A port cannot be specified for gateway listeners',
    });
  });
});
