import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { after, describe, it } from 'node:test';
import { Balancers, type Endpoint } from '../../../../gateway/traffic/dataplane/balancer.js';
import type { ServedGroup } from '../../../../gateway/traffic/dataplane/forward.js';
import { LoopGuard } from '../../../../gateway/traffic/dataplane/loop-guard.js';
import type { ServedListener } from '../../../../gateway/traffic/dataplane/served-table.js';
import { answerTcp } from '../../../../gateway/traffic/dataplane/tcp-proxy.js';
import { UpstreamPool } from '../../../../gateway/traffic/dataplane/upstream-pool.js';
import { freePort } from '../../../support/server.js';
import { converse, startTcpTarget, type TcpBehaviour, type TcpTarget } from './lib/tcp-targets.js';

// The embedded TCP proxy in-process, against real loopback targets: which target each new
// connection reaches shows the open-connection counts the balancer keeps.

const ARN = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/tcp/0000000000000001';

const endpoint = (port: number): Endpoint => ({ key: `127.0.0.1:${port}`, host: '127.0.0.1', port });

/** A TCP listener served by `answerTcp`, forwarding to one group of `ports` balanced by `algorithm`. */
async function startListener(ports: number[], algorithm: ServedGroup['algorithm']): Promise<{ port: number; server: Server }> {
  const endpoints = ports.map(endpoint);
  const group: ServedGroup = {
    arn: ARN,
    algorithm,
    stickiness: { enabled: false, type: 'source_ip', durationSeconds: 86400 },
    endpoints,
    byKey: new Map(endpoints.map((e) => [e.key, e])),
  };
  const listener: ServedListener = {
    arn: 'arn:aws:elasticloadbalancing:us-east-1:000000000000:listener/net/nlb/0000000000000002/0000000000000003',
    protocol: 'TCP',
    port: 0,
    loadBalancer: { arn: 'lb', name: 'nlb', type: 'network', dnsName: 'nlb.elb.localhost' },
    idleTimeoutMs: 350_000,
    rules: [{ arn: 'default', priority: 'default', matches: () => true, action: { type: 'forward', plan: { groups: [{ arn: ARN, weight: 1 }] } } }],
  };
  const ctx = { groups: () => ({ [ARN]: group }), balancers: new Balancers(), pool: new UpstreamPool(), loops: new LoopGuard(() => undefined), now: Date.now };
  const server = createServer((socket) => answerTcp(ctx, listener, socket));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { port: (server.address() as AddressInfo).port, server };
}

/** The proxy's own close handlers run before the next connection is accepted; a short pause covers them. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

describe('embedded TCP proxy: least connections', () => {
  const targets: TcpTarget[] = [];
  const servers: Server[] = [];
  const target = async (name: string, behaviour: TcpBehaviour = 'hold') => {
    const started = await startTcpTarget(name, behaviour);
    targets.push(started);
    return started;
  };
  const listen = async (to: Array<TcpTarget | number>, algorithm: ServedGroup['algorithm']) => {
    const { port, server } = await startListener(to.map((t) => (typeof t === 'number' ? t : t.port)), algorithm);
    servers.push(server);
    return port;
  };
  const greetings = async (port: number, count: number) => {
    const names = [];
    for (let i = 0; i < count; i++) names.push(await converse(port).greeting);
    return names;
  };

  after(async () => {
    await Promise.all(targets.map((t) => t.close()));
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  });

  it('sends each new connection to the target with the fewest open, ties in turn', async () => {
    const [a, b] = [await target('a'), await target('b')];
    const port = await listen([a, b], 'least_outstanding_requests');
    // 0/0 → a; 1/0 → b; 1/1 → tie, taken in turn; then the one left behind.
    const first = await greetings(port, 4);
    assert.deepEqual(first.slice(0, 2), ['a', 'b']);
    assert.deepEqual(new Set(first.slice(2)), new Set(['a', 'b']));
    assert.deepEqual([a.open.size, b.open.size], [2, 2]);
    // b's clients go away: b is down to 0 open, so the next two go to b even though it is "a's turn".
    for (const socket of b.open) socket.end();
    await Promise.all([...b.open].map((socket) => once(socket, 'close')));
    await settle();
    assert.deepEqual(await greetings(port, 2), ['b', 'b']);
    // a's side ends its connections (its clients close when they see the end): a is down to 0.
    for (const socket of a.open) socket.end();
    await Promise.all([...a.open].map((socket) => once(socket, 'close')));
    await settle();
    assert.deepEqual(await greetings(port, 2), ['a', 'a']);
  });

  it('forgets connections that failed: refused or reset by the target', async () => {
    const busy = await target('busy');
    const resetting = await target('resetting', 'reset');
    const refusing = await freePort();
    for (const [round, failing] of [refusing, resetting].entries()) {
      const port = await listen([busy, failing], 'least_outstanding_requests');
      assert.equal(await converse(port).greeting, 'busy');
      // busy has 1 open; were a failure still counted, the next connection would tie and could go to busy.
      for (let i = 0; i < 5; i++) {
        await assert.rejects(converse(port).greeting, /ECONNRESET|closed before a greeting/);
        await settle();
      }
      assert.equal(busy.accepted, round + 1);
    }
    assert.equal(resetting.accepted, 5);
  });

  it('keeps plain round robin without the setting, whatever is open', async () => {
    const [slow, fast] = [await target('slow'), await target('fast', { holdMs: 0 })];
    const port = await listen([slow, fast], 'round_robin');
    const names = [];
    for (let i = 0; i < 6; i++) {
      names.push(await converse(port).greeting);
      await settle();
    }
    // Least connections would send everything after the first to fast; round robin alternates.
    assert.deepEqual(names, ['slow', 'fast', 'slow', 'fast', 'slow', 'fast']);
    assert.equal(slow.open.size, 3);
  });
});
