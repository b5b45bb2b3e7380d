import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { listenerForHost, planPorts } from '../../../../gateway/traffic/dataplane/port-plan.js';
import { serveTable } from '../../../../gateway/traffic/dataplane/served-table.js';
import type { RoutedLoadBalancer, RouteTable } from '../../../../gateway/traffic/route-table/route-table.js';

function lb(name: string, type: RoutedLoadBalancer['type'], listeners: Array<[string, number]>): RoutedLoadBalancer {
  const arn = `arn:lb/${name}`;
  return {
    arn,
    name,
    type,
    dnsName: `${name}.us-east-1.elb.localhost`,
    idleTimeoutSeconds: 60,
    listeners: listeners.map(([protocol, port]) => ({
      arn: `${arn}/${protocol}-${port}`,
      loadBalancerArn: arn,
      protocol,
      port,
      rules: [{ arn: `${arn}/${port}/default`, priority: 'default', conditions: [], actions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } }] }],
    })),
  };
}

const table = (...loadBalancers: RoutedLoadBalancer[]): RouteTable => ({ version: '1', loadBalancers, targetGroups: {} });

describe('port plan', () => {
  it('shares an HTTP port between ALBs by Host header; one ALB alone takes any Host', () => {
    const plan = planPorts(serveTable(table(lb('a', 'application', [['HTTP', 8080]]), lb('b', 'application', [['HTTP', 8080], ['HTTP', 9090]]))).listeners);
    const shared = plan.ports.get(8080)!;
    assert.equal(listenerForHost(shared, 'a.us-east-1.elb.localhost')?.loadBalancer.name, 'a');
    assert.equal(listenerForHost(shared, 'b.us-east-1.elb.localhost')?.loadBalancer.name, 'b');
    assert.equal(listenerForHost(shared, 'other.example.com'), undefined);
    assert.equal(listenerForHost(plan.ports.get(9090)!, 'other.example.com')?.loadBalancer.name, 'b');
  });

  it('serves ALBs on the gateway port through port 80, else the lowest HTTP port, else HTTPS', () => {
    const plan = planPorts(serveTable(table(
      lb('a', 'application', [['HTTP', 80], ['HTTP', 8080]]),
      lb('b', 'application', [['HTTP', 8000], ['HTTP', 9000]]),
      lb('c', 'application', [['HTTPS', 443]]),
      lb('n', 'network', [['TCP', 7000]]),
    )).listeners);
    assert.deepEqual([...plan.gatewayHosts].map(([host, l]) => [host.split('.')[0], l.port]), [['a', 80], ['b', 8000], ['c', 443]]);
  });

  it('reports what it cannot serve: conflicting ports and kinds, UDP', () => {
    const plan = planPorts(serveTable(table(
      lb('a', 'application', [['HTTP', 8080], ['HTTPS', 8443]]),
      lb('n', 'network', [['TCP', 8080], ['TCP', 7000], ['UDP', 5353], ['TLS', 8443]]),
      lb('m', 'network', [['TCP', 7000]]),
    )).listeners);
    const unserved = plan.placements.filter((p) => p.unserved).map((p) => `${p.listener.loadBalancer.name}:${p.listener.port}: ${p.unserved}`);
    assert.equal(unserved.length, 4);
    assert.match(unserved[0], /^n:8080: port 8080 is already served as HTTP for load balancer a/);
    assert.match(unserved[1], /^n:5353: UDP listeners/);
    assert.match(unserved[2], /^n:8443: port 8443 is already served as HTTPS for load balancer a/);
    assert.match(unserved[3], /^m:7000: port 7000 is already served as TCP for load balancer n/);
    assert.deepEqual([...plan.ports].map(([port, p]) => [port, p.kind]).sort(), [[7000, 'tcp'], [8080, 'http'], [8443, 'https']]);
  });

  it('serves HTTPS ports shared by Host like HTTP ones, and a TLS port for one listener', () => {
    const plan = planPorts(serveTable(table(
      lb('a', 'application', [['HTTPS', 443]]),
      lb('b', 'application', [['HTTPS', 443]]),
      lb('n', 'network', [['TLS', 9443]]),
      lb('m', 'network', [['TLS', 9443]]),
    )).listeners);
    assert.deepEqual(plan.ports.get(443)!.listeners.map((l) => l.loadBalancer.name), ['a', 'b']);
    assert.equal(plan.ports.get(9443)!.kind, 'tls');
    assert.deepEqual(plan.placements.filter((p) => p.unserved).map((p) => p.listener.loadBalancer.name), ['m']);
  });

  it('leaves out a rule it cannot compile and says why', () => {
    const routed = lb('a', 'application', [['HTTP', 80]]);
    routed.listeners[0].rules.unshift({ arn: 'bad-rule', priority: 1, conditions: [{ Field: 'source-ip', SourceIpConfig: { Values: ['nonsense/99'] } }], actions: [] });
    const served = serveTable(table(routed));
    assert.equal(served.listeners[0].rules.length, 1);
    assert.match(served.problems[0], /^rule bad-rule left out: /);
  });
});
