import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planPorts } from '../../../../gateway/traffic/dataplane/port-plan.js';
import { serveTable } from '../../../../gateway/traffic/dataplane/served-table.js';
import { dataPlaneStatus } from '../../../../gateway/traffic/dataplane/status.js';
import type { RouteTable } from '../../../../gateway/traffic/route-table/route-table.js';

const ARN = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/net/dns/0000000000000001';

const table: RouteTable = {
  version: '7',
  loadBalancers: [{
    arn: ARN,
    name: 'dns',
    type: 'network',
    dnsName: 'dns.elb.localhost',
    idleTimeoutSeconds: 350,
    listeners: [['TCP_UDP', 53], ['UDP', 54]].map(([protocol, port]) => ({
      arn: `${ARN.replace(':loadbalancer/', ':listener/')}/${port}`,
      loadBalancerArn: ARN,
      protocol: protocol as string,
      port: port as number,
      rules: [{ arn: `rule-${port}`, priority: 'default', conditions: [], actions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } }] }],
    })),
  }],
  targetGroups: {},
};

describe('data plane status', () => {
  const served = serveTable(table);
  const plan = planPorts(served.listeners);
  const listener = (status: ReturnType<typeof dataPlaneStatus>, port: number) => status.listeners.find((l) => l.port === port)!;

  it('reports a TCP_UDP listener bound only when both its TCP server and its UDP socket are', () => {
    const both = dataPlaneStatus(served, '127.0.0.1', plan, [
      { port: 53, kind: 'tcp', bound: true }, { port: 53, kind: 'udp', bound: true }, { port: 54, kind: 'udp', bound: true },
    ]);
    assert.deepEqual([listener(both, 53).bound, listener(both, 54).bound], [true, true]);
    assert.deepEqual(both.problems, []);

    const udpTaken = dataPlaneStatus(served, '127.0.0.1', plan, [
      { port: 53, kind: 'tcp', bound: true }, { port: 53, kind: 'udp', bound: false, error: 'port 53 on 127.0.0.1 is already in use by another process (UDP)' },
    ]);
    assert.equal(listener(udpTaken, 53).bound, false);
    assert.equal(listener(udpTaken, 53).error, 'port 53 on 127.0.0.1 is already in use by another process (UDP)');
    assert.equal(listener(udpTaken, 54).error, 'not opened yet');
    assert.equal(udpTaken.problems.length, 1);
    assert.match(udpTaken.problems[0], /listener\/net\/dns\/0000000000000001\/53 is not served on port 53: .*\(UDP\)$/);

    // A TCP server bound on 54 says nothing about the UDP listener on 54.
    const tcpOnly = dataPlaneStatus(served, '127.0.0.1', plan, [{ port: 53, kind: 'tcp', bound: true }, { port: 54, kind: 'tcp', bound: true }]);
    assert.deepEqual([listener(tcpOnly, 53).error, listener(tcpOnly, 54).error], ['not opened yet', 'not opened yet']);
  });
});
