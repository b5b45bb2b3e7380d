import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ModifyLoadBalancerAttributesCommand, RegisterTargetsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { freePort } from '../../../support/server.js';
import { forward, startLab, type Lab, type LoadBalancer } from './lib/lab.js';
import { send, waitFor } from './lib/http.js';
import { startTarget, type Target } from './lib/targets.js';

const path = (value: string) => [{ Field: 'path-pattern', PathPatternConfig: { Values: [value] } }];
describe('proxying through the embedded data plane', () => {
  let lab: Lab;
  let lb: LoadBalancer;
  let port: number;
  let slowPort: number;
  let web: Target;

  before(async () => {
    lab = await startLab();
    web = await startTarget('web');

    lb = await lab.loadBalancer('proxy');
    const main = await lab.targetGroup('proxy-web', lb.vpcId);
    await lab.register(main, [web]);
    const empty = await lab.targetGroup('proxy-empty', lb.vpcId);
    const refused = await lab.targetGroup('proxy-refused', lb.vpcId);
    // A port nothing listens on: connections to it are refused.
    await lab.elb.send(new RegisterTargetsCommand({ TargetGroupArn: refused, Targets: [{ Id: '127.0.0.1', Port: await freePort() }] }));
    port = await freePort();
    const listener = await lab.listener(lb.arn, port, forward(main));
    await lab.rule(listener, 1, path('/empty'), forward(empty));
    await lab.rule(listener, 2, path('/refused'), forward(refused));

    // A second ALB with a 1 s idle timeout, for the 504.
    const slowLb = await lab.loadBalancer('proxy-slow');
    await lab.elb.send(new ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: slowLb.arn, Attributes: [{ Key: 'idle_timeout.timeout_seconds', Value: '1' }] }));
    const slowGroup = await lab.targetGroup('proxy-slow', slowLb.vpcId);
    await lab.register(slowGroup, [web]);
    slowPort = await freePort();
    await lab.listener(slowLb.arn, slowPort, forward(slowGroup));
    await waitFor(async () => (await send(slowPort, '/')).status === 200 && (await send(port, '/refused')).status === 502);
  });

  after(async () => {
    await lab?.close();
    await web?.close();
  });

  it('adds X-Forwarded-For/-Proto/-Port and X-Amzn-Trace-Id, keeps Host, strips hop-by-hop headers', async () => {
    const answer = await send(port, '/headers', { host: 'app.example.com', headers: { 'x-forwarded-for': '203.0.113.7', connection: 'x-secret', 'x-secret': 'no', 'keep-alive': 'timeout=5' } });
    const seen = (JSON.parse(answer.body) as { headers: Record<string, string> }).headers;
    assert.equal(seen.host, 'app.example.com');
    assert.equal(seen['x-forwarded-for'], '203.0.113.7, 127.0.0.1');
    assert.equal(seen['x-forwarded-proto'], 'http');
    assert.equal(seen['x-forwarded-port'], String(port));
    assert.match(seen['x-amzn-trace-id'], /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    assert.equal(seen['x-secret'], undefined);
    assert.equal(seen['keep-alive'], undefined);
  });

  it('through the gateway port, X-Forwarded-Port is the gateway port', async () => {
    const answer = await send(lab.server.port, '/headers', { host: lb.dnsName });
    assert.equal((JSON.parse(answer.body) as { headers: Record<string, string> }).headers['x-forwarded-port'], String(lab.server.port));
  });

  it('503 with the ALB error page when the target group has no target', async () => {
    const answer = await send(port, '/empty');
    assert.equal(answer.status, 503);
    assert.equal(answer.headers.server, 'awselb/2.0');
    assert.equal(answer.body, '<html><head><title>503 Service Temporarily Unavailable</title></head><body><center><h1>503 Service Temporarily Unavailable</h1></center></body></html>');
  });

  it('502 when the target refuses the connection', async () => {
    const answer = await send(port, '/refused');
    assert.equal(answer.status, 502);
    assert.equal(answer.body, '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>');
  });

  it('502 when the target dies mid-request; a response cut mid-body cuts the client connection', async () => {
    const died = await send(port, '/die', { method: 'POST', body: 'x'.repeat(1000) });
    assert.equal(died.status, 502);
    await assert.rejects(send(port, '/half-die'), /aborted|socket hang up|ECONNRESET/);
    // The listener keeps serving.
    assert.equal((await send(port, '/after')).status, 200);
  });

  it('504 when the target sends nothing for the idle timeout', async () => {
    const started = performance.now();
    const answer = await send(slowPort, '/slow?ms=3000');
    const took = performance.now() - started;
    assert.equal(answer.status, 504);
    assert.match(answer.body, /504 Gateway Time-out/);
    assert.ok(took >= 900 && took < 2500, `answered after ${took.toFixed(0)} ms`);
  });

});
