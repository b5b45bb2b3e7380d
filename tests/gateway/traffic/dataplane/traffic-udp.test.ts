import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import {
  CreateListenerCommand,
  CreateTargetGroupCommand,
  DeleteListenerCommand,
  DescribeTargetHealthCommand,
  ModifyTargetGroupAttributesCommand,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { bumpRoutingVersion } from '../../../../gateway/database/routing-version.js';
import { freePort } from '../../../support/server.js';
import { parseExposition, total } from '../../../support/prometheus.js';
import { forward, startLab, type Lab, type LoadBalancer } from './lib/lab.js';
import { send, waitFor } from './lib/http.js';
import { exchange } from './lib/tcp-targets.js';
import { startUdpEcho, udpClient, type UdpClient, type UdpEchoTarget } from './lib/udp-targets.js';

// NLB UDP and TCP_UDP listeners served by the embedded data plane, end to end: the gateway in
// the test's process, real loopback UDP echo targets (each with a TCP twin on the same port, which
// NLB's default TCP health check of a UDP group connects to), real client sockets.

/** KECS_UDP_IDLE_TIMEOUT_SECONDS for this suite: AWS's 120 s would make the expiry test slow. */
const IDLE_SECONDS = 1;

/** The target that answered a datagram: the part of `<name>:<text>` before the colon. */
const nameOf = (answer: string) => answer.split(':')[0];

describe('NLB UDP and TCP_UDP listeners', () => {
  let lab: Lab;
  let nlb: LoadBalancer;
  const targets: UdpEchoTarget[] = [];
  const clients: UdpClient[] = [];
  const ports = { udp: 0, dual: 0, sticky: 0, empty: 0, self: 0 };
  const groups = { udp: '', dual: '', sticky: '' };

  async function client(address?: string): Promise<UdpClient> {
    const made = await udpClient(address);
    clients.push(made);
    return made;
  }

  async function group(name: string, protocol: 'UDP' | 'TCP_UDP', registered: readonly number[], attributes: Record<string, string> = {}): Promise<string> {
    const out = await lab.elb.send(new CreateTargetGroupCommand({ Name: name, Protocol: protocol, Port: 53, VpcId: nlb.vpcId, TargetType: 'ip' }));
    const arn = out.TargetGroups![0].TargetGroupArn!;
    if (Object.keys(attributes).length > 0) {
      await lab.elb.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: arn, Attributes: Object.entries(attributes).map(([Key, Value]) => ({ Key, Value })) }));
    }
    if (registered.length > 0) await lab.elb.send(new RegisterTargetsCommand({ TargetGroupArn: arn, Targets: registered.map((Port) => ({ Id: '127.0.0.1', Port })) }));
    return arn;
  }

  async function listener(port: number, protocol: 'UDP' | 'TCP_UDP', targetGroupArn: string): Promise<string> {
    const out = await lab.elb.send(new CreateListenerCommand({ LoadBalancerArn: nlb.arn, Protocol: protocol, Port: port, DefaultActions: forward(targetGroupArn) }));
    return out.Listeners![0].ListenerArn!;
  }

  type Status = { listeners: Array<{ port: number; protocol: string; bound: boolean; error?: string }> };
  const status = async () => JSON.parse((await send(lab.server.port, '/_kecs/dataplane')).body) as Status;

  async function healthy(targetGroupArn: string): Promise<boolean> {
    const { TargetHealthDescriptions = [] } = await lab.elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }));
    return TargetHealthDescriptions.every((d) => d.TargetHealth?.State === 'healthy');
  }

  async function setState(targetGroupArn: string, port: number, state: string): Promise<void> {
    await lab.database.db.transaction().execute(async (trx) => {
      await trx.updateTable('targets').set({ state }).where('target_group_arn', '=', targetGroupArn).where('port', '=', port).execute();
      await bumpRoutingVersion(trx);
    });
  }

  before(async () => {
    lab = await startLab({ KECS_UDP_IDLE_TIMEOUT_SECONDS: String(IDLE_SECONDS) });
    for (const name of ['u1', 'u2', 'u3']) targets.push(await startUdpEcho(name, { tcp: true }));
    const [u1, u2, u3] = targets.map((t) => t.port);
    nlb = await lab.loadBalancer('udp', 'network');
    groups.udp = await group('udp-echo', 'UDP', [u1, u2]);
    groups.dual = await group('dual-echo', 'TCP_UDP', [u1, u2]);
    groups.sticky = await group('sticky-echo', 'UDP', [u1, u2, u3], { 'stickiness.enabled': 'true', 'stickiness.type': 'source_ip' });
    const empty = await group('empty', 'UDP', []);
    for (const key of Object.keys(ports) as Array<keyof typeof ports>) ports[key] = await freePort();
    // A group whose target is the listener's own UDP port: each hop would open a flow for the next.
    const self = await group('self', 'UDP', [ports.self]);
    await listener(ports.udp, 'UDP', groups.udp);
    await listener(ports.dual, 'TCP_UDP', groups.dual);
    await listener(ports.sticky, 'UDP', groups.sticky);
    await listener(ports.empty, 'UDP', empty);
    await listener(ports.self, 'UDP', self);
    // The scheduler's first TCP health checks pass (one pass makes a new target healthy).
    await waitFor(async () => (await healthy(groups.udp)) && (await healthy(groups.dual)) && (await healthy(groups.sticky)), 10_000);
    const probe = await client();
    await waitFor(async () => (await probe.ask(ports.sticky, 'ready', 200)).startsWith('u'));
  });

  after(async () => {
    await lab?.close();
    await Promise.all([...clients, ...targets].map((t) => t.close()));
  });

  it('spreads clients round robin, each client address a flow kept on one target', async () => {
    const four = await Promise.all(Array.from({ length: 4 }, () => client()));
    const seen: string[][] = [];
    for (const c of four) {
      const names = [];
      for (let i = 0; i < 3; i++) names.push(nameOf(await c.ask(ports.udp, `q${i}`)));
      seen.push(names);
    }
    for (const names of seen) assert.equal(new Set(names).size, 1, `one client's datagrams on one target: ${names.join()}`);
    const firsts = seen.map((names) => names[0]);
    assert.deepEqual(new Set(firsts), new Set(['u1', 'u2']));
    assert.notEqual(firsts[0], firsts[1]);
    assert.notEqual(firsts[2], firsts[3]);
  });

  it('TCP_UDP: serves TCP and UDP on the same port number', async () => {
    const udpAnswer = await (await client()).ask(ports.dual, 'datagram');
    assert.match(udpAnswer, /^u[12]:datagram$/);
    assert.match(await exchange(ports.dual, 'stream'), /^u[12]:stream$/);
    const reported = (await status()).listeners.filter((l) => Object.values(ports).includes(l.port));
    assert.deepEqual(reported.map((l) => [l.protocol, l.bound, l.error]).sort(), [
      ['TCP_UDP', true, undefined], ['UDP', true, undefined], ['UDP', true, undefined], ['UDP', true, undefined], ['UDP', true, undefined],
    ]);
  });

  it('source_ip stickiness keeps every flow of a client address on one target', async () => {
    for (const address of ['127.0.0.1', '127.0.0.2', '127.0.0.3', '127.0.0.4']) {
      const names = new Set<string>();
      for (let i = 0; i < 3; i++) names.add(nameOf(await (await client(address)).ask(ports.sticky, `from ${address}`)));
      assert.equal(names.size, 1, `flows from ${address} went to ${[...names].join()}`);
    }
  });

  it('ends a flow idle for the idle timeout: the next datagram is a new flow', async () => {
    const scrape = async () => parseExposition(await (await fetch(`${lab.server.url}/metrics`)).text());
    const flows = { target_group: groups.udp.slice(groups.udp.lastIndexOf(':') + 1) };
    const c = await client();
    const sources = () => targets.flatMap((t) => t.received.filter((r) => r.text.startsWith('idle')).map((r) => r.from));
    await c.ask(ports.udp, 'idle-1');
    await c.ask(ports.udp, 'idle-2');
    const lastActivity = performance.now();
    assert.equal(new Set(sources()).size, 1, 'one flow, one upstream socket');
    assert.ok(total(await scrape(), 'kecs_lb_active_flow_count', flows) >= 1);
    // Every flow of this group is idle from here on: all of them end.
    await waitFor(async () => total(await scrape(), 'kecs_lb_active_flow_count', flows) === 0, IDLE_SECONDS * 1000 + 5_000);
    const idle = performance.now() - lastActivity;
    // Its timer last restarted when the reply passed the relay, a moment before the client had it.
    assert.ok(idle >= IDLE_SECONDS * 1000 - 100, `flows ended after ${idle.toFixed(0)} ms idle`);
    await c.ask(ports.udp, 'idle-3');
    assert.equal(new Set(sources()).size, 2, 'a new flow, from a new upstream socket');
  });

  it('gives an unhealthy target no new flows, and moves the flows it had', async () => {
    const [u1] = targets;
    const before = await Promise.all(Array.from({ length: 4 }, () => client()));
    const placed = await Promise.all(before.map(async (c) => ({ c, name: nameOf(await c.ask(ports.udp, 'before')) })));
    const onU1 = placed.filter((p) => p.name === 'u1');
    assert.ok(onU1.length > 0);
    await setState(groups.udp, u1.port, 'unhealthy');
    try {
      await waitFor(async () => {
        const fresh = await Promise.all(Array.from({ length: 4 }, async () => nameOf(await (await client()).ask(ports.udp, 'probe'))));
        return fresh.every((name) => name === 'u2');
      });
      const received = u1.received.length;
      for (let i = 0; i < 6; i++) assert.equal(nameOf(await (await client()).ask(ports.udp, `new${i}`)), 'u2');
      for (const { c } of onU1) assert.equal(nameOf(await c.ask(ports.udp, 'after')), 'u2', 'the flow moved off the unhealthy target');
      assert.equal(u1.received.length, received, 'no datagram reached the unhealthy target');
    } finally {
      await setState(groups.udp, u1.port, 'healthy');
    }
  });

  it('drops datagrams it cannot route: no target, or a target that is its own UDP port', async () => {
    const c = await client();
    await assert.rejects(c.ask(ports.empty, 'nobody', 300), /no answer/);
    await assert.rejects(c.ask(ports.self, 'loop', 300), /no answer/);
    const selfFlows = { load_balancer: nlb.arn.slice(nlb.arn.indexOf(':loadbalancer/') + ':loadbalancer/'.length) };
    const exposition = parseExposition(await (await fetch(`${lab.server.url}/metrics`)).text());
    // Only the flows the other tests opened: none for the looping listener.
    const newFlows = exposition.samples.filter((s) => s.name === 'kecs_lb_new_flow_count_total' && s.labels.load_balancer === selfFlows.load_balancer && s.labels.target_group.startsWith('targetgroup/self/'));
    assert.deepEqual(newFlows.map((s) => s.value).filter((v) => v > 0), []);
  });

  it('reports a UDP port it cannot bind, and binds it once it is free', async () => {
    const squatter = createSocket('udp4');
    squatter.bind(0, '127.0.0.1');
    await once(squatter, 'listening');
    const taken = squatter.address().port;
    await listener(taken, 'UDP', groups.udp);
    const reported = async () => (await status()).listeners.find((l) => l.port === taken);
    await waitFor(async () => (await reported())?.error !== undefined);
    assert.equal((await reported())?.bound, false);
    assert.equal((await reported())?.error, `port ${taken} on 127.0.0.1 is already in use by another process (UDP)`);
    await new Promise<void>((resolve) => squatter.close(() => resolve()));
    // Freed: the periodic reload binds it.
    await waitFor(async () => (await reported())?.bound === true, 8_000);
    assert.match(await (await client()).ask(taken, 'bound'), /^u[12]:bound$/);
  });

  it('closes a UDP port when its listener is deleted', async () => {
    const port = await freePort();
    const arn = await listener(port, 'UDP', groups.udp);
    const c = await client();
    await waitFor(async () => (await c.ask(port, 'open', 200)).startsWith('u'));
    await lab.elb.send(new DeleteListenerCommand({ ListenerArn: arn }));
    // A connected socket learns of a closed UDP port from the ICMP port unreachable it draws.
    const probe = createSocket('udp4');
    probe.connect(port, '127.0.0.1');
    await once(probe, 'connect');
    const refused = new Promise<void>((resolve) => probe.once('error', (error: NodeJS.ErrnoException) => { if (error.code === 'ECONNREFUSED') resolve(); }));
    let closed = false;
    void refused.then(() => { closed = true; });
    const took = await waitFor(async () => {
      probe.send('anyone?');
      await new Promise((resolve) => setTimeout(resolve, 20));
      return closed;
    });
    probe.close();
    assert.ok(took < 1_000, `port closed after ${took.toFixed(0)} ms`);
  });
});
