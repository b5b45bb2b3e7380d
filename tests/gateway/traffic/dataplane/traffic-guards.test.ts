import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { RegisterTargetsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { freePort } from '../../../support/server.js';
import { forward, startLab, type Lab } from './lib/lab.js';
import { send, waitFor } from './lib/http.js';
import { startTarget, type Target } from './lib/targets.js';

type Status = { listeners: Array<{ port: number; bound: boolean }>; problems: string[] };

/** Connects, sends a byte, and answers how the connection ended: the data received, or the error code. */
function tcpOutcome(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let received = '';
    socket.on('data', (chunk: Buffer) => { received += chunk.toString(); });
    socket.on('end', () => resolve(`data:${received}`));
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    socket.write('x');
  });
}

describe('data-plane guards: loops and target addresses', () => {
  let lab: Lab;
  let target: Target;
  // A live target on 127.0.0.2, outside KECS_TARGET_ADDRESSES for this lab.
  let outside: Server;
  let outsideHits = 0;

  const status = async (headers: Record<string, string> = {}): Promise<Status> => JSON.parse((await send(lab.server.port, '/_kecs/dataplane', { headers })).body) as Status;
  const bound = (port: number) => waitFor(async () => (await status()).listeners.some((l) => l.port === port && l.bound));

  before(async () => {
    lab = await startLab({ KECS_TARGET_ADDRESSES: '127.0.0.1/32' });
    target = await startTarget('real');
    outside = createServer((_req, res) => {
      outsideHits++;
      res.end('outside');
    });
    outside.listen(0, '127.0.0.2');
    await once(outside, 'listening');
  });

  after(async () => {
    await lab?.close();
    await target?.close();
    outside?.close();
  });

  it('answers 508 after one hop to an ALB listener whose target is itself, and stays healthy', async () => {
    const alb = await lab.loadBalancer('loop');
    const group = await lab.targetGroup('loop-tg', alb.vpcId);
    const port = await freePort();
    await lab.register(group, [{ name: 'self', port, seen: [], close: async () => {} }]);
    await lab.listener(alb.arn, port, forward(group));
    await bound(port);
    const started = performance.now();
    const answer = await send(port, '/', { timeoutMs: 5000 });
    assert.equal(answer.status, 508);
    assert.match(answer.body, /508 Loop Detected/);
    assert.ok(performance.now() - started < 2000);
    assert.equal((await send(lab.server.port, '/_kecs/health')).status, 200);
  });

  it('still chains one ALB listener to another, and the hop mark never reaches a target', async () => {
    const front = await lab.loadBalancer('front');
    const back = await lab.loadBalancer('back');
    const [frontPort, backPort] = [await freePort(), await freePort()];
    const backGroup = await lab.targetGroup('back-tg', back.vpcId);
    await lab.register(backGroup, [target]);
    await lab.listener(back.arn, backPort, forward(backGroup));
    const frontGroup = await lab.targetGroup('front-tg', front.vpcId);
    await lab.register(frontGroup, [{ name: 'back', port: backPort, seen: [], close: async () => {} }]);
    await lab.listener(front.arn, frontPort, forward(frontGroup));
    await bound(frontPort);
    await bound(backPort);
    const answer = await send(frontPort, '/chained');
    assert.equal(answer.status, 200);
    const seen = target.seen.at(-1)!;
    assert.equal(seen.url, '/chained');
    assert.equal(seen.headers['x-lb-hops'], undefined);
  });

  it('resets a connection to an NLB listener whose target is itself, without looping', async () => {
    const nlb = await lab.loadBalancer('tcp-loop', 'network');
    const group = await lab.targetGroup('tcp-loop-tg', nlb.vpcId, { protocol: 'TCP' });
    const port = await freePort();
    await lab.register(group, [{ name: 'self', port, seen: [], close: async () => {} }]);
    await lab.listener(nlb.arn, port, forward(group), 'TCP');
    await bound(port);
    assert.equal(await tcpOutcome(port), 'ECONNRESET');
    assert.equal((await send(lab.server.port, '/_kecs/health')).status, 200);
  });

  it('forwards nothing to a target outside KECS_TARGET_ADDRESSES, and says so', async () => {
    const alb = await lab.loadBalancer('meta');
    const group = await lab.targetGroup('meta-tg', alb.vpcId);
    const outsidePort = (outside.address() as AddressInfo).port;
    await lab.elb.send(new RegisterTargetsCommand({ TargetGroupArn: group, Targets: [{ Id: '127.0.0.2', Port: outsidePort }] }));
    const port = await freePort();
    await lab.listener(alb.arn, port, forward(group));
    await bound(port);
    assert.equal((await send(port, '/latest/meta-data/')).status, 503);
    assert.equal(outsideHits, 0);
    assert.ok((await status()).problems.some((p) => p.startsWith(`target 127.0.0.2:${outsidePort} of ${group} is outside KECS_TARGET_ADDRESSES`)));
  });

  it("shows each account only its own load balancers in /_kecs/dataplane", async () => {
    assert.ok((await status()).listeners.length > 0);
    const other = { authorization: 'AWS4-HMAC-SHA256 Credential=111111111111/20260101/us-east-1/elasticloadbalancing/aws4_request, SignedHeaders=host, Signature=0' };
    const seen = await status(other);
    assert.deepEqual(seen.listeners, []);
    assert.deepEqual(seen.problems, []);
  });
});
