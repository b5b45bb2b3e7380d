import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { DeleteListenerCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { freePort } from '../../../support/server.js';
import { forward, startLab, type Lab } from './lib/lab.js';
import { send, waitFor } from './lib/http.js';
import type { Target } from './lib/targets.js';
import { exchange } from './lib/tcp-targets.js';

/** A TCP target that greets with its name, echoes what it receives, and ends when the client does. */
async function startEchoTarget(name: string): Promise<Target & { server: Server }> {
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    socket.write(`${name}:`);
    socket.pipe(socket);
    socket.on('error', () => socket.destroy());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { name, port: (server.address() as AddressInfo).port, seen: [], server, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('NLB TCP listeners and listener ports', () => {
  let lab: Lab;
  let tcpPort: number;
  let emptyPort: number;
  const echo: Array<Target & { server: Server }> = [];

  before(async () => {
    lab = await startLab();
    echo.push(await startEchoTarget('t1'), await startEchoTarget('t2'));
    const nlb = await lab.loadBalancer('tcp', 'network');
    const group = await lab.targetGroup('tcp-echo', nlb.vpcId, { protocol: 'TCP' });
    await lab.register(group, echo);
    const empty = await lab.targetGroup('tcp-empty', nlb.vpcId, { protocol: 'TCP' });
    tcpPort = await freePort();
    emptyPort = await freePort();
    await lab.listener(nlb.arn, tcpPort, forward(group), 'TCP');
    await lab.listener(nlb.arn, emptyPort, forward(empty), 'TCP');
    await waitFor(async () => (await exchange(tcpPort, 'x')).startsWith('t'));
    // The second listener may come with a later table than the first: wait until it resets, not refuses.
    await waitFor(() => exchange(emptyPort, 'x').then(() => false, (error: NodeJS.ErrnoException) => error.code === 'ECONNRESET'));
  });

  after(async () => {
    await lab?.close();
    await Promise.all(echo.map((t) => t.close()));
  });

  it('pipes connections to the targets round robin, half-close passing through', async () => {
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await exchange(tcpPort, `ping${i}`));
    const names = answers.map((answer) => answer.split(':')[0]);
    assert.deepEqual(new Set(names), new Set(['t1', 't2']));
    assert.notEqual(names[0], names[1]);
    assert.deepEqual(answers.map((answer) => answer.split(':')[1]), ['ping0', 'ping1', 'ping2', 'ping3']);
  });

  it('resets connections when the target group has no target', async () => {
    await assert.rejects(exchange(emptyPort, 'hello'), /ECONNRESET/);
  });

  it('reports a port it cannot bind, keeps the gateway up, and binds it once it is free', async () => {
    const squatter = createServer();
    const taken = await freePort();
    squatter.listen(taken, '127.0.0.1');
    await once(squatter, 'listening');
    const alb = await lab.loadBalancer('taken');
    await lab.listener(alb.arn, taken, [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200', MessageBody: 'mine' } }]);
    type Status = { listeners: Array<{ port: number; bound: boolean; error?: string }> };
    const status = async () => (JSON.parse((await send(lab.server.port, '/_kecs/dataplane')).body) as Status).listeners.find((l) => l.port === taken);
    await waitFor(async () => (await status())?.error !== undefined);
    const reported = await status();
    assert.equal(reported?.bound, false);
    assert.match(reported!.error!, /already in use/);
    // The log line may be written after the status answer.
    const logged = new RegExp(`listener port not served: port ${taken} on 127.0.0.1 is already in use`);
    await waitFor(async () => logged.test(lab.server.output()));
    // The ALB still answers on the gateway port, and the API still works.
    assert.equal((await send(lab.server.port, '/', { host: alb.dnsName })).body, 'mine');
    assert.equal((await send(lab.server.port, '/_kecs/health')).status, 200);
    // Freed: the periodic reload binds it.
    await new Promise((resolve) => squatter.close(resolve));
    await waitFor(async () => (await status())?.bound === true, 8_000);
    assert.equal((await send(taken, '/')).body, 'mine');
  });

  it('closes a listener port when its listener is deleted', async () => {
    const alb = await lab.loadBalancer('closing');
    const port = await freePort();
    const listener = await lab.listener(alb.arn, port, [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200', MessageBody: 'open' } }]);
    await waitFor(async () => (await send(port, '/')).body === 'open');
    await lab.elb.send(new DeleteListenerCommand({ ListenerArn: listener }));
    const took = await waitFor(async () => send(port, '/').then(() => false, (error: NodeJS.ErrnoException) => error.code === 'ECONNREFUSED'));
    assert.ok(took < 1_000, `port closed after ${took.toFixed(0)} ms`);
  });
});
