import assert from 'node:assert/strict';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { CreateListenerCommand, CreateLoadBalancerCommand, DescribeTargetGroupsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { handler as healthCheck } from '../../../handlers/scheduled/HealthCheck.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';
import { freePort } from '../../support/server.js';
import { CHECKING, checkedGroup, FAILED, HEALTHY, healthOf, scheduledContext } from './health-fixtures.js';
import { httpTarget, tcpTarget, type HttpTarget } from './probe-targets.js';

const INTERVAL = 5000;

// NLB never health-checks over UDP: a UDP or TCP_UDP group is checked over TCP (NLB's default) or
// HTTP/HTTPS on the health-check port (CreateTargetGroup API reference, `HealthCheckProtocol`:
// "The GENEVE, TLS, UDP, and TCP_UDP protocols are not supported for health checks"). A service
// that answers only UDP on its traffic port therefore fails the default check, as on AWS.

describe('HealthCheck scheduled handler: UDP and TCP_UDP target groups', () => {
  let gw: TestGateway;
  let web: HttpTarget;
  let udpOnly: UdpSocket;
  let udpOnlyPort: number;
  const datagrams: string[] = [];

  before(async () => {
    gw = await startTestGateway();
    web = await httpTarget(200);
    udpOnlyPort = await freePort();
    udpOnly = createSocket('udp4');
    udpOnly.on('message', (data: Buffer) => datagrams.push(data.toString()));
    udpOnly.bind(udpOnlyPort, '127.0.0.1');
    await once(udpOnly, 'listening');
  });

  after(async () => {
    udpOnly.close();
    await web.stop();
    await gw.close();
  });

  /** A network load balancer with a `protocol` listener forwarding to the group: what makes its targets checked. */
  async function udpListener(protocol: 'UDP' | 'TCP_UDP', targetGroupArn: string): Promise<void> {
    const elb = gw.client();
    const { LoadBalancers: [lb] = [] } = await elb.send(new CreateLoadBalancerCommand({ Name: `hc-${protocol.toLowerCase().replace('_', '-')}`, Type: 'network', Subnets: ['subnet-1', 'subnet-2'] }));
    await elb.send(new CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn!, Protocol: protocol, Port: 53, DefaultActions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }] }));
  }

  it('checks a UDP group over TCP on the traffic port by default, and never sends it a datagram', async () => {
    const tcp = await tcpTarget((socket) => socket.end());
    try {
      const tg = await checkedGroup(gw, 'udp-default', [{ Id: '127.0.0.1', Port: tcp.port }, { Id: '127.0.0.1', Port: udpOnlyPort }], { Protocol: 'UDP', Port: 53, HealthCheckPath: undefined }, { inUse: false });
      await udpListener('UDP', tg);
      const { TargetGroups: [described] = [] } = await gw.client().send(new DescribeTargetGroupsCommand({ TargetGroupArns: [tg] }));
      assert.deepEqual([described.HealthCheckProtocol, described.HealthCheckPort], ['TCP', 'traffic-port']);

      const ctx = scheduledContext(gw);
      const key = { tcp: `127.0.0.1:${tcp.port}`, udp: `127.0.0.1:${udpOnlyPort}` };
      await healthCheck(ctx);
      assert.deepEqual(await healthOf(gw, tg), { [key.tcp]: HEALTHY, [key.udp]: CHECKING });
      gw.clock.advance(INTERVAL);
      await healthCheck(ctx);
      assert.deepEqual(await healthOf(gw, tg), { [key.tcp]: HEALTHY, [key.udp]: FAILED });
      assert.equal(tcp.connections, 2, 'one TCP connect per interval');
      assert.deepEqual(datagrams, [], 'no UDP probe');
    } finally {
      await tcp.close();
    }
  });

  it('checks a TCP_UDP group over HTTP on its health-check port when asked to', async () => {
    web.requests.length = 0;
    const tg = await checkedGroup(gw, 'dual-http', [{ Id: '127.0.0.1', Port: udpOnlyPort }], {
      Protocol: 'TCP_UDP', Port: 53, HealthCheckProtocol: 'HTTP', HealthCheckPort: String(web.port), HealthCheckPath: '/health',
    }, { inUse: false });
    await udpListener('TCP_UDP', tg);
    await healthCheck(scheduledContext(gw));
    assert.deepEqual(await healthOf(gw, tg), { [`127.0.0.1:${udpOnlyPort}`]: HEALTHY });
    assert.deepEqual(web.requests.map((r) => [r.host, r.path]), [[`127.0.0.1:${web.port}`, '/health']]);
    assert.deepEqual(datagrams, []);
  });
});
