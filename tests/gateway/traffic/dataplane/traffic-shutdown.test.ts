import assert from 'node:assert/strict';
import { once } from 'node:events';
import { request } from 'node:http';
import type { Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../../../support/server.js';
import { forward, startLab, type Lab, type LoadBalancer } from './lib/lab.js';
import { send, waitFor } from './lib/http.js';
import { startTarget, type Target } from './lib/targets.js';

/** A WebSocket handshake through `port` whose connection is then left open. */
function openWebSocket(port: number, host: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/ws', agent: false, headers: { host, connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' } });
    req.on('error', reject);
    req.on('response', (res) => reject(new Error(`upgrade refused with ${res.statusCode}`)));
    req.on('upgrade', (_, socket) => resolve(socket));
    req.end();
  });
}

describe('gateway shutdown with WebSockets open', () => {
  let lab: Lab;
  let lb: LoadBalancer;
  let web: Target;

  before(async () => {
    lab = await startLab();
    web = await startTarget('web');
    lb = await lab.loadBalancer('shutdown');
    const group = await lab.targetGroup('shutdown-web', lb.vpcId);
    await lab.register(group, [web]);
    const port = await freePort();
    await lab.listener(lb.arn, port, forward(group));
    await waitFor(async () => (await send(lab.server.port, '/', { host: lb.dnsName })).status === 200);
  });

  after(async () => {
    await lab?.close();
    await web?.close();
  });

  it('cuts a WebSocket on the gateway port after the grace period instead of waiting for the idle timeout (60 s)', async () => {
    const socket = await openWebSocket(lab.server.port, lb.dnsName);
    socket.on('error', () => undefined);
    const closed = once(socket, 'close');
    const started = performance.now();
    // startInProcessGateway stops with a grace period of 1 s.
    await lab.server.stop();
    await closed;
    const took = performance.now() - started;
    assert.ok(took < 10_000, `shutdown took ${Math.round(took)} ms`);
  });
});
