import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createSocket, type RemoteInfo } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Endpoint } from '../../../../gateway/traffic/dataplane/balancer.js';
import { UdpRelay, type FlowRoute } from '../../../../gateway/traffic/dataplane/udp-relay.js';
import { freePort } from '../../../support/server.js';
import { startUdpEcho, udpClient, type UdpClient, type UdpEchoTarget } from './lib/udp-targets.js';

// The relay alone, on a real loopback listener socket, against real UDP echo targets; `route`
// stands in for the data plane's target choice and records what the relay asks of it.

const endpoint = (port: number): Endpoint => ({ key: `127.0.0.1:${port}`, host: '127.0.0.1', port });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Harness {
  port: number;
  relay: UdpRelay;
  /** The client port of each flow opened, in order. */
  opened: number[];
  /** The client port of each flow ended, in order. */
  ended: number[];
  /** What `routable()` answers for flows to a target, by port; true unless set. */
  routable: Map<number, boolean>;
  close(): Promise<void>;
}

/** A listener socket whose relay routes new flows round robin over `targets`, or drops them if `targets()` is empty. */
async function harness(targets: () => number[], options: { idleTimeoutMs?: number; maxFlows?: number } = {}): Promise<Harness> {
  const socket = createSocket('udp4');
  const opened: number[] = [];
  const ended: number[] = [];
  const routable = new Map<number, boolean>();
  let next = 0;
  const relay = new UdpRelay({
    route(client: RemoteInfo): FlowRoute | undefined {
      const ports = targets();
      if (ports.length === 0) return undefined;
      const target = ports[next++ % ports.length];
      opened.push(client.port);
      return { endpoint: endpoint(target), routable: () => routable.get(target) ?? true, end: () => ended.push(client.port) };
    },
    reply: (data, client) => socket.send(data, client.port, client.address),
    idleTimeoutMs: options.idleTimeoutMs ?? 10_000,
    maxFlows: options.maxFlows ?? 100,
  });
  socket.on('message', (data, client) => relay.receive(data, client));
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  return {
    port: (socket.address() as AddressInfo).port,
    relay,
    opened,
    ended,
    routable,
    close: async () => {
      relay.closeAll();
      await new Promise<void>((resolve) => socket.close(() => resolve()));
    },
  };
}

describe('UDP relay', () => {
  const targets: UdpEchoTarget[] = [];
  const clients: UdpClient[] = [];
  const client = async () => {
    const made = await udpClient();
    clients.push(made);
    return made;
  };

  before(async () => {
    targets.push(await startUdpEcho('a'), await startUdpEcho('b'));
  });

  after(async () => {
    await Promise.all([...clients, ...targets].map((t) => t.close()));
  });

  it('gives each client address a flow of its own, kept on one target, with replies back to that client', async () => {
    const h = await harness(() => targets.map((t) => t.port));
    const [one, two] = [await client(), await client()];
    assert.equal(await one.ask(h.port, 'x1'), 'a:x1');
    assert.equal(await two.ask(h.port, 'y1'), 'b:y1');
    assert.equal(await one.ask(h.port, 'x2'), 'a:x2');
    assert.equal(await two.ask(h.port, 'y2'), 'b:y2');
    assert.deepEqual(h.opened, [one.port, two.port]);
    assert.equal(h.relay.size, 2);
    // The target sees the flow's own socket, one per client, never the client itself.
    const fromA = new Set(targets[0].received.filter((r) => r.text.startsWith('x')).map((r) => r.from));
    assert.equal(fromA.size, 1);
    assert.ok(!fromA.has(`127.0.0.1:${one.port}`));
    await h.close();
    assert.deepEqual(h.ended.sort(), [one.port, two.port].sort());
    assert.equal(h.relay.size, 0);
  });

  it('delivers, in order, the datagrams a new flow receives while its socket connects', async () => {
    const h = await harness(() => [targets[0].port]);
    const c = await client();
    const answers: string[] = [];
    c.socket.on('message', (data: Buffer) => answers.push(data.toString()));
    for (let i = 0; i < 5; i++) c.socket.send(`burst${i}`, h.port, '127.0.0.1');
    const deadline = Date.now() + 2_000;
    while (answers.length < 5 && Date.now() < deadline) await sleep(10);
    assert.deepEqual(answers, ['a:burst0', 'a:burst1', 'a:burst2', 'a:burst3', 'a:burst4']);
    assert.equal(h.opened.length, 1);
    await h.close();
  });

  it('ends a flow idle for the idle timeout, not one in use; the next datagram opens a new one', async () => {
    const h = await harness(() => [targets[0].port], { idleTimeoutMs: 1_000 });
    const c = await client();
    // Kept open by a datagram (and its reply) every ~200 ms, well past the timeout.
    for (let i = 0; i < 8; i++) {
      assert.equal(await c.ask(h.port, `keep${i}`), `a:keep${i}`);
      await sleep(200);
    }
    assert.deepEqual(h.opened, [c.port]);
    assert.deepEqual(h.ended, []);
    await sleep(1_500);
    assert.deepEqual(h.ended, [c.port], 'the idle flow ended');
    assert.equal(h.relay.size, 0);
    assert.equal(await c.ask(h.port, 'again'), 'a:again');
    assert.deepEqual(h.opened, [c.port, c.port], 'a new flow for the same client');
    await h.close();
  });

  it('drops datagrams that would open a flow beyond the cap, or that have no route', async () => {
    let ports = () => [targets[0].port];
    const h = await harness(() => ports(), { maxFlows: 2 });
    const [one, two, three] = [await client(), await client(), await client()];
    await one.ask(h.port, '1');
    await two.ask(h.port, '2');
    await assert.rejects(three.ask(h.port, '3', 300), /no answer/);
    assert.deepEqual(h.opened, [one.port, two.port]);
    // The open flows still work at the cap.
    assert.equal(await one.ask(h.port, '1b'), 'a:1b');
    await h.close();

    ports = () => [];
    const none = await harness(() => ports());
    await assert.rejects(three.ask(none.port, 'nowhere', 300), /no answer/);
    assert.equal(none.relay.size, 0);
    await none.close();
  });

  it('moves a flow whose target is no longer routable, ending the old flow once', async () => {
    const h = await harness(() => targets.map((t) => t.port));
    const c = await client();
    assert.equal(await c.ask(h.port, 'first'), 'a:first');
    h.routable.set(targets[0].port, false);
    assert.equal(await c.ask(h.port, 'second'), 'b:second');
    assert.deepEqual(h.ended, [c.port]);
    assert.equal(h.relay.size, 1);
    await h.close();
    assert.deepEqual(h.ended, [c.port, c.port]);
  });

  it('ends a flow whose target refuses (ICMP port unreachable); the next datagram is routed afresh', async () => {
    const closed = await freePort();
    const h = await harness(() => [closed, targets[1].port]);
    const c = await client();
    await assert.rejects(c.ask(h.port, 'lost', 300), /no answer/);
    const deadline = Date.now() + 2_000;
    while (h.ended.length === 0 && Date.now() < deadline) await sleep(10);
    assert.deepEqual(h.ended, [c.port]);
    assert.equal(await c.ask(h.port, 'retry'), 'b:retry');
    await h.close();
  });

  it('ends at once a flow whose target cannot be connected to at all, and stays up', async () => {
    const h = await harness(() => [0]);
    const c = await client();
    await assert.rejects(c.ask(h.port, 'port zero', 300), /no answer/);
    assert.deepEqual(h.ended, [c.port]);
    assert.equal(h.relay.size, 0);
    await h.close();
  });
});
